import DashostCore
import XCTest

/// The paper's split: first half of the inliers to train, the rest plus every anomaly to test.
final class PaperSplitTests: XCTestCase {
    func testSplitsByFileOrder() throws {
        // Inliers at 0, 2, 3, 5, 6, 8 (6 of them): the first 3 (0, 2, 3) train; the rest test.
        let labels: [Double] = [0, 1, 0, 0, 1, 0, 0, 1, 0]
        let split = try PaperSplit(labels: labels)
        XCTAssertEqual(split.trainIndices, [0, 2, 3])
        XCTAssertEqual(split.testIndices, [1, 4, 5, 6, 7, 8])
    }

    func testOddInlierCountRoundsTrainingDown() throws {
        // 5 inliers: floor(5/2) = 2 train.
        let split = try PaperSplit(labels: [0, 0, 0, 0, 0, 1])
        XCTAssertEqual(split.trainIndices, [0, 1])
        XCTAssertEqual(split.testIndices, [2, 3, 4, 5])
    }

    func testAppliedToADataset() throws {
        let data = Dataset(name: "toy", features: DataMatrix(rows: 4, cols: 2, values: [1, 2, 3, 4, 5, 6, 7, 8]),
                           labels: [1, 0, 0, 0], featureNames: ["a", "b"])
        let split = try PaperSplit(dataset: data)
        let train = split.train(data), test = split.test(data)
        XCTAssertEqual(train.features, DataMatrix(rows: 1, cols: 2, values: [3, 4]))
        XCTAssertEqual(train.labels, [0])
        XCTAssertEqual(test.features, DataMatrix(rows: 3, cols: 2, values: [1, 2, 5, 6, 7, 8]))
        XCTAssertEqual(test.labels, [1, 0, 0])
        XCTAssertEqual(test.featureNames, ["a", "b"])
    }

    func testErrorsNameTheDataset() {
        let unlabelled = Dataset(name: "nolabels", features: DataMatrix(rows: 2, cols: 1, values: [1, 2]), labels: nil)
        XCTAssertThrowsError(try PaperSplit(dataset: unlabelled)) { error in
            XCTAssertEqual("\(error)", "nolabels: cannot make the paper's split: the data set has no labels")
        }
        XCTAssertThrowsError(try PaperSplit(labels: [0, 1, 1], dataset: "tiny")) { error in
            XCTAssertTrue("\(error)".hasPrefix("tiny: cannot make the paper's split: 1 inlier(s)"), "\(error)")
        }
    }
}
