import DashostCore
import Foundation
import XCTest

/// The anomaly-type testbeds (`dashost testbed`, docs/experiments.md): the Gaussian mixture and the
/// Gaussian copula they rest on, the property that defines each anomaly type, the `.npz` writer, and
/// the command line.
final class TestbedTests: XCTestCase {
    // MARK: Helpers

    /// Three well-separated 2-D Gaussians (`spacing` apart), weights .5 / .3 / .2, one correlated.
    private func threeComponents(spacing: Double = 10) -> GaussianMixture {
        GaussianMixture(weights: [0.5, 0.3, 0.2],
                        means: [[0, 0], [spacing, 0], [0, spacing]],
                        covariances: [[1, 0, 0, 1], [1, 0.5, 0.5, 1], [0.5, 0, 0, 2]])
    }

    private func column(_ x: DataMatrix, _ j: Int, rows: Range<Int>? = nil) -> [Double] {
        (rows ?? 0..<x.rows).map { x[$0, j] }
    }

    private func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

    private func variance(_ v: [Double]) -> Double {
        let m = mean(v)
        return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
    }

    private func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// The two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs.
    private func ksStatistic(_ a: [Double], _ b: [Double]) -> Double {
        let sa = a.sorted(), sb = b.sorted()
        var i = 0, j = 0, gap = 0.0
        while i < sa.count && j < sb.count {
            let v = min(sa[i], sb[j])
            while i < sa.count && sa[i] <= v { i += 1 }
            while j < sb.count && sb[j] <= v { j += 1 }
            gap = max(gap, abs(Double(i) / Double(sa.count) - Double(j) / Double(sb.count)))
        }
        return gap
    }

    private func quantile(_ v: [Double], _ q: Double) -> Double {
        let s = v.sorted()
        return s[min(s.count - 1, Int(q * Double(s.count - 1)))]
    }

    /// The rows of `x` in `rows`, grouped by their nearest centre.
    private func groups(_ x: DataMatrix, rows: Range<Int>, centres: [[Double]]) -> [[Int]] {
        var out = [[Int]](repeating: [], count: centres.count)
        for i in rows {
            let distances = centres.map { c in (0..<x.cols).reduce(0.0) { $0 + (x[i, $1] - c[$1]) * (x[i, $1] - c[$1]) } }
            out[distances.indices.min { distances[$0] < distances[$1] }!].append(i)
        }
        return out
    }

    /// For each of `truth`'s means, the index of the nearest fitted mean.
    private func matching(_ fitted: GaussianMixture, _ truth: GaussianMixture) -> [Int] {
        truth.means.map { t in
            fitted.means.indices.min { a, b in
                zip(fitted.means[a], t).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    < zip(fitted.means[b], t).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }!
        }
    }

    // MARK: The Gaussian mixture

    func testBICPicksThreeComponentsAndTheFitRecoversThem() throws {
        let truth = threeComponents()
        let x = try truth.sample(count: 900, seed: 11).rows
        let (model, candidates) = try GaussianMixture.fitSelectingByBIC(x, seed: 3)
        XCTAssertEqual(candidates.map(\.components), Array(1...9))
        XCTAssertEqual(model.components, 3, "BIC: \(candidates.map { "\($0.components): \($0.bic)" })")
        let match = matching(model, truth)
        XCTAssertEqual(Set(match).count, 3)
        for (t, f) in match.enumerated() {
            for j in 0..<2 { XCTAssertEqual(model.means[f][j], truth.means[t][j], accuracy: 0.25, "component \(t)") }
            XCTAssertEqual(model.weights[f], truth.weights[t], accuracy: 0.05)
            for e in 0..<4 { XCTAssertEqual(model.covariances[f][e], truth.covariances[t][e], accuracy: 0.35, "component \(t) entry \(e)") }
        }
        // One Gaussian's data: BIC picks one component.
        let single = GaussianMixture(weights: [1], means: [[3, -1]], covariances: [[2, 0.6, 0.6, 1]])
        XCTAssertEqual(try GaussianMixture.fitSelectingByBIC(try single.sample(count: 500, seed: 5).rows, seed: 1).model.components, 1)
    }

    /// One component's BIC is deterministic: scikit-learn 1.x's `GaussianMixture(1).fit(X).bic(X)` values.
    func testOneComponentBICMatchesScikitLearn() throws {
        let tiny = DataMatrix(rows: 5, cols: 2, values: [0, 0, 1, 0.5, 2, 1.5, 0.5, -1, 3, 2])
        XCTAssertEqual(try GaussianMixture.fit(tiny, components: 1, seed: 0).bic(tiny), 30.096719186192406, accuracy: 1e-6)
        let cardio = try DatasetLoader.load(path: HostFixtures.cardio)
        let normals = cardio.features.selecting(rows: cardio.labels!.indices.filter { cardio.labels![$0] == 0 })
        XCTAssertEqual(try GaussianMixture.fit(normals, components: 1, seed: 0).bic(normals), 42547.56943518226, accuracy: 1e-4)
    }

    func testSamplingMatchesTheMixturesMoments() throws {
        let model = GaussianMixture(weights: [1], means: [[1, -2]], covariances: [[2, 0.8, 0.8, 1]])
        let (x, components) = try model.sample(count: 20000, seed: 9)
        XCTAssertTrue(components.allSatisfy { $0 == 0 })
        let a = column(x, 0), b = column(x, 1)
        XCTAssertEqual(mean(a), 1, accuracy: 0.05)
        XCTAssertEqual(mean(b), -2, accuracy: 0.05)
        XCTAssertEqual(variance(a), 2, accuracy: 0.08)
        XCTAssertEqual(variance(b), 1, accuracy: 0.05)
        XCTAssertEqual(correlation(a, b) * (variance(a) * variance(b)).squareRoot(), 0.8, accuracy: 0.05)
        // The mixture's weights: component frequencies.
        let (_, drawn) = try threeComponents().sample(count: 10000, seed: 2)
        for (c, w) in [0.5, 0.3, 0.2].enumerated() {
            XCTAssertEqual(Double(drawn.filter { $0 == c }.count) / 10000, w, accuracy: 0.02)
        }
        // The same seed, the same rows.
        XCTAssertEqual(try model.sample(count: 50, seed: 4).rows, try model.sample(count: 50, seed: 4).rows)
        XCTAssertNotEqual(try model.sample(count: 50, seed: 4).rows, try model.sample(count: 50, seed: 5).rows)
    }

    // MARK: The anomaly types

    func testLocalAnomaliesHaveFiveTimesTheWithinComponentVariance() throws {
        let truth = threeComponents(spacing: 40)
        let normals = try truth.sample(count: 1500, seed: 21).rows
        let testbed = try AnomalyTestbed.generate(normals: normals, anomalyCount: 3000, type: .local, seed: 8)
        XCTAssertEqual(testbed.normalCount, 1500)
        XCTAssertEqual(testbed.features.rows, 4500)
        let model = try XCTUnwrap(testbed.mixture)
        XCTAssertEqual(model.components, 3)
        let normalGroups = groups(testbed.features, rows: 0..<1500, centres: model.means)
        let anomalyGroups = groups(testbed.features, rows: 1500..<4500, centres: model.means)
        for c in 0..<3 {
            for j in 0..<2 {
                let inliers = normalGroups[c].map { testbed.features[$0, j] }
                let outliers = anomalyGroups[c].map { testbed.features[$0, j] }
                // Against the fitted component's variance, and against the synthetic normals' own.
                let componentVariance = model.covariances[c][j * 2 + j]
                XCTAssertEqual(variance(outliers) / componentVariance, AnomalyTestbed.alpha, accuracy: 0.75, "component \(c), feature \(j)")
                XCTAssertEqual(variance(outliers) / variance(inliers), AnomalyTestbed.alpha, accuracy: 1.2, "component \(c), feature \(j)")
                XCTAssertEqual(mean(outliers), model.means[c][j], accuracy: 0.3, "local anomalies keep the means")
            }
        }
    }

    func testClusteredAnomalyMeansAreFiveTimesTheComponentMeans() throws {
        let truth = threeComponents(spacing: 40)
        let normals = try truth.sample(count: 1500, seed: 22).rows
        let testbed = try AnomalyTestbed.generate(normals: normals, anomalyCount: 3000, type: .clustered, seed: 8)
        let model = try XCTUnwrap(testbed.mixture)
        XCTAssertEqual(model.components, 3)
        let scaled = model.means.map { $0.map { $0 * 5 } }
        let normalGroups = groups(testbed.features, rows: 0..<1500, centres: model.means)
        let anomalyGroups = groups(testbed.features, rows: 1500..<4500, centres: scaled)
        for c in 0..<3 {
            XCTAssertEqual(Double(anomalyGroups[c].count) / 3000, model.weights[c], accuracy: 0.03)
            for j in 0..<2 {
                let outliers = anomalyGroups[c].map { testbed.features[$0, j] }
                XCTAssertEqual(mean(outliers), 5 * model.means[c][j], accuracy: 0.3, "component \(c), feature \(j)")
                XCTAssertEqual(variance(outliers) / model.covariances[c][j * 2 + j], 1, accuracy: 0.2, "clustered anomalies keep the covariances")
                XCTAssertFalse(normalGroups[c].isEmpty)
            }
        }
    }

    func testGlobalAnomaliesAreUniformInTheStatedBox() throws {
        // Feature 0 has mixed signs, feature 1 is all positive, feature 2 all negative.
        let truth = GaussianMixture(weights: [1], means: [[0, 50, -50]], covariances: [[1, 0, 0, 0, 1, 0, 0, 0, 1]])
        let normals = try truth.sample(count: 1000, seed: 5).rows
        let testbed = try AnomalyTestbed.generate(normals: normals, anomalyCount: 4000, type: .global, seed: 6)
        let box = try XCTUnwrap(testbed.globalBox)
        let x = testbed.features
        for j in 0..<3 {
            let synthetic = column(x, j, rows: 0..<1000)
            let lo = synthetic.min()!, hi = synthetic.max()!
            // The box: [min - 0.1|min|, max + 0.1|max|] of the synthetic normals.
            XCTAssertEqual(box[j].low, lo - 0.1 * abs(lo))
            XCTAssertEqual(box[j].high, hi + 0.1 * abs(hi))
            XCTAssertLessThan(box[j].low, lo)
            XCTAssertGreaterThan(box[j].high, hi)
            let anomalies = column(x, j, rows: 1000..<5000)
            XCTAssertTrue(anomalies.allSatisfy { $0 >= box[j].low && $0 <= box[j].high }, "feature \(j)")
            let width = box[j].high - box[j].low
            for q in stride(from: 0.0, through: 1.0, by: 0.1) {
                XCTAssertEqual(quantile(anomalies, q), box[j].low + q * width, accuracy: 0.03 * width, "feature \(j), quantile \(q)")
            }
        }
        // Where the signs agree with ADBench's formula, the box is exactly [1.1 min, 1.1 max].
        XCTAssertEqual(box[0].low, 1.1 * column(x, 0, rows: 0..<1000).min()!, accuracy: 1e-12)
        XCTAssertEqual(box[0].high, 1.1 * column(x, 0, rows: 0..<1000).max()!, accuracy: 1e-12)
        let bounds = AnomalyTestbed.globalBounds(DataMatrix(rows: 2, cols: 3, values: [-1, 2, -4, 3, 4, -2]))
        assertClose(bounds.map(\.low), [-1.1, 1.8, -4.4], accuracy: 1e-12)
        assertClose(bounds.map(\.high), [3.3, 4.4, -1.8], accuracy: 1e-12)
    }

    func testDependencyNormalsKeepTheCorrelationAndAnomaliesOnlyTheMarginals() throws {
        // Correlation 0.8 between two features; feature 1 then made skewed (exp), feature 2 stays normal.
        let gaussian = GaussianMixture(weights: [1], means: [[0, 0]], covariances: [[1, 0.8, 0.8, 1]])
        var source = try gaussian.sample(count: 2000, seed: 31).rows
        for i in 0..<source.rows { source[i, 0] = Foundation.exp(source[i, 0]) }
        let testbed = try AnomalyTestbed.generate(normals: source, anomalyCount: 2000, type: .dependency, seed: 4)
        XCTAssertNil(testbed.mixture)
        let x = testbed.features
        let normals = 0..<2000, anomalies = 2000..<4000
        // The dependence of the source, on the scale it was made on (log of the skewed feature).
        let logSource = column(source, 0).map { Foundation.log($0) }
        let sourceCorrelation = correlation(logSource, column(source, 1))
        XCTAssertEqual(sourceCorrelation, 0.8, accuracy: 0.03)
        let normalCorrelation = correlation(column(x, 0, rows: normals).map { Foundation.log($0) }, column(x, 1, rows: normals))
        XCTAssertEqual(normalCorrelation, 0.8, accuracy: 0.05)
        let anomalyCorrelation = correlation(column(x, 0, rows: anomalies).map { Foundation.log($0) }, column(x, 1, rows: anomalies))
        XCTAssertEqual(anomalyCorrelation, 0, accuracy: 0.06)
        // The same marginals in both: close quantiles, a small Kolmogorov-Smirnov gap to the source.
        for j in 0..<2 {
            let original = column(source, j)
            for rows in [normals, anomalies] {
                let drawn = column(x, j, rows: rows)
                XCTAssertLessThan(ksStatistic(original, drawn), 0.06, "feature \(j), rows \(rows)")
                XCTAssertGreaterThanOrEqual(drawn.min()!, original.min()!)
                XCTAssertLessThanOrEqual(drawn.max()!, original.max()!)
            }
        }
        // The copula's own correlation of normal scores.
        let copula = GaussianCopula(fitting: source)
        XCTAssertEqual(copula.correlation[1], 0.8, accuracy: 0.03)
    }

    func testTheCountRuleAndTheOrder() throws {
        let normals = try threeComponents().sample(count: 60, seed: 1).rows
        let labels = [Double](repeating: 0, count: 50) + [Double](repeating: 1, count: 10)
        for type in AnomalyType.allCases {
            let testbed = try AnomalyTestbed.generate(from: Dataset(name: "d", features: normals, labels: labels), path: "d.npz",
                                                      type: type, seed: 1)
            XCTAssertEqual(testbed.normalCount, 50, "\(type)")
            XCTAssertEqual(testbed.anomalyCount, 10, "\(type)")
            XCTAssertEqual(testbed.labels, [Double](repeating: 0, count: 50) + [Double](repeating: 1, count: 10))
            XCTAssertTrue(testbed.features.values.allSatisfy(\.isFinite))
        }
        // No anomalies in the data set: still one.
        let clean = Dataset(name: "d", features: normals, labels: [Double](repeating: 0, count: 60))
        XCTAssertEqual(try AnomalyTestbed.generate(from: clean, path: "d.npz", type: .local, seed: 1).anomalyCount, 1)
        // Too few normal rows, no labels.
        let onlyAnomalies = Dataset(name: "d", features: normals, labels: [0] + [Double](repeating: 1, count: 59))
        HostFixtures.assertError(["d.npz", "normal rows", "only 1"]) {
            _ = try AnomalyTestbed.generate(from: onlyAnomalies, path: "d.npz", type: .local, seed: 1)
        }
        HostFixtures.assertError(["d.csv", "no labels", "--label"]) {
            _ = try AnomalyTestbed.generate(from: Dataset(name: "d", features: normals, labels: nil), path: "d.csv", type: .global, seed: 1)
        }
        // A constant feature and duplicated rows do not break any type.
        var flat = normals
        for i in 0..<flat.rows { flat[i, 1] = 3 }
        for type in AnomalyType.allCases {
            let testbed = try AnomalyTestbed.generate(normals: flat, anomalyCount: 5, type: type, seed: 2)
            XCTAssertTrue(testbed.features.values.allSatisfy(\.isFinite), "\(type)")
        }
    }

    // MARK: The .npz writer

    func testNpzWriterRoundTripsThroughTheReaders() throws {
        let x = NpzWriter.Array(name: "X", shape: [3, 2], values: [1, -2.5, 3, 4, .pi, -0.0])
        let y = NpzWriter.Array(name: "y", shape: [3], values: [0, 0, 1])
        // The .npy image is numpy's: the test writer's independent encoding, byte for byte.
        XCTAssertEqual(NpzWriter.npy(x), NpyTestWriter.npy(descr: "<f8", shape: [3, 2], rowMajor: x.values))
        XCTAssertEqual(NpzWriter.npy(y), NpyTestWriter.npy(descr: "<f8", shape: [3], rowMajor: y.values))
        let image = try NpzWriter.archive([x, y], path: "t.npz")
        let file = try NpzFile(bytes: image, path: "t.npz")
        XCTAssertEqual(file.arrayNames, ["X", "y"])
        XCTAssertEqual(try file.array(named: "X").shape, [3, 2])
        XCTAssertEqual(try file.array(named: "X").values.map(\.bitPattern), x.values.map(\.bitPattern))
        XCTAssertEqual(try file.array(named: "y").shape, [3])
        let directory = DataTestDirectory()
        let path = directory.path + "/t.npz"
        try NpzWriter.write([x, y], to: path)
        let dataset = try DatasetLoader.load(path: path)
        XCTAssertEqual(dataset.features, DataMatrix(rows: 3, cols: 2, values: x.values))
        XCTAssertEqual(dataset.labels, [0, 0, 1])
        XCTAssertEqual(directory.listing(), ["t.npz"])
    }

    func testTheSameSeedGivesTheSameBytes() throws {
        let normals = try threeComponents().sample(count: 200, seed: 1).rows
        for type in AnomalyType.allCases {
            let a = try NpzWriter.archive(try AnomalyTestbed.generate(normals: normals, anomalyCount: 20, type: type, seed: 7).arrays, path: "a")
            let b = try NpzWriter.archive(try AnomalyTestbed.generate(normals: normals, anomalyCount: 20, type: type, seed: 7).arrays, path: "b")
            let c = try NpzWriter.archive(try AnomalyTestbed.generate(normals: normals, anomalyCount: 20, type: type, seed: 8).arrays, path: "c")
            XCTAssertEqual(a, b, "\(type)")
            XCTAssertNotEqual(a, c, "\(type)")
        }
    }

    // MARK: The command line

    /// A small labelled `.npz` (two Gaussians, 120 normal rows, 12 anomalies) in `directory`.
    private func smallData(_ directory: DataTestDirectory, name: String = "small.npz", anomalies: Int = 12, normals: Int = 120) throws -> String {
        let rows = try GaussianMixture(weights: [0.6, 0.4], means: [[0, 0, 0], [6, 6, 0]], covariances: [
            [1, 0.3, 0, 0.3, 1, 0, 0, 0, 1], [1, 0, 0, 0, 2, 0, 0, 0, 1],
        ]).sample(count: normals + anomalies, seed: 3).rows
        let labels = [Double](repeating: 0, count: normals) + [Double](repeating: 1, count: anomalies)
        let path = directory.path + "/" + name
        try NpzWriter.write([NpzWriter.Array(name: "X", shape: [rows.rows, 3], values: rows.values),
                             NpzWriter.Array(name: "y", shape: [labels.count], values: labels)], to: path)
        return path
    }

    func testTheCommandWritesATestbedTheLoaderReadsBack() throws {
        let directory = DataTestDirectory()
        let input = try smallData(directory)
        for type in AnomalyType.allCases {
            let out = directory.path + "/\(type.rawValue).npz"
            let r = try HostFixtures.dashost(["testbed", "--data", input, "--type", type.rawValue, "--seed", "5", "-o", out])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("\(type.rawValue) testbed of small, 120 normals + 12 anomalies, 3 features"), r.stdout)
            let dataset = try DatasetLoader.load(path: out)
            XCTAssertEqual(dataset.rowCount, 132)
            XCTAssertEqual(dataset.featureCount, 3)
            XCTAssertEqual(dataset.labels, [Double](repeating: 0, count: 120) + [Double](repeating: 1, count: 12))
            // The same seed again: the same bytes.
            let again = directory.path + "/\(type.rawValue)-again.npz"
            XCTAssertEqual(try HostFixtures.dashost(["testbed", "--data", input, "--type", type.rawValue, "--seed", "5", "--out", again]).status, 0)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: URL(fileURLWithPath: again)))
        }
        // A real data set and a CSV with its label column.
        let cardio = directory.path + "/cardio-dependency.npz"
        let r = try HostFixtures.dashost(["testbed", "--data", HostFixtures.cardio, "--type", "dependency", "-o", cardio])
        XCTAssertEqual(r.status, 0, r.stderr)
        let source = try DatasetLoader.load(path: HostFixtures.cardio)
        let loaded = try DatasetLoader.load(path: cardio)
        XCTAssertEqual(loaded.rowCount, source.rowCount)
        XCTAssertEqual(loaded.featureCount, source.featureCount)
        XCTAssertEqual(loaded.anomalyCount, source.anomalyCount)
        let breastw = directory.path + "/breastw-global.npz"
        let csv = try HostFixtures.dashost(["testbed", "--data", "examples/data/breastw.csv", "--label", "anomaly", "--type", "global",
                                            "--seed", "1", "-o", breastw])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(try DatasetLoader.load(path: breastw).featureCount, 9)
    }

    func testBadInputIsAClearErrorAndLeavesNoOutput() throws {
        let directory = DataTestDirectory()
        let input = try smallData(directory)
        let out = directory.path + "/out.npz"
        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try HostFixtures.dashost(["testbed"] + arguments)
        }
        let before = directory.listing()

        let unknownType = try run(["--data", input, "--type", "sideways", "-o", out])
        XCTAssertEqual(unknownType.status, 2)
        XCTAssertTrue(unknownType.stderr.contains("--type must be one of local, global, clustered, dependency, got 'sideways'"), unknownType.stderr)
        XCTAssertTrue(unknownType.stderr.contains("dashost testbed --help"), unknownType.stderr)

        let badSeed = try run(["--data", input, "--type", "local", "--seed", "-3", "-o", out])
        XCTAssertEqual(badSeed.status, 2)
        XCTAssertTrue(badSeed.stderr.contains("--seed must be a non-negative integer"), badSeed.stderr)

        let missingOut = try run(["--data", input, "--type", "local"])
        XCTAssertEqual(missingOut.status, 2)
        XCTAssertTrue(missingOut.stderr.contains("missing required option --out"), missingOut.stderr)

        let onlyAnomalies = try smallData(directory, name: "anomalies.npz", anomalies: 30, normals: 0)
        let noNormals = try run(["--data", onlyAnomalies, "--type", "local", "-o", out])
        XCTAssertEqual(noNormals.status, 1)
        XCTAssertTrue(noNormals.stderr.contains("\(onlyAnomalies): a testbed is fitted to the normal rows (label 0); the data set has none"),
                      noNormals.stderr)

        let unlabelled = try run(["--data", "examples/data/breastw.csv", "--type", "local", "-o", out])
        XCTAssertEqual(unlabelled.status, 1)
        XCTAssertTrue(unlabelled.stderr.contains("examples/data/breastw.csv: the data set has no labels"), unlabelled.stderr)

        let missingData = try run(["--data", directory.path + "/nope.npz", "--type", "local", "-o", out])
        XCTAssertEqual(missingData.status, 1)
        XCTAssertTrue(missingData.stderr.contains("nope.npz: no such file"), missingData.stderr)

        let noFolder = directory.path + "/no/such/folder/out.npz"
        let unwritable = try run(["--data", input, "--type", "local", "-o", noFolder])
        XCTAssertEqual(unwritable.status, 1)
        XCTAssertTrue(unwritable.stderr.contains("\(noFolder): cannot write the output: the folder"), unwritable.stderr)

        let folderTarget = try run(["--data", input, "--type", "local", "-o", directory.path])
        XCTAssertEqual(folderTarget.status, 1)
        XCTAssertTrue(folderTarget.stderr.contains("\(directory.path): is a directory"), folderTarget.stderr)

        let overwrite = try run(["--data", input, "--type", "local", "-o", input])
        XCTAssertEqual(overwrite.status, 1)
        XCTAssertTrue(overwrite.stderr.contains("\(input): is the data file itself"), overwrite.stderr)

        if getuid() != 0 {
            let locked = directory.path + "/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            chmod(locked, 0o555)
            defer { chmod(locked, 0o755) }
            let readOnly = try run(["--data", input, "--type", "local", "-o", locked + "/out.npz"])
            XCTAssertEqual(readOnly.status, 1)
            XCTAssertTrue(readOnly.stderr.contains("\(locked)/out.npz: cannot write the output: the folder \(locked) is not writable"), readOnly.stderr)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked), [])
            try FileManager.default.removeItem(atPath: locked)
        }
        // Nothing written, no temporary file left behind; the input untouched.
        XCTAssertEqual(directory.listing(), (before + ["anomalies.npz"]).sorted())
        XCTAssertEqual(try DatasetLoader.load(path: input).rowCount, 132)
    }

    func testHelpListsTheOptions() throws {
        let r = try HostFixtures.dashost(["testbed", "--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Usage: dashost testbed"), r.stdout)
        for option in ["--data", "--label", "--type", "--seed", "-o, --out", "(default: 42)", "local, global, clustered, dependency"] {
            XCTAssertTrue(r.stdout.contains(option), "missing \(option):\n\(r.stdout)")
        }
        XCTAssertTrue(try HostFixtures.dashost(["--help"]).stdout.contains("dashost testbed"))
    }
}

private func assertClose(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
