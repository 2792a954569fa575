import DashostCore
import Foundation
import XCTest

/// The shipped templates in prompts/ and `PromptLibrary`'s rendering, variants and errors.
final class PromptLibraryTests: XCTestCase {
    private let shipped = HostFixtures.packageRoot + "/prompts"
    private let summary = "IForest isolates points with random axis-parallel splits; SUMMARY-MARKER."

    private func library() throws -> PromptLibrary { try PromptLibrary(folder: shipped) }

    private func code(_ variant: PromptVariant, _ language: PolicyLanguage = .c, _ hardness: PolicyHardness = .high) throws -> String {
        try library().codePrompt(detector: "IForest", description: variant == .generic ? nil : summary,
                                 language: language, variant: variant, hardness: hardness)
    }

    private func promptError(_ body: () throws -> Any) -> String {
        do { _ = try body() } catch let error as PromptError { return error.description } catch { return "not a PromptError: \(error)" }
        XCTFail("expected a PromptError")
        return ""
    }

    /// A copy of the shipped folder to edit.
    private func copyOfShipped() throws -> String {
        let dir = try HostFixtures.temporaryDirectory() + "/prompts"
        try FileManager.default.copyItem(atPath: shipped, toPath: dir)
        return dir
    }

    func testEveryVariantLanguageAndHardnessRenders() throws {
        for variant in PromptVariant.allCases {
            for language in PolicyLanguage.allCases {
                for hardness in PolicyHardness.allCases {
                    let prompt = try code(variant, language, hardness)
                    let what = "\(variant) \(language) \(hardness)"
                    XCTAssertFalse(prompt.contains("{{"), what)
                    XCTAssertFalse(prompt.contains("}}"), what)
                    XCTAssertFalse(prompt.contains("\n\n\n"), what)
                    XCTAssertTrue(prompt.contains("generate_hard_anomalies"), what)
                    XCTAssertTrue(prompt.contains("```\(language.fenceTag)"), what)
                    XCTAssertEqual(prompt.contains("IForest"), variant != .generic, what)
                    XCTAssertEqual(prompt.contains("SUMMARY-MARKER"), variant != .generic, what)
                    switch language {
                    case .c:
                        for needle in ["#include \"dashost_plugin.h\"", "dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples,",
                                       "dashost_matrix", "dashost_score_callback", "DASHOST_ERR_CALLBACK", "dashost_error_set",
                                       "random_uniform", "random_normal", "random_below", "random_permutation",
                                       "quantile", "column_stats", "nearest_rows", "cc -shared -fPIC -O2", "No global or static variables"] {
                            XCTAssertTrue(prompt.contains(needle), "\(what): \(needle)")
                        }
                        XCTAssertFalse(prompt.contains("NumPy, scikit-learn"), what)
                    case .python:
                        XCTAssertTrue(prompt.contains("def generate_hard_anomalies(n_samples, model, X_train):"), what)
                        XCTAssertTrue(prompt.contains("NumPy, scikit-learn and SciPy"), what)
                        XCTAssertTrue(prompt.contains("the host seeds both before the call"), what)
                        XCTAssertFalse(prompt.contains("dashost_plugin.h"), what)
                    }
                }
            }
        }
    }

    func testStandardStatesTheRequirements() throws {
        let prompt = try code(.standard)
        for needle in ["blind spot", "Seed from every region", "axis-parallel random forest", "micro-clusters",
                       "detector's own units", "borderline", "specifically designed for IForest", "three parts"] {
            XCTAssertTrue(prompt.contains(needle), needle)
        }
        XCTAssertTrue(prompt.contains("model.score(model.context, X, scores, err)"))
        XCTAssertTrue(try code(.standard, .python).contains("`model.predict_score(X)`"))
    }

    func testGenericHasNoDetectorDescription() throws {
        let library = try library()
        let prompt = try library.codePrompt(detector: "IForest", description: summary, language: .python, variant: .generic, hardness: .high)
        XCTAssertFalse(prompt.contains("SUMMARY-MARKER"), "generic ignores a description even when given one")
        XCTAssertFalse(prompt.contains("IForest"))
        XCTAssertFalse(prompt.contains("The description of"))
        XCTAssertTrue(prompt.contains("general-purpose"))
        XCTAssertTrue(prompt.contains("model.predict_score(X)"), "generic keeps the score callback")
    }

    func testVariantsOtherThanGenericNeedTheDescription() throws {
        let library = try library()
        for variant in PromptVariant.allCases where variant != .generic {
            XCTAssertTrue(promptError { try library.codePrompt(detector: "PCA", description: nil, language: .c, variant: variant, hardness: .high) }
                .contains("needs the detector's description"))
        }
    }

    func testSimpleSaysNotToCallTheModel() throws {
        for language in PolicyLanguage.allCases {
            let prompt = try code(.simple, language)
            XCTAssertTrue(prompt.contains("Do not call the model"), "\(language)")
            XCTAssertTrue(prompt.contains("must not use it"), "\(language)")
            XCTAssertFalse(prompt.contains("Score rows with the detector through the callback"), "\(language)")
            XCTAssertFalse(prompt.contains("It is the only way to touch the model"), "\(language)")
            XCTAssertFalse(prompt.contains("as low a score as possible"), "\(language)")
        }
    }

    func testRandomSaysRandomSeeds() throws {
        let prompt = try code(.random)
        XCTAssertTrue(prompt.contains("Use random seeds"))
        XCTAssertTrue(prompt.contains("randomly selected normal training samples"))
        XCTAssertFalse(prompt.contains("Seed from every region"))
    }

    func testMultiAsksForSeveralWeaknesses() throws {
        let prompt = try code(.multi)
        XCTAssertTrue(prompt.contains("multiple distinct logical weaknesses of IForest"))
        XCTAssertTrue(prompt.contains("mixture"))
    }

    func testHardnessWords() throws {
        XCTAssertTrue(try code(.standard, .c, .high).contains("Hardness level: High. Generate anomalies that are close to the normal-data manifold"))
        XCTAssertTrue(try code(.standard, .c, .medium).contains("Hardness level: Medium. Generate anomalies that are moderately separated from the normal data"))
        XCTAssertTrue(try code(.standard, .c, .low).contains("Hardness level: Low. Generate anomalies that lie further away from the normal data"))
        XCTAssertFalse(try code(.standard, .c, .low).contains("Hardness level: High"))
    }

    func testDescriptionRepairAndSystemPrompts() throws {
        let library = try library()
        let describe = try library.descriptionPrompt(detector: "LOF", algorithmDescription: "Local outlier factor: DESC-MARKER.\n")
        XCTAssertTrue(describe.contains("I will provide you the <LOF>"))
        XCTAssertTrue(describe.contains("Local outlier factor: DESC-MARKER."))
        XCTAssertTrue(describe.contains("The main steps of LOF for anomaly detection are:"))
        let repair = try library.repairPrompt(message: "policy.c:3:1: error: unknown type name 'foo'", language: .c)
        XCTAssertTrue(repair.contains("policy.c:3:1: error: unknown type name 'foo'"))
        XCTAssertTrue(repair.contains("```c code block"))
        XCTAssertTrue(try library.repairPrompt(message: "x", language: .python).contains("```python"))
        XCTAssertTrue(try library.systemPrompt().contains("expert in anomaly detection"))
        for text in [describe, repair, try library.systemPrompt()] { XCTAssertFalse(text.contains("{{")) }
    }

    func testValuesAreInsertedVerbatim() throws {
        // A description or compiler message that contains braces must not be read as a placeholder.
        let library = try library()
        let prompt = try library.codePrompt(detector: "IForest", description: "uses {{weird}} braces", language: .c, variant: .standard, hardness: .high)
        XCTAssertTrue(prompt.contains("uses {{weird}} braces"))
        XCTAssertTrue(try library.repairPrompt(message: "int a[] = {{0}};", language: .c).contains("int a[] = {{0}};"))
    }

    func testMissingTemplateIsNamed() throws {
        let dir = try copyOfShipped()
        try FileManager.default.removeItem(atPath: dir + "/parts/objective-multi.md")
        XCTAssertEqual(promptError { try PromptLibrary(folder: dir) },
                       "prompt folder \(dir): missing template parts/objective-multi.md (or parts/objective-multi.txt)")
        XCTAssertEqual(promptError { try PromptLibrary(folder: dir + "/nowhere") }, "prompt folder \(dir)/nowhere does not exist")
    }

    func testUnknownPlaceholderIsNamed() throws {
        let dir = try copyOfShipped()
        try "Use the rows of {{dataset_rows}} here.".write(toFile: dir + "/parts/hardness-low.md", atomically: true, encoding: .utf8)
        let message = promptError { try PromptLibrary(folder: dir) }
        XCTAssertTrue(message.hasPrefix("prompt template \(dir)/parts/hardness-low.md: unknown placeholder {{dataset_rows}}"), message)
        XCTAssertTrue(message.contains("{{detector}}"), "the message lists what may be used: \(message)")
        try "broken {{detector".write(toFile: dir + "/parts/hardness-low.md", atomically: true, encoding: .utf8)
        XCTAssertEqual(promptError { try PromptLibrary(folder: dir) }, "prompt template \(dir)/parts/hardness-low.md: unclosed '{{'")
    }

    func testPromptDirOverride() throws {
        let dir = try copyOfShipped()
        try "Custom system for {{language}}.".write(toFile: dir + "/system.md", atomically: true, encoding: .utf8)
        // A .txt template stands in for the .md one.
        try FileManager.default.removeItem(atPath: dir + "/parts/hardness-high.md")
        try "CUSTOM HARDNESS {{hardness_level}} for {{detector}}\r\n".write(toFile: dir + "/parts/hardness-high.txt", atomically: true, encoding: .utf8)
        let library = try PromptLibrary(folder: dir)
        XCTAssertEqual(library.folder, dir)
        XCTAssertEqual(try library.systemPrompt(), "Custom system for .")
        let prompt = try library.codePrompt(detector: "KNN", description: summary, language: .python, variant: .standard, hardness: .high)
        XCTAssertTrue(prompt.contains("CUSTOM HARDNESS High for KNN"))
        XCTAssertFalse(prompt.contains("\r"))
        XCTAssertFalse(try PromptLibrary(folder: shipped).systemPrompt().contains("Custom"))
    }

    func testShippedFolderIsFoundAboveTheExecutable() throws {
        XCTAssertEqual(PromptLibrary.shippedFolder(executableFolder: HostFixtures.packageRoot + "/.build/x86_64-unknown-linux-gnu/release"),
                       shipped)
        XCTAssertNil(PromptLibrary.shippedFolder(executableFolder: "/proc/self"))
        XCTAssertNil(PromptLibrary.shippedFolder(executableFolder: nil))
        XCTAssertEqual(PromptLibrary.defaultFolderName, "prompts")
    }

    func testTheReadmeNamesEveryTemplate() throws {
        let readme = try String(contentsOfFile: shipped + "/README.md", encoding: .utf8)
        let parts = try FileManager.default.contentsOfDirectory(atPath: shipped + "/parts")
        for file in parts + ["system.md", "describe.md", "code.md", "repair.md"] {
            let stem = file.replacingOccurrences(of: ".md", with: "")
            let family = stem.split(separator: "-").first.map(String.init) ?? stem
            XCTAssertTrue(readme.contains(stem) || readme.contains(family + "-"), "prompts/README.md does not mention \(file)")
        }
    }
}
