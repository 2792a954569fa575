import XCTest
import DashostEstimators
import DashostPluginKit

/// NeighborSearch must equal brute force exactly: same distances, same indices (ties by lower index).
final class NeighborSearchTests: XCTestCase {
    /// The squared distance as the search defines it between row `i` of `a` and row `j` of `b`: entry
    /// `c` added to partial sum `c % 8` for the whole groups of eight, the sums added pairwise, then
    /// the remaining entries in order.
    private func squaredDistance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
        let d = a.cols, x = a.values, y = b.values
        var sums = [Double](repeating: 0, count: 8)
        let whole = d / 8 * 8
        for c in 0..<whole {
            let t = x[i * d + c] - y[j * d + c]
            sums[c % 8] += t * t
        }
        var s = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]))
        for c in whole..<d {
            let t = x[i * d + c] - y[j * d + c]
            s += t * t
        }
        return s
    }

    /// Reference: all distances, sorted by (distance, index).
    private func bruteForce(train: Matrix, query: Matrix, k: Int, excludingSelf: Bool) -> Neighbors {
        var dist: [Double] = [], idx: [Int] = []
        for i in 0..<query.rows {
            var all: [(Double, Int)] = []
            for j in 0..<train.rows where !(excludingSelf && i == j) {
                all.append((squaredDistance(query, i, train, j).squareRoot(), j))
            }
            all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            for t in 0..<k {
                dist.append(all[t].0)
                idx.append(all[t].1)
            }
        }
        return Neighbors(k: k, distances: dist, indices: idx)
    }

    private func randomMatrix(rows: Int, cols: Int, seed: UInt64, integerGrid: Bool = false) -> Matrix {
        var g = SeededGenerator(seed: seed)
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.values.count {
            m.values[i] = integerGrid ? Double(g.nextInt(below: 3)) : g.nextGaussian() * 3 + 10
        }
        return m
    }

    /// Same k, indices and distances; a difference is reported at its first query row (whole arrays
    /// would be thousands of numbers).
    private func assertSame(_ a: Neighbors, _ b: Neighbors, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.k, b.k, file: file, line: line)
        XCTAssertEqual(a.indices.count, b.indices.count, file: file, line: line)
        guard a.k == b.k, a.k > 0, a.indices.count == b.indices.count else { return }
        for i in 0..<(a.indices.count / a.k) {
            let r = i * a.k..<(i + 1) * a.k
            if Array(a.indices[r]) != Array(b.indices[r]) || Array(a.distances[r]) != Array(b.distances[r]) {
                XCTFail("query row \(i): got \(Array(zip(a.indices[r], a.distances[r]))), expected \(Array(zip(b.indices[r], b.distances[r])))",
                        file: file, line: line)
                return
            }
        }
    }

    /// Indexes `train` (which must be served by brute force, not the k-d tree) and checks the `k`
    /// nearest training rows of `query`, and with `trainingK` those of the training rows themselves,
    /// against the reference.
    private func assertBruteForceSearch(train: Matrix, query: Matrix, k: Int, trainingK: Int? = nil,
                                        file: StaticString = #filePath, line: UInt = #line) {
        let search = NeighborSearch(training: train)
        XCTAssertFalse(search.usesTree, file: file, line: line)
        assertSame(query.withView { search.query($0, k: k, excludingSelf: false) },
                   bruteForce(train: train, query: query, k: k, excludingSelf: false), file: file, line: line)
        if let trainingK {
            assertSame(search.queryTraining(k: trainingK),
                       bruteForce(train: train, query: train, k: trainingK, excludingSelf: true), file: file, line: line)
        }
    }

    func testMatchesBruteForceOnRandomData() {
        let train = randomMatrix(rows: 700, cols: 6, seed: 1)
        let query = randomMatrix(rows: 300, cols: 6, seed: 2)
        let search = NeighborSearch(training: train)
        for k in [1, 5, 20] {
            let got = query.withView { search.query($0, k: k, excludingSelf: false) }
            assertSame(got, bruteForce(train: train, query: query, k: k, excludingSelf: false))
        }
    }

    func testTrainingQueryExcludesOnlySelf() {
        let train = randomMatrix(rows: 400, cols: 4, seed: 3)
        let search = NeighborSearch(training: train)
        let got = search.queryTraining(k: 7)
        assertSame(got, bruteForce(train: train, query: train, k: 7, excludingSelf: true))
        for i in 0..<train.rows {
            XCTAssertFalse((0..<7).contains { got.index(i, $0) == i })
        }
    }

    /// A 3-valued grid in 3 dimensions has only 27 distinct points among 300 rows: massive ties and
    /// duplicates. Duplicates of a row are its neighbours at distance 0; the row itself is not.
    func testTiesAndDuplicatesBreakByIndex() {
        let train = randomMatrix(rows: 300, cols: 3, seed: 4, integerGrid: true)
        let search = NeighborSearch(training: train)
        assertSame(search.queryTraining(k: 15), bruteForce(train: train, query: train, k: 15, excludingSelf: true))
        let query = randomMatrix(rows: 50, cols: 3, seed: 5, integerGrid: true)
        let got = query.withView { search.query($0, k: 40, excludingSelf: false) }
        assertSame(got, bruteForce(train: train, query: query, k: 40, excludingSelf: false))
        XCTAssertEqual(got.distance(0, 0), 0) // every grid point occurs in 300 draws
    }

    /// After `queryTraining`, querying the training rows again (self included) is derived from the
    /// kept lists, not searched: it must still equal brute force, with duplicates (grid data, where
    /// the row itself sits among identical rows at distance 0) and without, on the tree and the
    /// brute-force path, for k up to one more than the kept lists.
    func testTrainingRowsQueriedAgainAfterTrainingQueryMatchBruteForce() {
        for (rows, cols, grid) in [(300, 3, true), (400, 4, false), (300, 40, true), (300, 40, false)] {
            let train = randomMatrix(rows: rows, cols: cols, seed: 12, integerGrid: grid)
            let search = NeighborSearch(training: train)
            _ = search.queryTraining(k: 9)
            let copy = Matrix(rows: train.rows, cols: train.cols, values: train.values)  // other memory, same rows
            for k in [1, 9, 10] {
                let got = copy.withView { search.query($0, k: k, excludingSelf: false) }
                assertSame(got, bruteForce(train: train, query: train, k: k, excludingSelf: false))
            }
            // One value changed: a real search, still exact.
            var changed = copy
            changed.values[5] += 0.5
            let got = changed.withView { search.query($0, k: 9, excludingSelf: false) }
            assertSame(got, bruteForce(train: train, query: changed, k: 9, excludingSelf: false))
        }
    }

    func testAllOtherRowsWhenKIsNMinusOne() {
        let train = randomMatrix(rows: 60, cols: 5, seed: 6)
        let search = NeighborSearch(training: train)
        let got = search.queryTraining(k: 59)
        assertSame(got, bruteForce(train: train, query: train, k: 59, excludingSelf: true))
        let full = train.withView { search.query($0, k: 60, excludingSelf: false) }
        for i in 0..<60 {
            XCTAssertEqual(full.index(i, 0), i)
            XCTAssertEqual(full.distance(i, 0), 0)
        }
    }

    /// Many blocks (small tiles for a large training set) and parallel chunks still give brute force.
    func testManyBlocksMatchBruteForce() {
        let train = randomMatrix(rows: 3000, cols: 3, seed: 7)
        let query = randomMatrix(rows: 500, cols: 3, seed: 8)
        let search = NeighborSearch(training: train)
        let got = query.withView { search.query($0, k: 3, excludingSelf: false) }
        assertSame(got, bruteForce(train: train, query: query, k: 3, excludingSelf: false))
    }

    /// Far from the origin |a|^2 + |b|^2 - 2ab cancels catastrophically; the exact re-measurement must
    /// still find the true neighbours and their exact distances.
    func testLargeOffsetsDoNotLosePrecision() {
        var train = randomMatrix(rows: 200, cols: 2, seed: 9)
        for i in 0..<train.values.count { train.values[i] = 1e7 + train.values[i] * 1e-3 }
        let search = NeighborSearch(training: train)
        assertSame(search.queryTraining(k: 4), bruteForce(train: train, query: train, k: 4, excludingSelf: true))
    }

    /// Above `treeMaxFeatures` the search is brute force (BLAS estimates + exact re-measurement); the
    /// other tests, with up to 6 features and over 256 rows, exercise the k-d tree.
    func testManyFeaturesMatchBruteForce() {
        XCTAssertEqual(NeighborSearch.treeMaxFeatures, 15)
        let train = randomMatrix(rows: 500, cols: 20, seed: 12)
        let query = randomMatrix(rows: 80, cols: 20, seed: 13)
        let search = NeighborSearch(training: train)
        XCTAssertFalse(search.usesTree) // 20 independent features: boxes do not prune
        assertSame(query.withView { search.query($0, k: 5, excludingSelf: false) },
                   bruteForce(train: train, query: query, k: 5, excludingSelf: false))
        assertSame(search.queryTraining(k: 5), bruteForce(train: train, query: train, k: 5, excludingSelf: true))
    }

    /// Brute force on discrete data (a 3-valued grid in 20 features, with duplicate rows appended):
    /// many rows tie at the k-th distance, and a query's own duplicate sits at distance 0. The
    /// screening by single-precision bounds must still return brute force exactly.
    func testBruteForceWithTiesMatchesBruteForce() {
        var train = randomMatrix(rows: 700, cols: 20, seed: 21, integerGrid: true)
        let copies = Matrix(rows: 100, cols: 20, values: Array(train.values[0..<(100 * 20)]))
        train = Matrix(rows: 800, cols: 20, values: train.values + copies.values)
        assertBruteForceSearch(train: train, query: randomMatrix(rows: 90, cols: 20, seed: 22, integerGrid: true),
                               k: 7, trainingK: 12)
    }

    /// The tree's leaf scans measure eight rows per vector (`LeafBlocks`): with 9 and 13 features (a
    /// whole group of eight partial sums plus a remainder) and leaves of duplicates larger than the
    /// leaf size (43 copies of each of 7 rows: leaves that cannot split, their row counts not a
    /// multiple of eight), the distances still have brute force's bits.
    func testTreeLeafScansWithDuplicateLeavesMatchBruteForce() {
        for cols in [9, 13] {
            let base = randomMatrix(rows: 7, cols: cols, seed: 51)
            var train = randomMatrix(rows: 700, cols: cols, seed: 52)
            for i in 0..<301 {
                for j in 0..<cols { train[i, j] = base[i % 7, j] }
            }
            let search = NeighborSearch(training: train)
            XCTAssertTrue(search.usesTree, "\(cols) features")
            assertSame(search.queryTraining(k: 50), bruteForce(train: train, query: train, k: 50, excludingSelf: true))
            let query = randomMatrix(rows: 60, cols: cols, seed: 53)
            assertSame(query.withView { search.query($0, k: 45, excludingSelf: false) },
                       bruteForce(train: train, query: query, k: 45, excludingSelf: false))
        }
    }

    /// 30 features that are linear images of 2 latent ones: the probe keeps the tree (it prunes), and
    /// the results still equal brute force.
    func testLowIntrinsicDimensionKeepsTreeAboveFifteenFeatures() {
        var g = SeededGenerator(seed: 15)
        let mixing = (0..<60).map { _ in g.nextGaussian() }
        func embed(_ rows: Int) -> Matrix {
            var m = Matrix(rows: rows, cols: 30)
            for i in 0..<rows {
                let a = g.nextGaussian() * 3, b = g.nextGaussian()
                for j in 0..<30 { m[i, j] = a * mixing[j] + b * mixing[30 + j] }
            }
            return m
        }
        let train = embed(2000), query = embed(100)
        let search = NeighborSearch(training: train)
        XCTAssertTrue(search.usesTree)
        assertSame(query.withView { search.query($0, k: 7, excludingSelf: false) },
                   bruteForce(train: train, query: query, k: 7, excludingSelf: false))
        assertSame(search.queryTraining(k: 4), bruteForce(train: train, query: train, k: 4, excludingSelf: true))
    }

    /// The k-d tree on data with a constant feature and on a grid with many equal coordinates (median
    /// splits among ties).
    func testKDTreeWithConstantFeatureAndTiedCoordinates() {
        var train = randomMatrix(rows: 600, cols: 4, seed: 14, integerGrid: true)
        for i in 0..<train.rows { train[i, 2] = 7 }
        let search = NeighborSearch(training: train)
        assertSame(search.queryTraining(k: 9), bruteForce(train: train, query: train, k: 9, excludingSelf: true))
    }

    func testBatchEqualsRowByRow() {
        let train = randomMatrix(rows: 250, cols: 5, seed: 10)
        let query = randomMatrix(rows: 40, cols: 5, seed: 11)
        let search = NeighborSearch(training: train)
        let batch = query.withView { search.query($0, k: 6, excludingSelf: false) }
        for i in 0..<query.rows {
            let one = Matrix(rows: 1, cols: 5, values: query.row(i))
            let single = one.withView { search.query($0, k: 6, excludingSelf: false) }
            XCTAssertEqual(single.indices, Array(batch.indices[(i * 6)..<((i + 1) * 6)]))
            XCTAssertEqual(single.distances, Array(batch.distances[(i * 6)..<((i + 1) * 6)]))
        }
    }

    /// The training rows' own neighbours by the symmetric self join (an odd and an even number of
    /// blocks, the last one partial or full): exactly brute force, and the block search for queries.
    func testSelfJoinMatchesBruteForce() {
        for rows in [1041, 1024] {
            let train = randomMatrix(rows: rows, cols: 20, seed: 41)
            let search = NeighborSearch(training: train)
            XCTAssertTrue(search.usesSelfJoin(k: 10), "rows \(rows)")
            assertBruteForceSearch(train: train, query: randomMatrix(rows: 50, cols: 20, seed: 42), k: 10, trainingK: 10)
        }
        // Too few rows for two blocks: the block search serves the training rows too.
        XCTAssertFalse(NeighborSearch(training: randomMatrix(rows: 500, cols: 20, seed: 43)).usesSelfJoin(k: 10))
    }

    /// The self join on discrete data with duplicate rows: ties everywhere, pools (four times k)
    /// overflowing, compacted and measured early. Still exactly brute force.
    func testSelfJoinWithTiesMatchesBruteForce() {
        let grid = randomMatrix(rows: 900, cols: 20, seed: 44, integerGrid: true)
        let train = Matrix(rows: 1000, cols: 20, values: grid.values + grid.values[0..<(100 * 20)])
        XCTAssertTrue(NeighborSearch(training: train).usesSelfJoin(k: 40))
        assertBruteForceSearch(train: train, query: randomMatrix(rows: 20, cols: 20, seed: 45, integerGrid: true),
                               k: 5, trainingK: 40)
    }

    /// Brute force over more training rows than one tile holds (`BruteForceSearch.chunkRows`), so each
    /// query row's screening state carries over from one training chunk to the next.
    func testBruteForceAcrossTrainingChunksMatchesBruteForce() {
        assertBruteForceSearch(train: randomMatrix(rows: 2500, cols: 20, seed: 31),
                               query: randomMatrix(rows: 300, cols: 20, seed: 32), k: 9)
    }

    /// Sparse binary rows (one entry in ten is 1): hundreds of rows lie at the same distance from a
    /// query, more than a row's pool holds (`BruteForceSearch.poolCapacity`), so pools are compacted
    /// and, when compaction frees too little, measured early. Still exactly brute force.
    func testBruteForceWithMoreTiesThanAPoolHolds() {
        var g = SeededGenerator(seed: 33)
        func sparse(_ rows: Int) -> Matrix {
            Matrix(rows: rows, cols: 20, values: (0..<(rows * 20)).map { _ in g.nextInt(below: 10) == 0 ? 1 : 0 })
        }
        assertBruteForceSearch(train: sparse(1500), query: sparse(120), k: 12, trainingK: 30)
    }

    /// A query row far outside the training rows' range (beyond what the single-precision estimates
    /// serve) is measured exactly against every row; its neighbours and those of ordinary rows in the
    /// same block are still brute force's.
    func testFarOutQueryRowsMatchBruteForce() {
        let train = randomMatrix(rows: 400, cols: 20, seed: 34)
        var query = randomMatrix(rows: 40, cols: 20, seed: 35)
        for j in 0..<20 { query[3, j] = 1e30 * Double(j + 1); query[17, j] = -1e25 }
        assertBruteForceSearch(train: train, query: query, k: 5)
    }

    /// Values near the bottom of Double's range cannot be scaled into Float's exactly; then every
    /// distance is measured exactly, and the result is still brute force's.
    func testValuesBeyondSinglePrecisionScalingMatchBruteForce() {
        var train = randomMatrix(rows: 300, cols: 20, seed: 36)
        for i in 0..<train.values.count { train.values[i] *= 1e-160 }
        let search = NeighborSearch(training: train)
        XCTAssertFalse(search.usesTree)
        assertSame(search.queryTraining(k: 6), bruteForce(train: train, query: train, k: 6, excludingSelf: true))
    }

    /// The probe's early stop: where the boxes do not prune it stops once the share is certainly above
    /// the limit (still reporting more than the limit, and no more than the full probe); where they
    /// prune it measures every probe and reports exactly the full probe's share.
    func testProbeStopsEarlyOnlyAboveItsLimit() {
        let wide = randomMatrix(rows: 1500, cols: 20, seed: 41)
        let wideTree = wide.withView { KDTree(training: $0) }
        let full = wideTree.measuredShare(k: 10), stopped = wideTree.measuredShare(k: 10, stopAbove: 0.2)
        XCTAssertGreaterThan(full, 0.2)
        XCTAssertGreaterThan(stopped, 0.2)
        XCTAssertLessThan(stopped, full)
        let narrow = randomMatrix(rows: 1500, cols: 2, seed: 42)
        let narrowTree = narrow.withView { KDTree(training: $0) }
        XCTAssertLessThan(narrowTree.measuredShare(k: 10), 0.2)
        XCTAssertEqual(narrowTree.measuredShare(k: 10, stopAbove: 0.2), narrowTree.measuredShare(k: 10))
    }

    /// More neighbours than a row's pool holds (k = 400 of 700 rows, pool 256): the pool fills before
    /// any bound exists and is measured as it fills. Still exactly brute force.
    func testMoreNeighboursThanAPoolHolds() {
        assertBruteForceSearch(train: randomMatrix(rows: 700, cols: 20, seed: 43),
                               query: randomMatrix(rows: 30, cols: 20, seed: 44), k: 400, trainingK: 699)
    }
}
