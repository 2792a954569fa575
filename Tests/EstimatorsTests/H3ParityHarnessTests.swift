// THROWAWAY parity harness (helper h3): delete before finishing.
import XCTest
import Foundation
import DashostEstimators
import DashostPluginKit

final class H3ParityHarnessTests: XCTestCase {
    func testDumpScores() throws {
        guard let dir = ProcessInfo.processInfo.environment["H3_PARITY_DIR"] else { return }
        let only = ProcessInfo.processInfo.environment["H3_ONLY"]
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".shape") }.sorted()
        for file in names {
            let name = String(file.dropLast(6))
            let shape = try String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8).split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Int($0)! }
            let (ntr, nte, d) = (shape[0], shape[1], shape[2])
            for variant in ["f64", "f32"] {
                func load(_ part: String, _ rows: Int) throws -> Matrix {
                    let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name).\(variant).\(part)"))
                    let v = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
                    return Matrix(rows: rows, cols: d, values: v)
                }
                let train = try load("train", ntr), test = try load("test", nte)
                func save(_ det: String, _ s: [Double], _ secs: Double) throws {
                    let data = s.withUnsafeBufferPointer { Data(buffer: $0) }
                    try data.write(to: URL(fileURLWithPath: "\(dir)/\(name).\(variant).\(det).swift"))
                    print("H3 \(name) \(variant) \(det) \(secs)")
                }
                if only == nil || only == "knn" {
                    let t = Date()
                    let knn = KNearestNeighborsDetector()
                    train.withView { knn.fit($0) }
                    let s = test.withView { knn.score($0) }
                    try save("knn", s, Date().timeIntervalSince(t))
                }
                if only == nil || only == "lof" {
                    let t = Date()
                    let lof = LocalOutlierFactor()
                    train.withView { lof.fit($0) }
                    let s = test.withView { lof.score($0) }
                    try save("lof", s, Date().timeIntervalSince(t))
                }
                if only == nil || only == "ocsvm" {
                    let t = Date()
                    let oc = OneClassSVMDetector()
                    try train.withView { try oc.fit($0) }
                    let s = test.withView { oc.score($0) }
                    try save("ocsvm", s, Date().timeIntervalSince(t))
                }
            }
        }
    }
}
