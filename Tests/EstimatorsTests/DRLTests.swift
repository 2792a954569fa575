import DashostEstimators
import DashostPluginKit
import XCTest

final class DRLTests: XCTestCase {
    /// Seeded Gaussian rows, `rows x cols`.
    private func gaussian(_ rows: Int, _ cols: Int, seed: UInt64, shift: Double = 0) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<(rows * cols)).map { _ in g.nextGaussian() + shift }
    }

    private func quick(epochs: Int = 20, hidden: Int = 16, basis: Int = 3, batch: Int = 64) -> DecomposedRepresentation.Configuration {
        var c = DecomposedRepresentation.Configuration()
        c.epochs = epochs
        c.hidden = hidden
        c.basis = basis
        c.batchSize = batch
        return c
    }

    /// The analytic gradient of the whole loss matches central differences in every weight of every
    /// layer, with the max's branches and the separation sample fixed; in one part and in two.
    func testGradientMatchesCentralDifferencesInEveryLayer() {
        // 7 x 3 rows, hidden 4, basis 2; row i scaled by 2^(i - 2), so that small rows take the max's
        // e / ||h||^2 branch and large ones e (h is positively homogeneous in x).
        let values = gaussian(7, 3, seed: 5).enumerated().map { $0.element * pow(2, Double($0.offset / 3 - 2)) }
        let X = Matrix(rows: 7, cols: 3, values: values)
        let net = DRLNetwork(inputs: 3, hidden: 4, basisCount: 2, seed: 11)
        let sample = [4, 0, 6, 2, 5]  // floor(0.8 * 7) rows
        let alpha = 0.3, beta = 0.7  // larger than the defaults, so every term weighs in the check
        for parts in [1, 2] {
            let base = X.withView { DecomposedRepresentation.objective(net, on: $0, sample: sample, alpha: alpha, beta: beta, parts: parts) }
            XCTAssertEqual(Set(base.ratio), [true, false], "both branches of the max are checked")
            for layer in DRLNetwork.Layer.allCases {
                var worst = 0.0
                for index in net.range(layer) {
                    let h = 1e-5 * max(1, abs(net.parameters[index]))
                    var plus = net, minus = net
                    plus.parameters[index] += h
                    minus.parameters[index] -= h
                    let lp = X.withView { DecomposedRepresentation.objective(plus, on: $0, sample: sample, alpha: alpha, beta: beta,
                                                                            ratio: base.ratio, parts: parts).loss }
                    let lm = X.withView { DecomposedRepresentation.objective(minus, on: $0, sample: sample, alpha: alpha, beta: beta,
                                                                            ratio: base.ratio, parts: parts).loss }
                    let numeric = (lp - lm) / (2 * h)
                    let analytic = base.gradient[index]
                    worst = max(worst, abs(numeric - analytic) / max(abs(numeric) + abs(analytic), 1e-6))
                }
                XCTAssertLessThan(worst, 1e-5, "\(layer), \(parts) part(s)")
            }
        }
    }

    /// Both branches of the max occur on the gradient check's problem, so it covers the normalised
    /// branch's extra gradient through ||h||^2 as well as the plain one.
    func testGradientCheckNetworkUsesBothBranches() {
        let values = gaussian(7, 3, seed: 5).enumerated().map { $0.element * pow(2, Double($0.offset / 3 - 2)) }
        let X = Matrix(rows: 7, cols: 3, values: values)
        let net = DRLNetwork(inputs: 3, hidden: 4, basisCount: 2, seed: 11)
        let r = X.withView { DecomposedRepresentation.objective(net, on: $0, sample: [4, 0, 6, 2, 5], alpha: 0.3, beta: 0.7) }
        XCTAssertEqual(Set(r.ratio), [true, false], "\(r.ratio)")
    }

    func testTheBasisIsOrthonormal() {
        for (hidden, basis) in [(128, 5), (4, 4), (16, 3)] {
            let net = DRLNetwork(inputs: 3, hidden: hidden, basisCount: basis, seed: 42)
            for a in 0..<basis {
                for b in 0..<basis {
                    var dot = 0.0
                    for j in 0..<hidden { dot += net.basis[a * hidden + j] * net.basis[b * hidden + j] }
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-12, "rows \(a), \(b) of \(basis) in \(hidden)")
                }
            }
        }
    }

    func testInitialWeightsAreBoundedByTheFanIn() {
        let net = DRLNetwork(inputs: 9, hidden: 16, basisCount: 3, seed: 1)
        for layer in DRLNetwork.Layer.allCases {
            let bound = 1 / Double(net.shape(layer).cols).squareRoot()
            let w = net.parameters[net.range(layer)]
            XCTAssertTrue(w.allSatisfy { abs($0) <= bound }, "\(layer)")
            XCTAssertGreaterThan(w.map(abs).max()!, 0.8 * bound, "\(layer) uses its range")
        }
    }

    func testSameSeedSameBitsDifferentSeedDifferentScores() {
        let X = Matrix(rows: 300, cols: 5, values: gaussian(300, 5, seed: 3))
        func run(_ seed: UInt64) -> [Double] {
            var m = DecomposedRepresentation(configuration: quick(epochs: 5, batch: 128))
            X.withView { m.fit($0, seed: seed) }
            return X.withView { m.score($0) }
        }
        let a = run(42), b = run(42), c = run(43)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testScoresArePerRow() {
        let X = Matrix(rows: 77, cols: 4, values: gaussian(77, 4, seed: 8))
        var m = DecomposedRepresentation(configuration: quick(epochs: 3))
        X.withView { m.fit($0, seed: 1) }
        let batch = X.withView { m.score($0) }
        for i in 0..<X.rows {
            let one = Matrix(rows: 1, cols: 4, values: X.row(i))
            XCTAssertEqual(one.withView { m.score($0) }[0], batch[i], "row \(i)")
        }
        // A slice starting mid-block, too.
        let tail = Matrix(rows: 40, cols: 4, values: Array(X.values[(37 * 4)...]))
        XCTAssertEqual(tail.withView { m.score($0) }, Array(batch[37...]))
    }

    /// Gaussian inliers and far outliers: the outliers score higher, and the loss falls over epochs.
    func testOutliersScoreHigherAndTheLossFalls() {
        let d = 6
        let train = Matrix(rows: 600, cols: d, values: gaussian(600, d, seed: 21))
        var m = DecomposedRepresentation(configuration: quick(epochs: 40, hidden: 32, basis: 5, batch: 128))
        train.withView { m.fit($0, seed: 7) }
        let inliers = gaussian(200, d, seed: 22)
        var g = SeededGenerator(seed: 23)
        let outliers = (0..<(40 * d)).map { _ in (g.nextUnit() < 0.5 ? -1.0 : 1.0) * (5 + 3 * g.nextUnit()) }
        let test = Matrix(rows: 240, cols: d, values: inliers + outliers)
        let s = test.withView { m.score($0) }
        var wins = 0.0
        for o in 200..<240 { for i in 0..<200 { wins += s[o] > s[i] ? 1 : (s[o] == s[i] ? 0.5 : 0) } }
        let auc = wins / (40 * 200)
        XCTAssertGreaterThan(auc, 0.9)
        let h = m.lossHistory
        XCTAssertEqual(h.count, 40)
        XCTAssertLessThan(h.suffix(5).reduce(0, +) / 5, 0.5 * h[0], "\(h)")
        XCTAssertTrue(s.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    func testAdamMatchesPyTorchsStepWithWeightDecay() {
        // torch.optim.Adam([p], lr=0.1, weight_decay=0.5), p = [1, -2], grads [0.3, 0.4] then [-0.1, 0.2]:
        // g1 = grad + 0.5 p; the first step moves each weight by lr * sign(g1).
        var adam = AdamOptimizer(count: 2, learningRate: 0.1, weightDecay: 0.5)
        var p = [1.0, -2.0]
        p.withUnsafeMutableBufferPointer { p in [0.3, 0.4].withUnsafeBufferPointer { adam.update(p, gradient: $0) } }
        XCTAssertEqual(p[0], 0.9, accuracy: 1e-8)
        XCTAssertEqual(p[1], -1.9, accuracy: 1e-8)
        // Second step by hand, from the weights after the first (0.9 and -1.9 up to eps's effect).
        let p1 = p
        let g1 = [0.3 + 0.5, 0.4 - 1.0], g2 = [-0.1 + 0.5 * p1[0], 0.2 + 0.5 * p1[1]]
        var expected = p1
        for i in 0..<2 {
            let m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i]
            let v = 0.999 * (0.001 * g1[i] * g1[i]) + 0.001 * g2[i] * g2[i]
            expected[i] -= 0.1 / (1 - 0.81) * m / (v.squareRoot() / (1 - 0.998001).squareRoot() + 1e-8)
        }
        p.withUnsafeMutableBufferPointer { p in [-0.1, 0.2].withUnsafeBufferPointer { adam.update(p, gradient: $0) } }
        XCTAssertEqual(p[0], expected[0], accuracy: 1e-12)
        XCTAssertEqual(p[1], expected[1], accuracy: 1e-12)
    }
}
