import DashostCore
import Foundation
import XCTest

/// Rows streamed from `.npz` files in chunks equal the rows read whole, for every layout that can be
/// streamed; the one that cannot is refused with advice; a streamed pipeline gives the same scores.
final class StreamingTests: XCTestCase {
    private let rows = 37, cols = 3
    private var values: [Double] { (0..<(rows * cols)).map { Double($0) * 0.5 - 7 } }
    private var labels: [Double] { (0..<rows).map { $0 % 5 == 4 ? 1 : 0 } }

    private func npz(fortran: Bool, deflate: Bool, descr: String = "<f8") throws -> String {
        let x = NpyTestWriter.npy(descr: descr, shape: [rows, cols], rowMajor: values, fortran: fortran)
        let y = NpyTestWriter.npy(descr: "<i8", shape: [rows], rowMajor: labels)
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: deflate), .init(name: "y.npy", data: y, deflate: deflate)])
        let path = try HostFixtures.temporaryDirectory() + "/data.npz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testChunksEqualTheWholeArrayForEveryStreamableLayout() throws {
        for (fortran, deflate, descr) in [(false, false, "<f8"), (false, true, "<f8"), (true, false, "<f8"), (false, true, "<f4")] {
            let path = try npz(fortran: fortran, deflate: deflate, descr: descr)
            let stream = try NpyRowStream(npz: path, array: "X")
            XCTAssertEqual(stream.rows, rows)
            XCTAssertEqual(stream.cols, cols)
            let whole = try DatasetLoader.load(path: path).features
            let selected = [0, 1, 4, 9, 10, 11, 20, 36]
            var seen: [Int] = []
            var got: [Double] = []
            try stream.forEachChunk(rows: selected, chunkRows: 3) { chunk, range in
                XCTAssertLessThanOrEqual(chunk.rows, 3)
                seen += Array(range)
                got += chunk.values
            }
            XCTAssertEqual(seen, Array(0..<selected.count), "fortran \(fortran) deflate \(deflate)")
            XCTAssertEqual(got, whole.selecting(rows: selected).values, "fortran \(fortran) deflate \(deflate) \(descr)")
            XCTAssertEqual(try NpyRowStream.wholeArray(npz: path, array: "y").values, labels)
        }
    }

    func testFortranOrderInACompressedMemberIsRefusedWithAdvice() throws {
        let path = try npz(fortran: true, deflate: true)
        HostFixtures.assertError([path, "array 'X' cannot be streamed", "np.savez"]) { _ = try NpyRowStream(npz: path, array: "X") }
    }

    func testMissingArrayNamesTheAvailableOnes() throws {
        let path = try npz(fortran: false, deflate: false)
        HostFixtures.assertError(["features", "X", "y"]) { _ = try NpyRowStream(npz: path, array: "features") }
    }

    func testAStreamedPipelineScoresExactlyLikeAnInMemoryOne() throws {
        // Cardio as a C-order, stored archive (what np.savez writes for large data).
        let cardio = try DatasetLoader.load(path: HostFixtures.cardio)
        let x = NpyTestWriter.npy(descr: "<f8", shape: [cardio.features.rows, cardio.features.cols], rowMajor: cardio.features.values)
        let y = NpyTestWriter.npy(descr: "<f8", shape: [cardio.features.rows], rowMajor: cardio.labels!)
        let dir = try HostFixtures.temporaryDirectory()
        try Data(ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: false), .init(name: "y.npy", data: y, deflate: false)]))
            .write(to: URL(fileURLWithPath: dir + "/cardio.npz"))
        let registry = try HostFixtures.registry()
        func run(chunkRows: Int?) throws -> RunResult {
            var standard = StandardPipeline(detector: "iforest", data: dir + "/cardio.npz")
            standard.chunkRows = chunkRows
            return try PipelineRunner().run(try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry))
        }
        let whole = try run(chunkRows: nil), streamed = try run(chunkRows: 64)
        guard case let .rows(test)? = streamed.values["data.test"] else { return XCTFail("no test rows") }
        XCTAssertTrue(test.isStreamed)
        XCTAssertEqual(test.count, 1004)
        for key in ["detector.scores", "classifier.scores", "enhanced.scores"] {
            guard case let .scores(a)? = whole.values[key], case let .scores(b)? = streamed.values[key] else { return XCTFail(key) }
            XCTAssertEqual(a.scores, b.scores, key)
            XCTAssertEqual(a.rowIDs, b.rowIDs, key)
        }
        XCTAssertEqual(whole.metrics.map(\.aucpr), streamed.metrics.map(\.aucpr))
    }

    func testChunkRowsOptionIsValidated() throws {
        // Checked against the source node's option table as the file is parsed, before any plugin loads.
        HostFixtures.assertError(["node 'data'", "option 'chunk_rows' = 0 must be an integer in [1, 2147483647]"]) {
            _ = try PipelineSpec(json: Data(#"{"nodes": [{"id": "data", "type": "source", "path": "x.npz", "chunk_rows": 0}]}"#.utf8),
                                 file: "t.json", folder: "/")
        }
    }
}
