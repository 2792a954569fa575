import CDashostPlugin
import DashostPluginKit
import XCTest

/// `PluginHost` passes every service through to the host table, and treats the fields a host does
/// not have (past its `struct_size`) as the header says.
final class PluginHostTests: XCTestCase {
    func testServicesGoToTheHost() throws {
        let fake = FakeHost()
        defer { withExtendedLifetime(fake) {} }
        let host = PluginHost(fake.pointer)
        XCTAssertEqual(host.abiVersion.major, Int(DASHOST_ABI_MAJOR))
        host.log(.warning, "careful")
        host.progress(0.5)
        host.progress(2)
        XCTAssertEqual(fake.logs.map(\.level), [Int32(DASHOST_LOG_WARNING)])
        XCTAssertEqual(fake.logs.map(\.message), ["careful"])
        XCTAssertEqual(fake.progress, [0.5, 1], "clamped to [0, 1]")
        XCTAssertFalse(host.isCancelled)
        fake.cancelled = true
        XCTAssertTrue(host.isCancelled)
        XCTAssertThrowsError(try host.throwIfCancelled()) { XCTAssertEqual(($0 as? PluginError)?.status, DASHOST_ERR_CANCELLED) }
        XCTAssertEqual(host.threadBudget, 3)
        XCTAssertEqual([host.randomUniform(), host.randomUniform()], [0, 0.125])
        XCTAssertEqual(host.randomNormal(), -1.5)
        XCTAssertEqual(host.random(below: 10), 9)
        XCTAssertEqual(host.randomPermutation(4), [3, 2, 1, 0])
        XCTAssertEqual(host.randomPermutation(0), [])
        XCTAssertEqual(try host.quantile([4, 1, 3, 2], 0.5), 2.5)
        XCTAssertThrowsError(try host.quantile([], 0.5))
        XCTAssertThrowsError(try host.quantile([1], 1.5))
        XCTAssertNotNil(host.hostExtension("test.ext/1"))
        XCTAssertNil(host.hostExtension("other/1"))
    }

    func testMatrixHelpers() throws {
        let fake = FakeHost()
        defer { withExtendedLifetime(fake) {} }
        let host = PluginHost(fake.pointer)
        let values: [Double] = [0, 10, 2, 20, 4, 30]  // 3 rows, 2 columns
        try values.withUnsafeBufferPointer { v in
            let X = MatrixView(data: v.baseAddress!, rows: 3, cols: 2)
            let stats = try host.columnStats(X)
            XCTAssertEqual(stats.minimum, [0, 10])
            XCTAssertEqual(stats.maximum, [4, 30])
            XCTAssertEqual(stats.mean, [2, 20])
            XCTAssertEqual(stats.standardDeviation[0], (8.0 / 3).squareRoot(), accuracy: 1e-12)
            let nearest = try host.nearestRows(X, to: [3, 25], k: 2)
            XCTAssertEqual(nearest.map(\.index), [1, 2], "rows 1 and 2 tie at sqrt(26): by row index")
            XCTAssertEqual(nearest.map(\.distance), [Double(26).squareRoot(), Double(26).squareRoot()])
            XCTAssertThrowsError(try host.nearestRows(X, to: [3], k: 1), "point of the wrong width")
            XCTAssertThrowsError(try host.nearestRows(X, to: [3, 25], k: 4), "k > rows")
        }
    }

    func testFieldsPastTheStructSizeAreAbsent() {
        // A table that ends just before `log`: the diagnostics fall back, the helpers are unsupported.
        let fake = FakeHost(structSize: MemoryLayout<dashost_host>.offset(of: \.log)!)
        defer { withExtendedLifetime(fake) {} }
        let host = PluginHost(fake.pointer)
        host.log(.error, "dropped")
        host.progress(0.5)
        fake.cancelled = true
        XCTAssertTrue(fake.logs.isEmpty)
        XCTAssertTrue(fake.progress.isEmpty)
        XCTAssertFalse(host.isCancelled)
        XCTAssertEqual(host.threadBudget, 1)
        XCTAssertThrowsError(try host.quantile([1, 2], 0.5)) { XCTAssertEqual(($0 as? PluginError)?.status, DASHOST_ERR_UNSUPPORTED) }
        XCTAssertNil(host.hostExtension("test.ext/1"))
    }
}
