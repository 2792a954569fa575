// swift-tools-version: 6.0
//
// The dashost plugin SDK on its own: the C ABI header and the Swift helper for plugin authors.
// A plugin written outside the dashost repository depends on this package alone, e.g.
//     .package(path: "../dashost/plugin-sdk")
//     .product(name: "DashostPluginKit", package: "dashost-plugin-sdk")
// and never on the host.
import PackageDescription

let package = Package(
    name: "dashost-plugin-sdk",
    products: [
        // The ABI: include/dashost_plugin.h, importable from Swift as `CDashostPlugin`.
        .library(name: "CDashostPlugin", targets: ["CDashostPlugin"]),
        // The Swift helper: conform types to the plugin protocols, export them from one library entry.
        .library(name: "DashostPluginKit", targets: ["DashostPluginKit"]),
    ],
    targets: [
        // One C header; src/ only lets SwiftPM build it as a C module and checks its layout.
        .target(name: "CDashostPlugin", path: ".",
                exclude: ["examples", "swift", "LICENSE"],
                sources: ["src"], publicHeadersPath: "include"),
        .target(name: "DashostPluginKit", dependencies: ["CDashostPlugin"], path: "swift/DashostPluginKit"),
    ],
    swiftLanguageModes: [.v5]
)
