// swift-tools-version: 6.0
//
// dashost: the host (loader, registry, pipeline graph, runtime, CLI) and the built-in plugins.
// The host links none of the plugins: each plugin is its own dynamic library product, loaded at run
// time through the C ABI in plugin-sdk/include/dashost_plugin.h.
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
]

/// A built-in plugin: a Swift target under Plugins/ and the `lib<product>.so` it becomes.
struct BuiltInPlugin {
    let product: String
    let target: String
    let folder: String
}

let builtInPlugins: [BuiltInPlugin] = [
    // Detectors
    BuiltInPlugin(product: "dashost_iforest", target: "IForestDetector", folder: "Detectors/IForest"),
    BuiltInPlugin(product: "dashost_pca", target: "PCADetector", folder: "Detectors/PCA"),
    BuiltInPlugin(product: "dashost_ocsvm", target: "OCSVMDetector", folder: "Detectors/OCSVM"),
    BuiltInPlugin(product: "dashost_ecod", target: "ECODDetector", folder: "Detectors/ECOD"),
    BuiltInPlugin(product: "dashost_lof", target: "LOFDetector", folder: "Detectors/LOF"),
    BuiltInPlugin(product: "dashost_knn", target: "KNNDetector", folder: "Detectors/KNN"),
    // Detector-aware synthesis policies (one per detector) and baseline policies
    BuiltInPlugin(product: "dashost_iforest_policy", target: "IForestPolicy", folder: "Policies/IForestPolicy"),
    BuiltInPlugin(product: "dashost_pca_policy", target: "PCAPolicy", folder: "Policies/PCAPolicy"),
    BuiltInPlugin(product: "dashost_ocsvm_policy", target: "OCSVMPolicy", folder: "Policies/OCSVMPolicy"),
    BuiltInPlugin(product: "dashost_ecod_policy", target: "ECODPolicy", folder: "Policies/ECODPolicy"),
    BuiltInPlugin(product: "dashost_lof_policy", target: "LOFPolicy", folder: "Policies/LOFPolicy"),
    BuiltInPlugin(product: "dashost_knn_policy", target: "KNNPolicy", folder: "Policies/KNNPolicy"),
    BuiltInPlugin(product: "dashost_gaussian_noise_policy", target: "GaussianNoisePolicy", folder: "Policies/GaussianNoise"),
    BuiltInPlugin(product: "dashost_uniform_policy", target: "UniformPolicy", folder: "Policies/Uniform"),
    BuiltInPlugin(product: "dashost_smote_policy", target: "SMOTEPolicy", folder: "Policies/SMOTE"),
    // Enhancement classifiers
    BuiltInPlugin(product: "dashost_random_forest", target: "RandomForestClassifier", folder: "Classifiers/RandomForest"),
    BuiltInPlugin(product: "dashost_decision_tree", target: "DecisionTreeClassifier", folder: "Classifiers/DecisionTree"),
    BuiltInPlugin(product: "dashost_svm", target: "SVMClassifier", folder: "Classifiers/SVM"),
    // Fusion rules
    BuiltInPlugin(product: "dashost_minmax_sum", target: "MinMaxSumFusion", folder: "Fusion/MinMaxSum"),
    BuiltInPlugin(product: "dashost_rank_average", target: "RankAverageFusion", folder: "Fusion/RankAverage"),
    BuiltInPlugin(product: "dashost_zscore_sum", target: "ZScoreSumFusion", folder: "Fusion/ZScoreSum"),
    BuiltInPlugin(product: "dashost_robust_sum", target: "RobustSumFusion", folder: "Fusion/RobustSum"),
]


let swiftSettings: [SwiftSetting] = []

let package = Package(
    name: "dashost",
    products: [
        .executable(name: "dashost", targets: ["dashost"]),
        .library(name: "DashostCore", targets: ["DashostCore"]),
        .library(name: "DashostPluginKit", targets: ["DashostPluginKit"]),
    ] + builtInPlugins.map { .library(name: $0.product, type: .dynamic, targets: [$0.target]) },
    targets: systemLibraries + [
        // The ABI: one C header. This target only lets Swift import it and checks its layout.
        .target(name: "CDashostPlugin", path: "plugin-sdk", sources: ["src"], publicHeadersPath: "include"),
        // The Swift helper for plugin authors: conform a type to a protocol, export one @_cdecl entry.
        .target(name: "DashostPluginKit", dependencies: ["CDashostPlugin"], path: "plugin-sdk/swift/DashostPluginKit"),
        // The algorithms behind the built-in plugins (detectors, classifiers, policies, numerics),
        // statically linked into each plugin. Plugin targets are thin ABI adapters around them, so
        // the algorithms are unit-tested directly by EstimatorsTests.
        .target(name: "DashostEstimators", dependencies: ["DashostPluginKit", "COpenBLAS", "CSVM"], path: "Plugins/Estimators",
                swiftSettings: swiftSettings),
        // The host: ABI bindings, loader, registry, pipeline graph, runtime, data, metrics, checks, bench.
        .target(name: "DashostCore", dependencies: ["CDashostPlugin", "CZlib", "CMatio", "CCrypto"], path: "Sources/DashostCore"),
        .executableTarget(name: "dashost", dependencies: ["DashostCore"], path: "Sources/dashost"),
        .testTarget(name: "DashostCoreTests", dependencies: ["DashostCore"], path: "Tests/DashostCoreTests"),
        .testTarget(name: "EstimatorsTests", dependencies: ["DashostEstimators"], path: "Tests/EstimatorsTests"),
    ] + builtInPlugins.map {
        .target(name: $0.target, dependencies: ["DashostPluginKit", "DashostEstimators"],
                path: "Plugins/\($0.folder)", swiftSettings: swiftSettings)
    },
    swiftLanguageModes: [.v5]
)
