import CDashostPlugin
import DashostPluginKit
import XCTest

/// A library export seen from the C side: the library descriptor, each plugin's descriptor, the
/// shared function tables dispatching on the descriptor, the input checks and the extensions.
final class PluginExportTests: XCTestCase {
    private static let library = PluginLibraryExport([
        .detector(MeanDistanceDetector.self, name: "mean_distance", version: "2.0.0", summary: "L1 distance to the mean",
                  description: "Scores a row by its L1 distance to the training mean.", defaultPolicy: "scaling"),
        .policy(ScalingPolicy.self, name: "scaling", version: "2.0.1", summary: "scaled copies", description: "Copies rows, scaled."),
        .detector(CancellableDetector.self, name: "cancellable", version: "1.0.0", summary: "first column",
                  description: "Scores a row by its first value.", defaultPolicy: nil),
        .classifier(BrokenDefaultsClassifier.self, name: "broken", version: "0.1.0", summary: "", description: ""),
    ])

    private var descriptor: dashost_library_descriptor {
        PluginExportTests.library.descriptor.assumingMemoryBound(to: dashost_library_descriptor.self).pointee
    }

    private func plugin(_ i: Int) -> UnsafePointer<dashost_plugin_descriptor> { descriptor.plugins[i]! }

    private func detectorAPI(_ i: Int) -> dashost_detector_api {
        plugin(i).pointee.api.assumingMemoryBound(to: dashost_detector_api.self).pointee
    }

    private func message(_ err: dashost_error) -> String {
        var err = err
        return withUnsafeBytes(of: &err.message) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }

    /// Creates an instance of plugin `i` through its kind's table, with `host`.
    private func create(_ i: Int, _ host: FakeHost, seed: UInt64 = 1) -> (dashost_status, UnsafeMutableRawPointer?, String) {
        var instance: UnsafeMutableRawPointer?
        var err = dashost_error()
        let status = detectorAPI(i).create(plugin(i), host.pointer, seed, &instance, &err)
        return (status, instance, message(err))
    }

    func testTheLibraryDescriptorListsEveryPlugin() {
        let d = descriptor
        XCTAssertEqual(d.abi_major, UInt32(DASHOST_ABI_MAJOR))
        XCTAssertEqual(d.abi_minor, UInt32(DASHOST_ABI_MINOR))
        XCTAssertEqual(Int(d.struct_size), MemoryLayout<dashost_library_descriptor>.size)
        XCTAssertEqual(d.plugin_count, 4)
        let names = (0..<4).map { String(cString: plugin($0).pointee.name) }
        XCTAssertEqual(names, ["mean_distance", "scaling", "cancellable", "broken"])
        let p = plugin(0).pointee
        XCTAssertEqual(Int(p.struct_size), MemoryLayout<dashost_plugin_descriptor>.size)
        XCTAssertEqual(p.kind, UInt32(DASHOST_KIND_DETECTOR))
        XCTAssertEqual(String(cString: p.version), "2.0.0")
        XCTAssertEqual(String(cString: p.summary), "L1 distance to the mean")
        XCTAssertEqual(String(cString: p.description), "Scores a row by its L1 distance to the training mean.")
        XCTAssertEqual(String(cString: p.default_policy), "scaling")
        XCTAssertNil(plugin(2).pointee.default_policy)
        XCTAssertEqual(plugin(1).pointee.kind, UInt32(DASHOST_KIND_POLICY))
        XCTAssertEqual(plugin(3).pointee.kind, UInt32(DASHOST_KIND_CLASSIFIER))
        XCTAssertEqual(plugin(0).pointee.api, plugin(2).pointee.api, "one table per kind")
        XCTAssertNotEqual(plugin(0).pointee.api, plugin(1).pointee.api)
    }

    func testCreateDispatchesOnTheDescriptor() throws {
        let host = FakeHost(FakeHost.values(PluginExportTests.library.plugins[0].params, overriding: ["offset": 0.5]))
        defer { withExtendedLifetime(host) {} }
        let api = detectorAPI(0)
        let (status, instance, text) = create(0, host)
        XCTAssertEqual(status, DASHOST_OK, text)
        defer { api.destroy(instance) }
        // Fit and score: the type is MeanDistanceDetector, with the host's offset.
        let X: [Double] = [0, 0, 2, 2]  // rows (0, 0) and (2, 2): mean (1, 1)
        var err = dashost_error()
        X.withUnsafeBufferPointer { x in
            XCTAssertEqual(api.fit(instance, dashost_matrix(data: x.baseAddress, rows: 2, cols: 2), &err), DASHOST_OK)
        }
        var scores = [Double](repeating: 0, count: 1)
        [1.0, 4.0].withUnsafeBufferPointer { x in
            XCTAssertEqual(api.score(instance, dashost_matrix(data: x.baseAddress, rows: 1, cols: 2), &scores, &err), DASHOST_OK)
        }
        XCTAssertEqual(scores, [3.5])
        XCTAssertEqual(host.logs.map(\.message), ["fitted 2 rows"], "the plugin logs through params.host")
        XCTAssertEqual(host.logs.first?.level, Int32(DASHOST_LOG_INFO))
        // The training-scores extension is offered for this plugin only.
        let ext = try XCTUnwrap(api.get_extension(plugin(0), DASHOST_EXT_TRAINING_SCORES))
            .assumingMemoryBound(to: dashost_training_scores_ext.self).pointee
        var training = [Double](repeating: 0, count: 2)
        XCTAssertEqual(ext.training_scores(instance, &training, 2, &err), DASHOST_OK)
        XCTAssertEqual(training, [1002.5, 1002.5])
        XCTAssertEqual(ext.training_scores(instance, &training, 3, &err), DASHOST_ERR_SHAPE)
        XCTAssertNil(api.get_extension(plugin(2), DASHOST_EXT_TRAINING_SCORES))
        XCTAssertNil(api.get_extension(plugin(0), DASHOST_EXT_HELDOUT))
        XCTAssertNil(api.get_extension(plugin(0), "no.such/1"))
    }

    func testCreateRefusesForeignAndMismatchedDescriptors() {
        let host = FakeHost()
        defer { withExtendedLifetime(host) {} }
        var instance: UnsafeMutableRawPointer?
        var err = dashost_error()
        var foreign = plugin(0).pointee  // a copy: same contents, other address
        XCTAssertEqual(detectorAPI(0).create(&foreign, host.pointer, 0, &instance, &err), DASHOST_ERR_INVALID_ARGUMENT)
        XCTAssertEqual(message(err), "the plugin descriptor passed to create is not one of this library's")
        // The policy's descriptor through the detectors' table.
        XCTAssertEqual(detectorAPI(0).create(plugin(1), host.pointer, 0, &instance, &err), DASHOST_ERR_INVALID_ARGUMENT)
        XCTAssertEqual(detectorAPI(0).create(plugin(0), nil, 0, &instance, &err), DASHOST_ERR_INVALID_ARGUMENT)
        XCTAssertNil(instance)
    }

    func testAPluginWhoseDefaultsFailCannotBeCreated() {
        let host = FakeHost(["depth": 3])
        defer { withExtendedLifetime(host) {} }
        let api = plugin(3).pointee.api.assumingMemoryBound(to: dashost_classifier_api.self).pointee
        var instance: UnsafeMutableRawPointer?
        var err = dashost_error()
        XCTAssertEqual(api.create(plugin(3), host.pointer, 0, &instance, &err), DASHOST_ERR_INTERNAL)
        XCTAssertEqual(message(err), "plugin 'broken' failed with its default parameters: no good defaults")
    }

    func testInputsAreCheckedBeforeThePluginRuns() {
        let host = FakeHost(FakeHost.values(PluginExportTests.library.plugins[0].params))
        defer { withExtendedLifetime(host) {} }
        let api = detectorAPI(0)
        let (_, instance, _) = create(0, host)
        defer { api.destroy(instance) }
        var err = dashost_error()
        var out = [Double](repeating: 0, count: 2)
        [1.0, 2.0].withUnsafeBufferPointer { x in
            let m = dashost_matrix(data: x.baseAddress, rows: 1, cols: 2)
            XCTAssertEqual(api.score(instance, m, &out, &err), DASHOST_ERR_NOT_FITTED)
        }
        [1.0, .nan].withUnsafeBufferPointer { x in
            XCTAssertEqual(api.fit(instance, dashost_matrix(data: x.baseAddress, rows: 1, cols: 2), &err), DASHOST_ERR_NON_FINITE)
            XCTAssertEqual(message(err), "X has a non-finite value (nan) at row 0, column 1")
            XCTAssertEqual(api.fit(instance, dashost_matrix(data: x.baseAddress, rows: 0, cols: 2), &err), DASHOST_ERR_INVALID_ARGUMENT)
        }
        [1.0, 2.0, 3.0].withUnsafeBufferPointer { x in
            XCTAssertEqual(api.fit(instance, dashost_matrix(data: x.baseAddress, rows: 1, cols: 2), &err), DASHOST_OK)
            XCTAssertEqual(api.score(instance, dashost_matrix(data: x.baseAddress, rows: 1, cols: 3), &out, &err), DASHOST_ERR_SHAPE)
        }
    }

    func testCancellationReachesThePlugin() {
        let host = FakeHost()
        defer { withExtendedLifetime(host) {} }
        let api = detectorAPI(2)
        let (status, instance, _) = create(2, host)
        XCTAssertEqual(status, DASHOST_OK)
        defer { api.destroy(instance) }
        var err = dashost_error()
        [1.0].withUnsafeBufferPointer { x in
            let m = dashost_matrix(data: x.baseAddress, rows: 1, cols: 1)
            XCTAssertEqual(api.fit(instance, m, &err), DASHOST_OK)
            host.cancelled = true
            XCTAssertEqual(api.fit(instance, m, &err), DASHOST_ERR_CANCELLED)
        }
    }

    func testPolicyGenerateGetsZeroedOutputAndTheScorer() {
        let host = FakeHost(["factor": 3.0])
        defer { withExtendedLifetime(host) {} }
        let api = plugin(1).pointee.api.assumingMemoryBound(to: dashost_policy_api.self).pointee
        var instance: UnsafeMutableRawPointer?
        var err = dashost_error()
        XCTAssertEqual(api.create(plugin(1), host.pointer, 0, &instance, &err), DASHOST_OK)
        defer { api.destroy(instance) }
        var out = [Double](repeating: .nan, count: 6)
        var calls = 0
        let status = withUnsafeMutablePointer(to: &calls) { counter in
            [1.0, 2.0].withUnsafeBufferPointer { x in
                let scorer = dashost_score_callback(score: { context, X, scores, _ in
                    context!.assumingMemoryBound(to: Int.self).pointee += Int(X.rows)
                    for i in 0..<Int(X.rows) { scores![i] = 0 }
                    return DASHOST_OK
                }, context: UnsafeMutableRawPointer(counter))
                return api.generate(instance, dashost_matrix(data: x.baseAddress, rows: 2, cols: 1), scorer, 6, 5, &out, &err)
            }
        }
        XCTAssertEqual(status, DASHOST_OK, message(err))
        XCTAssertEqual(out, [3, 6, 3, 6, 3, 6])
        XCTAssertEqual(calls, 6)
        // A failing callback becomes DASHOST_ERR_CALLBACK with its message.
        let failing = dashost_score_callback(score: { _, _, _, err in
            dashost_error_set_message(err, "no scores today")
            return DASHOST_ERR_INTERNAL
        }, context: nil)
        [1.0].withUnsafeBufferPointer { x in
            XCTAssertEqual(api.generate(instance, dashost_matrix(data: x.baseAddress, rows: 1, cols: 1), failing, 1, 5, &out, &err),
                           DASHOST_ERR_CALLBACK)
        }
        XCTAssertEqual(message(err), "score callback failed: no scores today")
    }
}

/// Writes a fixed message into an error buffer (`dashost_error_set` is variadic, not callable from Swift).
private func dashost_error_set_message(_ err: UnsafeMutablePointer<dashost_error>?, _ text: String) {
    guard let err else { return }
    withUnsafeMutableBytes(of: &err.pointee.message) { raw in
        let bytes = Array(text.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
}
