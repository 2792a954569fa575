// swift-tools-version: 6.0
//
// dashost: the host (loader, registry, pipeline graph, runtime, CLI) and the built-in plugins.
// The host links none of the plugins: they are dynamic library products (a detector and its policy
// share one), loaded at run time through the C ABI in plugin-sdk/include/dashost_plugin.h. The SDK
// (that header and DashostPluginKit) is the package in plugin-sdk/.
import PackageDescription

/// C libraries: Debian's, wrapped as system-library modules (installed by scripts/install-deps), and the
/// vendored libsvm.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CZlib", path: "Sources/System/CZlib"),
    .systemLibrary(name: "CMatio", path: "Sources/System/CMatio"),
    // libsvm 3.37, vendored with a dense-kernel patch (ThirdParty/libsvm/README.md).
    .target(name: "CSVM", path: "ThirdParty/libsvm", exclude: ["COPYRIGHT", "README.md", "dashost.patch"],
            sources: ["svm.cpp"], publicHeadersPath: "include",
            // glibc's vector math library: the batched exp of the RBF kernel columns (svm.cpp).
            linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),
    .systemLibrary(name: "COpenBLAS", path: "Sources/System/COpenBLAS"),
    // OpenSSL's libcrypto: SHA-256 of plugin libraries pinned in a registry.
    .systemLibrary(name: "CCrypto", path: "Sources/System/CCrypto"),
    // Process isolation: spawning plugin servers, and the sandbox (Landlock, libseccomp, rlimits).
    .target(name: "CIsolation", path: "Sources/CIsolation", publicHeadersPath: "include",
            linkerSettings: [.linkedLibrary("seccomp")]),
]

/// A built-in plugin library: a Swift target under Plugins/ (one file per plugin, plus the `Library.swift`
/// that exports them) and the `lib<product>.so` it becomes.
struct BuiltInPlugin {
    let product: String
    let target: String
    let folder: String
    /// Besides DashostPluginKit: the estimators, for every library but the Python bridge.
    var dependencies: [Target.Dependency] = ["DashostEstimators"]
}

let builtInPlugins: [BuiltInPlugin] = [
    // A detector and its detector-aware synthesis policy
    BuiltInPlugin(product: "dashost_iforest", target: "IForestLibrary", folder: "IForest"),       // iforest, iforest_policy
    BuiltInPlugin(product: "dashost_pca", target: "PCALibrary", folder: "PCA"),                   // pca, pca_policy
    BuiltInPlugin(product: "dashost_ocsvm", target: "OCSVMLibrary", folder: "OCSVM"),             // ocsvm, ocsvm_policy
    BuiltInPlugin(product: "dashost_ecod", target: "ECODLibrary", folder: "ECOD"),                // ecod, ecod_policy
    BuiltInPlugin(product: "dashost_lof", target: "LOFLibrary", folder: "LOF"),                   // lof, lof_policy
    BuiltInPlugin(product: "dashost_knn", target: "KNNLibrary", folder: "KNN"),                   // knn, knn_policy
    // A detector paired with a generic policy (registry default_policy): drl with gaussian_noise_policy
    BuiltInPlugin(product: "dashost_drl", target: "DRLLibrary", folder: "DRL"),                   // drl
    // The paper's baseline policies: gaussian_noise_policy, uniform_policy, smote_policy
    BuiltInPlugin(product: "dashost_baseline_policies", target: "BaselinePoliciesLibrary", folder: "BaselinePolicies"),
    // Enhancement classifiers, one library each
    BuiltInPlugin(product: "dashost_random_forest", target: "RandomForestLibrary", folder: "Classifiers/RandomForest"),
    BuiltInPlugin(product: "dashost_decision_tree", target: "DecisionTreeLibrary", folder: "Classifiers/DecisionTree"),
    BuiltInPlugin(product: "dashost_svm", target: "SVMLibrary", folder: "Classifiers/SVM"),
    // Fusion rules: minmax_sum, rank_average, zscore_sum, robust_sum
    BuiltInPlugin(product: "dashost_fusion", target: "FusionLibrary", folder: "Fusion"),
    // python_policy: a Python generate_hard_anomalies(n_samples, model, X_train) run in a sandboxed
    // Python child (spawned through dashost-sandbox-exec; SHA-256 pins of scripts through libcrypto)
    BuiltInPlugin(product: "dashost_python_bridge", target: "PythonBridgeLibrary", folder: "PythonBridge",
                  dependencies: ["CIsolation", "CCrypto"]),
]

let swiftSettings: [SwiftSetting] = []

/// The ABI header as a C module, and the Swift helper for plugin authors, from the SDK package.
let pluginABI: Target.Dependency = .product(name: "CDashostPlugin", package: "dashost-plugin-sdk")
let pluginKit: Target.Dependency = .product(name: "DashostPluginKit", package: "dashost-plugin-sdk")

let package = Package(
    name: "dashost",
    products: [
        .executable(name: "dashost", targets: ["dashost"]),
        .library(name: "DashostCore", targets: ["DashostCore"]),
    ] + builtInPlugins.map { .library(name: $0.product, type: .dynamic, targets: [$0.target]) },
    dependencies: [
        // The plugin SDK, a package of its own (third-party plugins depend on it alone): the ABI header
        // as the C module CDashostPlugin, and the Swift helper DashostPluginKit.
        .package(name: "dashost-plugin-sdk", path: "plugin-sdk"),
    ],
    targets: systemLibraries + [
        // The algorithms behind the built-in plugins (detectors, classifiers, policies, numerics),
        // statically linked into each plugin. Plugin targets are thin ABI adapters around them, so
        // the algorithms are unit-tested directly by EstimatorsTests.
        .target(name: "DashostEstimators", dependencies: [pluginKit, "COpenBLAS", "CSVM"], path: "Plugins/Estimators",
                swiftSettings: swiftSettings),
        // The host: ABI bindings, loader, registry, pipeline graph, runtime, data, metrics, checks, bench.
        .target(name: "DashostCore", dependencies: [pluginABI, "CZlib", "CMatio", "CCrypto", "CIsolation"], path: "Sources/DashostCore"),
        .executableTarget(name: "dashost", dependencies: ["DashostCore"], path: "Sources/dashost"),
        // A program run inside the sandbox (errno mode): the Python bridge's child enters the sandbox
        // here, single-threaded, then execs the interpreter (Sources/SandboxExec/main.c).
        .executableTarget(name: "dashost-sandbox-exec", dependencies: ["CIsolation"], path: "Sources/SandboxExec"),
        .testTarget(name: "DashostCoreTests", dependencies: ["DashostCore"], path: "Tests/DashostCoreTests"),
        .testTarget(name: "EstimatorsTests", dependencies: ["DashostEstimators", pluginKit, pluginABI], path: "Tests/EstimatorsTests"),
    ] + builtInPlugins.map {
        .target(name: $0.target, dependencies: [pluginKit] + $0.dependencies,
                path: "Plugins/\($0.folder)", swiftSettings: swiftSettings)
    },
    swiftLanguageModes: [.v5]
)
