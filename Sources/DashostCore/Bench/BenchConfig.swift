/// A benchmark configuration: how the standard graph is changed from the registry's defaults.
///
/// Grammar: a name, or `key=value` settings joined by `+`:
/// - `base`: the detector alone.
/// - `enhanced`: the registry's pairing: own policy, default classifier and fusion, held-out reference.
/// - `cross:DETECTOR`: another detector's own policy, the one its library names (paper Table 2).
/// - `generated:DIR`: the policy paired with the detector in the policy folder DIR (what
///   `dashost policy generate --into DIR` wrote; its `registry.json` must be merged into the registry,
///   which `dashost bench` does), so one folder per model or prompt variant reruns Table 1 and the ablations.
/// - `policy=NAME`, `classifier=NAME`, `fusion=NAME`, `lambda=X`, `reference=heldout|insample`,
///   `ratio=X`: single settings, combinable, e.g. `policy=smote_policy+classifier=svm`.
/// - an alias the caller defines (the CLI's `paper`, `gaussian`, ...: names of plugins belong to
///   whoever ships them, not to this library), expanded to its settings.
public struct BenchConfig: Equatable, Sendable {
    /// The name as given (the `config` column of runs.csv).
    public let name: String
    /// Whether the configuration enhances the detector at all.
    public let enhance: Bool
    /// Settings applied to the standard graph.
    public private(set) var policy: String?, classifier: String?, fusion: String?, lambda: Double?
    public private(set) var reference: String?, ratio: Double?
    /// A detector whose registered policy to use (`cross:`).
    public private(set) var policyOf: String?
    /// A policy folder whose pairing to use (`generated:`).
    public private(set) var generatedFolder: String?

    /// Parses a configuration name; a part found in `aliases` stands for its settings.
    public init(_ name: String, aliases: [String: String] = [:]) throws {
        self.name = name
        guard name != "base" else {
            enhance = false
            return
        }
        enhance = true
        let parts = name.split(separator: "+").flatMap { part in
            (aliases[String(part)] ?? String(part)).split(separator: "+").map(String.init)
        }
        for part in parts {
            switch part {
            case "enhanced": break
            default:
                if part.hasPrefix("cross:") {
                    policyOf = String(part.dropFirst(6))
                    continue
                }
                if part.hasPrefix("generated:") {
                    generatedFolder = String(part.dropFirst(10))
                    guard !generatedFolder!.isEmpty else { throw BenchError("generated: needs a folder in '\(name)'") }
                    continue
                }
                let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { throw BenchError("unknown configuration '\(part)' in '\(name)'") }
                switch kv[0] {
                case "policy": policy = kv[1]
                case "classifier": classifier = kv[1]
                case "fusion": fusion = kv[1]
                case "reference":
                    guard ["heldout", "insample"].contains(kv[1]) else { throw BenchError("reference must be heldout or insample in '\(name)'") }
                    reference = kv[1]
                case "lambda", "ratio":
                    guard let x = Double(kv[1]), x.isFinite, x >= 0 else { throw BenchError("\(kv[0]) must be a number >= 0 in '\(name)'") }
                    if kv[0] == "lambda" { lambda = x } else { ratio = x }
                default: throw BenchError("unknown setting '\(kv[0])' in configuration '\(name)'")
                }
            }
        }
    }

    /// The standard graph for `detector` on `data` under this configuration.
    public func pipeline(detector: String, data: String, seed: UInt64, registry: Registry) throws -> StandardPipeline {
        var p = StandardPipeline(detector: detector, data: data)
        p.seed = seed
        p.enhance = enhance
        guard enhance else { return p }
        if let policyOf {
            // The other detector's own policy, as its library names it (a registry may enhance that
            // detector with a generic policy instead; Table 2 compares detector-specific policies).
            let other = try registry.entry(policyOf, kind: .detector)
            p.policy = try other.plugin.defaultPolicy ?? registry.policy(forDetector: policyOf)
        }
        if let generatedFolder { p.policy = try Self.pairedPolicy(in: generatedFolder, detector: detector) }
        if let policy { p.policy = policy }
        p.classifier = classifier
        p.fusion = fusion
        if let lambda { p.params["fusion"] = "{\"weights\": {\"classifier\": \(lambda)}}" }
        p.classifierReference = reference
        if let ratio { p.ratio = ratio }
        return p
    }
}

extension BenchConfig {
    /// The registry fragment of a `generated:` folder.
    public static func generatedRegistry(_ folder: String) -> String { folder + "/" + UserDataHome.registryName }

    /// The policy the folder's registry fragment pairs with `detector`.
    static func pairedPolicy(in folder: String, detector: String) throws -> String {
        let file = generatedRegistry(folder)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw BenchError("generated:\(folder): no policy folder there (\(file) not found; write one with dashost policy generate --into \(folder))")
        }
        guard let document = try JSONDocument.parse(text, source: file) as? [String: Any],
              let pairing = (document["plugins"] as? [String: Any])?[detector] as? [String: Any],
              let policy = pairing["policy"] as? String else {
            throw BenchError("generated:\(folder): \(file) pairs no policy with detector '\(detector)' (generate one with dashost policy generate --detector \(detector) --into \(folder))")
        }
        return policy
    }
}

/// A benchmark setup error (bad configuration, data folder, or a runs.csv from another setup).
public struct BenchError: Error, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}
