// swift-tools-version: 6.0
//
// libFuzzer targets for dashost's parsers: a package of its own, so the normal build (`swift build`,
// `swift test` in the repository root) never sees it. `scripts/fuzz` builds it with
// `--sanitize=fuzzer --sanitize=address` into a scratch folder; the one executable holds every target
// and `DASHOST_FUZZ_TARGET` picks one (see Sources/DashostFuzz/FuzzTargets.swift, docs/robustness.md).
import PackageDescription

let package = Package(
    name: "dashost-fuzz",
    dependencies: [.package(name: "dashost", path: "../..")],
    targets: [
        // No main: libFuzzer's main calls LLVMFuzzerInitialize and LLVMFuzzerTestOneInput.
        .executableTarget(name: "dashost-fuzz", dependencies: [.product(name: "DashostCore", package: "dashost")],
                          path: "Sources/DashostFuzz"),
    ],
    swiftLanguageModes: [.v5]
)
