import DashostCore
import XCTest

/// CSV reading: quoting, line endings, the label column, and every error naming the file and place.
final class CSVReaderTests: XCTestCase {
    private let directory = DataTestDirectory()

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    func testLabelColumnQuotedFieldsCRLFAndTrailingNewline() throws {
        let text = "a,\"b, with comma\",label,\"say \"\"c\"\"\"\r\n1,2.5,0,-3\r\n\"4\", 5e-1 ,1,6\r\n"
        let path = directory.file("mixed.csv", text: text)
        let data = try DatasetLoader.load(path: path, label: "label")
        XCTAssertEqual(data.name, "mixed")
        XCTAssertEqual(data.featureNames, ["a", "b, with comma", "say \"c\""])
        XCTAssertEqual(data.features, DataMatrix(rows: 2, cols: 3, values: [1, 2.5, -3, 4, 0.5, 6]))
        XCTAssertEqual(data.labels, [0, 1])
    }

    func testNoLabelMeansAllColumnsAreFeatures() throws {
        let path = directory.file("plain.csv", text: "x,y\n1,2\n\n3,4")  // blank line, no final newline
        let data = try DatasetLoader.load(path: path)
        XCTAssertEqual(data.featureNames, ["x", "y"])
        XCTAssertEqual(data.features, DataMatrix(rows: 2, cols: 2, values: [1, 2, 3, 4]))
        XCTAssertNil(data.labels)
        XCTAssertNil(data.anomalyCount)
    }

    func testQuotedFieldSpanningLinesKeepsLineNumbersRight() throws {
        // The header's second name spans lines 1-2, so the ragged row is on line 4.
        let path = directory.file("multi.csv", text: "a,\"b\nc\"\n1,2\n3\n")
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("multi.csv") && text.contains("line 4 has 1 fields, the header has 2"), text)
    }

    func testRaggedRowNamesTheLine() {
        let path = directory.file("ragged.csv", text: "a,b,c\n1,2,3\n4,5\n")
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("ragged.csv") && text.contains("line 3 has 2 fields, the header has 3"), text)
    }

    func testUnknownLabelColumnListsTheColumns() {
        let path = directory.file("cols.csv", text: "f1,f2,target\n1,2,0\n")
        let text = message { _ = try DatasetLoader.load(path: path, label: "class") }
        XCTAssertTrue(text.contains("cols.csv") && text.contains("no label column 'class'") && text.contains("f1, f2, target"), text)
    }

    func testNonNumericAndNonFiniteFields() {
        let bad = directory.file("word.csv", text: "a,b\n1,2\n3,abc\n")
        let text = message { _ = try DatasetLoader.load(path: bad) }
        XCTAssertTrue(text.contains("word.csv") && text.contains("line 3") && text.contains("'b'") && text.contains("'abc'"), text)

        let empty = directory.file("hole.csv", text: "a,b\n1,\n")
        let holeText = message { _ = try DatasetLoader.load(path: empty) }
        XCTAssertTrue(holeText.contains("hole.csv") && holeText.contains("line 2") && holeText.contains("not a number"), holeText)

        let nan = directory.file("nan.csv", text: "a,b,y\n1,2,0\n3,4,0\n5,nan,1\n")
        let nanText = message { _ = try DatasetLoader.load(path: nan, label: "y") }
        XCTAssertTrue(nanText.contains("nan.csv") && nanText.contains("non-finite") && nanText.contains("'b'")
                      && nanText.contains("row 2, column 1") && nanText.contains("line 4"), nanText)
    }

    func testLabelsMustBeZeroOrOne() {
        let path = directory.file("labels.csv", text: "a,y\n1,0\n2,1\n3,2\n")
        let text = message { _ = try DatasetLoader.load(path: path, label: "y") }
        XCTAssertTrue(text.contains("labels.csv") && text.contains("'y'") && text.contains("row 2") && text.contains("2.0"), text)
    }

    func testEmptyAndHeaderOnlyFiles() {
        let empty = directory.file("empty.csv", [])
        XCTAssertTrue(message { _ = try DatasetLoader.load(path: empty) }.contains("empty.csv: empty file"))
        let header = directory.file("header.csv", text: "a,b\n")
        let text = message { _ = try DatasetLoader.load(path: header) }
        XCTAssertTrue(text.contains("header.csv") && text.contains("no data rows"), text)
        let blank = directory.file("blank.csv", text: "\n\n")
        XCTAssertTrue(message { _ = try DatasetLoader.load(path: blank) }.contains("blank.csv: empty file"))
    }

    func testMalformedQuoting() {
        let open = directory.file("open.csv", text: "a,b\n1,\"2\n")
        let text = message { _ = try DatasetLoader.load(path: open) }
        XCTAssertTrue(text.contains("open.csv") && text.contains("line 2") && text.contains("unterminated"), text)
        let after = directory.file("after.csv", text: "a,b\n1,\"2\"x\n")
        let afterText = message { _ = try DatasetLoader.load(path: after) }
        XCTAssertTrue(afterText.contains("after.csv") && afterText.contains("line 2"), afterText)
    }

    func testDuplicateColumnNamesAreAnErrorNamingThem() {
        // The label column twice: the second copy would otherwise leak the labels into the features.
        let leak = directory.file("leak.csv", text: "f,label,g,label\n1,0,2,0\n3,1,4,1\n")
        let text = message { _ = try DatasetLoader.load(path: leak, label: "label") }
        XCTAssertTrue(text.contains("leak.csv") && text.contains("repeats column name 'label'"), text)
        // Without --label too, and names equal after trimming; every repeated name is listed once.
        let many = directory.file("many.csv", text: "a, b,b ,a,a,c\n1,2,3,4,5,6\n")
        let text2 = message { _ = try DatasetLoader.load(path: many) }
        XCTAssertTrue(text2.contains("many.csv") && text2.contains("repeats column names 'b', 'a'"), text2)
    }

    func testSemicolonsAreNotSeparators() {
        // One accepted separator: a semicolon file is one column whose fields are not numbers.
        let path = directory.file("semi.csv", text: "a;b\n1;2\n")
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("semi.csv") && text.contains("line 2, column 'a;b'") && text.contains("'1;2' is not a number"), text)
    }
}
