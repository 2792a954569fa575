import COpenBLAS
import DashostPluginKit

/// The training rows' own neighbours (`query(training, excludingSelf: true)`, a detector's fit) by
/// brute force over half the distance matrix.
///
/// Why: the squared distances among the training rows are symmetric, so each tile of estimates
/// `rows I x rows J` serves both sides: row i of I screens it along its row, row j of J down its
/// column. The single-precision product, half the search's time, is done once per pair of blocks
/// instead of twice. The price is that every training row's screening state (`ScreenStates`) is held
/// at once, so this is used only while that stays small (`selfJoinMemory`); above it, and for query
/// rows that are not the training rows, the search goes block by block (`run`).
///
/// Order: the diagonal tiles first (each block against itself, all in parallel), then the pairs of
/// distinct blocks in rounds of a round-robin tournament (the circle method): within a round no two
/// pairs share a block, so the cores screen disjoint rows without locks. A row's candidates arrive in
/// a different order than in `run`, which does not change its result (`ScreenStates`), and the
/// estimates are the same bounds, so the neighbours are again exactly brute force's.
extension BruteForceSearch {
    /// Rows per block of the self join; a tile is `selfBlock x selfBlock` estimates (256 KB).
    static let selfBlock = 256

    /// Most bytes of per-row screening state the self join may hold (about 45,000 rows at k = 20).
    static let selfJoinMemory = 64 << 20

    /// Pool capacity per row in the self join: smaller than the block search's (every row's pool is
    /// held at once), at least four times k.
    static func selfJoinCapacity(k: Int) -> Int { max(128, 4 * k) }

    /// Whether `selfJoin` serves the training rows' `k` nearest other rows: estimates usable, at
    /// least two blocks, and the per-row state within `selfJoinMemory`.
    func canSelfJoin(k: Int) -> Bool {
        usable && n >= 2 * Self.selfBlock && n < Int(Int32.max)
            && n * ScreenStates.bytesPerRow(k: k, capacity: Self.selfJoinCapacity(k: k)) <= Self.selfJoinMemory
    }

    /// The pairs of distinct blocks among `blocks`, in rounds where no block appears twice (the circle
    /// method: with `m` even, block `m - 1` meets block `t` in round `t`, and `(t + i) mod (m - 1)`
    /// meets `(t - i) mod (m - 1)`; with `blocks` odd, a missing block `m - 1` sits each round out).
    static func tournamentRounds(blocks: Int) -> [[(Int, Int)]] {
        let m = blocks + blocks % 2
        guard m >= 2 else { return [] }
        var rounds: [[(Int, Int)]] = []
        for t in 0..<(m - 1) {
            var pairs: [(Int, Int)] = []
            if m - 1 < blocks { pairs.append((min(t, m - 1), max(t, m - 1))) }
            for i in 1..<(m / 2) {
                let a = (t + i) % (m - 1), b = (t - i + (m - 1)) % (m - 1)
                pairs.append((min(a, b), max(a, b)))
            }
            rounds.append(pairs)
        }
        return rounds
    }

    /// Writes the `k` nearest other training rows of every training row (distance, index; nearest
    /// first, ties by index) at `distOut + i * k`, `idxOut + i * k`. Requires `canSelfJoin(k:)`.
    func selfJoin(k: Int, train: UnsafePointer<Double>, distOut: UnsafeMutablePointer<Double>,
                  idxOut: UnsafeMutablePointer<Int>) {
        precondition(canSelfJoin(k: k), "BruteForceSearch.selfJoin: not for this data")
        let block = Self.selfBlock, blocks = (n + block - 1) / block
        let states = ScreenStates(rows: n, k: k, capacity: Self.selfJoinCapacity(k: k))
        states.reset(0..<n)
        let workers = Parallel.workers
        let tiles = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: block * block) }
        let minima = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: block) }
        defer { tiles.forEach { $0.deallocate() }; minima.forEach { $0.deallocate() } }

        let rounds = [(0..<blocks).map { ($0, $0) }] + Self.tournamentRounds(blocks: blocks)
        for pairs in rounds {
            Parallel.forEach(min(workers, pairs.count)) { w in
                var p = w
                while p < pairs.count {
                    joinTile(rows: pairs[p].0, columns: pairs[p].1, k: k, states: states, train: train,
                             tile: tiles[w], minima: minima[w])
                    p += workers
                }
            }
        }
        Parallel.forChunks(of: n, minimumPerChunk: 256) { range in
            for r in range {
                var cursor = states.cursor(r, query: train + r * d, train: train, d: d)
                cursor.measurePool()
                states.save(cursor, row: r)
                pairDrain(states.exact + r * k, states.candidates + r * k, states.sizes[r],
                          distances: distOut + r * k, indices: idxOut + r * k)
            }
        }
    }

    /// Estimates the tile of blocks `I x J` and screens it for the rows of `I` (along the tile's rows)
    /// and, when `J != I`, for the rows of `J` (down its columns).
    private func joinTile(rows I: Int, columns J: Int, k: Int, states: ScreenStates, train: UnsafePointer<Double>,
                          tile: UnsafeMutablePointer<Float>, minima: UnsafeMutablePointer<Float>) {
        let block = Self.selfBlock
        let i0 = I * block, bi = min(block, n - i0), j0 = J * block, bj = min(block, n - j0)
        let c = Self.errorPerNorm(d), c2 = 2 * c, floor2 = 2 * Self.errorFloor
        points.withUnsafeBufferPointer { points in
            norms.withUnsafeBufferPointer { norms in
                shiftedNorms.withUnsafeBufferPointer { shifted in
                    let norms = norms.baseAddress!
                    // The lower bounds E - w in one sgemm, as in `run`.
                    Self.startLowerBounds(tile, rows: bi, cols: bj, shiftedNorms: shifted.baseAddress! + j0) {
                        norms[i0 + $0] * (1 - c)
                    }
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(bi), Int32(bj), Int32(d),
                                -2.0, points.baseAddress! + i0 * d, Int32(d), points.baseAddress! + j0 * d, Int32(d),
                                1.0, tile, Int32(bj))
                    for r in 0..<bi {
                        let i = i0 + r
                        var cursor = states.cursor(i, query: train + i * d, train: train, d: d)
                        screen(&cursor, skip: I == J ? i : -1, queryNorm: norms[i], lowerBounds: tile + r * bj,
                               norms: norms + j0, first: j0, count: bj)
                        states.save(cursor, row: i)
                    }
                    guard I != J else { return }
                    // Down the columns, 32 tile rows at a time: the column minima (one vector pass over
                    // the run) rule out most columns against their row's top.
                    var rs = 0
                    while rs < bi {
                        let re = min(bi, rs + 32)
                        for j in 0..<bj { minima[j] = tile[rs * bj + j] }
                        for r in (rs + 1)..<re {
                            let row = tile + r * bj
                            for j in 0..<bj { let v = row[j]; minima[j] = v < minima[j] ? v : minima[j] }
                        }
                        for j in 0..<bj where minima[j] <= states.tops[j0 + j] {
                            let jr = j0 + j
                            var cursor = states.cursor(jr, query: train + jr * d, train: train, d: d)
                            let nj = norms[jr]
                            for r in rs..<re {
                                let lower = tile[r * bj + j]
                                if lower > cursor.top { continue }
                                cursor.offer(lower: lower, width: c2 * (nj + norms[i0 + r]) + floor2, index: i0 + r)
                            }
                            states.save(cursor, row: jr)
                        }
                        rs = re
                    }
                }
            }
        }
    }
}
