import Foundation

/// The prompts of the LLM step, built from plain-text templates (`prompts/` at the checkout top, or the
/// folder of `--prompt-dir`; prompts/README.md lists the files and placeholders).
///
/// Every prompt is a function of (detector name, the plugin's algorithm description, the LLM's summary
/// of it, language, variant, hardness) only. Nothing about any data set (no rows, statistics, column
/// names or file names) ever enters a prompt: the LLM reads a description of the detector, never data,
/// which is what lets one generated policy serve every data set and keeps the data private.
public struct PromptLibrary: Sendable {
    /// The name of the shipped template folder at the top of the checkout.
    public static let defaultFolderName = "prompts"

    /// The shipped template folder: the first `prompts/` holding a `code.md` (or `.txt`) above the
    /// executable (`ShippedFiles`), or nil.
    public static func shippedFolder(executableFolder: String? = PluginSearchPath.executableFolder()) -> String? {
        for ext in extensions {
            if let code = ShippedFiles.path(defaultFolderName + "/code." + ext, executableFolder: executableFolder) {
                return (code as NSString).deletingLastPathComponent
            }
        }
        return nil
    }

    /// The folder the templates were read from.
    public let folder: String

    /// The templates by name without extension (`parts/objective-standard`).
    private let templates: [String: PromptTemplate]

    /// Template files may end in `.md` or `.txt`; `.md` wins when both exist.
    private static let extensions = ["md", "txt"]

    /// The placeholders every template may use, whatever the step.
    private static let common: Set<String> = ["detector", "language", "fence", "score_call", "hardness_level"]

    /// Every template, with the placeholders it may use beyond `common` (checked when loading, so an
    /// edited folder fails at once rather than at the first request).
    private static let catalogue: [String: Set<String>] = {
        var c: [String: Set<String>] = [
            "system": [],
            "describe": ["algorithm_description"],
            "code": ["context", "description", "objective", "interface", "requirements", "hardness", "answer_format"],
            "repair": ["message"],
            "parts/context-detector": [], "parts/context-generic": [], "parts/context-simple": [],
            "parts/description": ["description"],
            "parts/interface-c": ["model_access"], "parts/interface-python": ["model_access"],
            "parts/model-c": [], "parts/model-python": [], "parts/model-none": [],
            "parts/answer-format": [],
        ]
        for v in PromptVariant.allCases {
            c["parts/objective-\(v.rawValue)"] = []
            c["parts/requirements-\(v.rawValue)"] = []
        }
        for h in PolicyHardness.allCases { c["parts/hardness-\(h.rawValue)"] = [] }
        return c
    }()

    /// Reads and checks every template of `folder` (the shipped one or `--prompt-dir`). Throws a
    /// `PromptError` naming the first missing file, or a file using an unknown placeholder.
    public init(folder: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw PromptError("prompt folder \(folder) does not exist")
        }
        var loaded: [String: PromptTemplate] = [:]
        for name in Self.catalogue.keys.sorted() {
            guard let ext = Self.extensions.first(where: {
                FileManager.default.fileExists(atPath: folder + "/" + name + "." + $0)
            }) else {
                throw PromptError("prompt folder \(folder): missing template \(name).md (or \(name).txt)")
            }
            let path = folder + "/" + name + "." + ext
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw PromptError("prompt template \(path): cannot be read: \(error.localizedDescription)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw PromptError("prompt template \(path): not UTF-8 text")
            }
            // Templates may have been saved on Windows; the prompts are sent with \n line ends.
            let template = PromptTemplate(file: path, text: text.replacingOccurrences(of: "\r\n", with: "\n"))
            try template.check(known: Self.common.union(Self.catalogue[name]!))
            loaded[name] = template
        }
        self.folder = folder
        self.templates = loaded
    }

    /// The description step (Eq. 2): ask the LLM to summarise the algorithm and its main steps from its
    /// name and the plugin's own algorithm description (`dashost describe`).
    public func descriptionPrompt(detector: String, algorithmDescription: String) throws -> String {
        try render("describe", values(detector: detector, language: nil, hardness: nil)
            .merging(["algorithm_description": algorithmDescription.trimmingCharacters(in: .whitespacesAndNewlines)]) { $1 })
    }

    /// The code prompt (Eq. 1) = description + objective + requirements; `description` is the LLM's
    /// summary (nil for the generic variant, which never includes one; required by every other variant).
    /// The variant picks the context, objective, requirements and model-access parts; the language
    /// picks the interface; the hardness picks the hardness part.
    public func codePrompt(detector: String, description: String?, language: PolicyLanguage,
                           variant: PromptVariant, hardness: PolicyHardness) throws -> String {
        let base = values(detector: detector, language: language, hardness: hardness)
        var descriptionPart = ""
        if variant.usesDescription {
            guard let description, !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw PromptError("the \(variant.rawValue) code prompt needs the detector's description (the answer of the description step); only the generic variant goes without")
            }
            descriptionPart = try render("parts/description", base.merging(
                ["description": description.trimmingCharacters(in: .whitespacesAndNewlines)]) { $1 })
        }
        let context: String
        switch variant {
        case .generic: context = "parts/context-generic"
        case .simple: context = "parts/context-simple"
        case .standard, .random, .multi: context = "parts/context-detector"
        }
        let modelAccess = try render(variant.usesScoreCallback ? "parts/model-\(language.rawValue)" : "parts/model-none", base)
        let parts: [String: String] = [
            "context": try render(context, base),
            "description": descriptionPart,
            "objective": try render("parts/objective-\(variant.rawValue)", base),
            "interface": try render("parts/interface-\(language.rawValue)", base.merging(["model_access": modelAccess]) { $1 }),
            "requirements": try render("parts/requirements-\(variant.rawValue)", base),
            "hardness": try render("parts/hardness-\(hardness.rawValue)", base),
            "answer_format": try render("parts/answer-format", base),
        ]
        return Self.tidy(try render("code", base.merging(parts) { $1 }))
    }

    /// The repair prompt: the previous reply failed with `message` (compiler error or failed vetting
    /// check, verbatim); sent after the conversation so far.
    public func repairPrompt(message: String, language: PolicyLanguage) throws -> String {
        try render("repair", values(detector: nil, language: language, hardness: nil)
            .merging(["message": message.trimmingCharacters(in: .whitespacesAndNewlines)]) { $1 })
    }

    /// The system message sent with every request.
    public func systemPrompt() throws -> String {
        try render("system", values(detector: nil, language: nil, hardness: nil))
    }

    /// The common placeholder values. A step that has no value for one (the system message has no
    /// detector) gets "" rather than an error, so a template shared between steps stays valid.
    private func values(detector: String?, language: PolicyLanguage?, hardness: PolicyHardness?) -> [String: String] {
        [
            "detector": detector ?? "",
            "language": language?.displayName ?? "",
            "fence": language?.fenceTag ?? "",
            "score_call": language?.scoreCall ?? "",
            "hardness_level": hardness.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() } ?? "",
        ]
    }

    private func render(_ name: String, _ values: [String: String]) throws -> String {
        guard let template = templates[name] else { throw PromptError("prompt folder \(folder): no template \(name)") }
        return Self.tidy(try template.render(values))
    }

    /// Trims the text and collapses runs of blank lines left by empty parts (the generic variant's
    /// description) into one blank line.
    private static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                blank += 1
                if blank > 1 { continue }
                lines.append("")
            } else {
                blank = 0
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
