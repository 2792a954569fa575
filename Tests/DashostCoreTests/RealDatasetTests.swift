import DashostCore
import XCTest

/// The benchmark files in `../shared/datasets` (beside the package root), when present. Expected
/// numbers come from numpy / scipy.io.loadmat on the same files.
final class RealDatasetTests: XCTestCase {
    /// `<package root>/../shared/datasets`, found from this file's path.
    private static let datasets: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/datasets")

    private func path(_ name: String) throws -> String {
        let file = Self.datasets.appendingPathComponent(name).path
        try XCTSkipUnless(FileManager.default.fileExists(atPath: file), "\(file) not present")
        return file
    }

    private func sum(_ m: DataMatrix) -> Double { m.values.reduce(0, +) }

    func testHepatitisNpz() throws {
        let data = try DatasetLoader.load(path: path("Hepatitis.npz"))
        XCTAssertEqual(data.name, "Hepatitis")
        XCTAssertEqual(data.rowCount, 80)
        XCTAssertEqual(data.featureCount, 19)
        XCTAssertEqual(data.anomalyCount, 13)
        // X is stored Fortran-ordered: these would differ if the reorder were wrong.
        XCTAssertEqual(data.features[0, 1], 1.0)
        XCTAssertEqual(data.features[1, 0], 39.0)
        XCTAssertEqual(data.features[79, 18], 2.0)
        XCTAssertEqual(sum(data.features), 25151.2, accuracy: 1e-8)
        let split = try PaperSplit(dataset: data)
        XCTAssertEqual(split.trainIndices.count, 33)
        XCTAssertEqual(split.testIndices.count, 47)
        XCTAssertEqual(Array(split.testIndices.prefix(5)), [18, 34, 35, 36, 37])
    }

    func testCardiotocographySplit() throws {
        let data = try DatasetLoader.load(path: path("Cardiotocography.npz"))
        XCTAssertEqual(data.rowCount, 2114)
        XCTAssertEqual(data.featureCount, 21)
        XCTAssertEqual(data.anomalyCount, 466)
        XCTAssertEqual(sum(data.features), 2064984.1, accuracy: 1e-6)
        let split = try PaperSplit(dataset: data)
        XCTAssertEqual(split.trainIndices.count, 824)
        XCTAssertEqual(split.testIndices.count, 1290)
        XCTAssertEqual(Array(split.trainIndices.prefix(3)), [1, 2, 3])
        XCTAssertTrue(split.train(data).labels!.allSatisfy { $0 == 0 })
    }

    func testIntegerFeatureFiles() throws {
        // breastw: uint8 X, int64 y; shuttle: int16 X (49097 rows).
        let breast = try DatasetLoader.load(path: path("breastw.npz"))
        XCTAssertEqual([breast.rowCount, breast.featureCount, breast.anomalyCount], [683, 9, 239])
        XCTAssertEqual(sum(breast.features), 19353)
        XCTAssertEqual(breast.features[1, 0], 5)
        let shuttle = try DatasetLoader.load(path: path("shuttle.npz"))
        XCTAssertEqual([shuttle.rowCount, shuttle.featureCount, shuttle.anomalyCount], [49097, 9, 3511])
        XCTAssertEqual(sum(shuttle.features), 13157400)
        XCTAssertEqual(shuttle.features[0, 1], 21)
        XCTAssertEqual(try PaperSplit(dataset: shuttle).trainIndices.count, 22793)
    }

    func testWbcMat() throws {
        let data = try DatasetLoader.load(path: path("wbc.mat"))
        XCTAssertEqual(data.name, "wbc")
        XCTAssertEqual(data.rowCount, 378)
        XCTAssertEqual(data.featureCount, 30)
        XCTAssertEqual(data.anomalyCount, 21)
        XCTAssertEqual(data.features[0, 1], 0.157253973622, accuracy: 1e-15)
        XCTAssertEqual(data.features[1, 0], 0.288655402527, accuracy: 1e-15)
        XCTAssertEqual(data.features[377, 29], 0.414928505838, accuracy: 1e-15)
        XCTAssertEqual(sum(data.features), 2196.7689126763808, accuracy: 1e-9)
    }

    func testArrhythmiaMatWithUInt8Labels() throws {
        let data = try DatasetLoader.load(path: path("arrhythmia.mat"))
        XCTAssertEqual([data.rowCount, data.featureCount, data.anomalyCount], [452, 274, 66])
        XCTAssertEqual(data.features[1, 0], 56)
        XCTAssertEqual(data.features[451, 273], 32.8, accuracy: 1e-12)
        XCTAssertEqual(sum(data.features), 1253974.4, accuracy: 1e-6)
        let split = try PaperSplit(dataset: data)
        XCTAssertEqual([split.trainIndices.count, split.testIndices.count], [193, 259])
    }
}
