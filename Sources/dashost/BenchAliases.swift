/// The named bench configurations over the built-in plugins (docs/benchmark.md). They live with the
/// CLI, which ships with the built-in registry, not in the core library, which knows no plugin names.
enum BenchAliases {
    /// Alias -> the `key=value+...` settings it stands for.
    static let builtIn: [String: String] = [
        // The paper's stated configuration as its release runs it: own policy, random forest,
        // lambda = 1, the classifier normalised on its own (in-sample) training predictions.
        "paper": "classifier=random_forest+fusion=minmax_sum+lambda=1+reference=insample",
        // The baseline policies (paper appendix 6.13.1).
        "gaussian": "policy=gaussian_noise_policy",
        "uniform": "policy=uniform_policy",
        "smote": "policy=smote_policy",
    ]
}
