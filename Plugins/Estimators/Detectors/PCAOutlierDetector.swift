import COpenBLAS
import DashostPluginKit
import Foundation

/// Principal-component outlier detector as PyOD's `PCA()` (Shyu et al. 2003, PyOD's variant).
///
/// Fit: standardise each column with the training mean and population standard deviation (as
/// scikit-learn's `StandardScaler`, which leaves a constant column's scale at 1), then take the
/// principal axes `v_j` of the standardised rows with their explained-variance ratios `r_j` (a thin
/// SVD of the centred rows, signs fixed as scikit-learn's `svd_flip(u_based_decision=False)`: the
/// largest-magnitude entry of every axis is positive).
///
/// Score of a row `x`, standardised to `z`: `sum_j ||z - v_j|| / r_j` over the kept axes — PyOD's
/// `cdist(X, components_) / explained_variance_ratio_` summed (`weighted=True`); with
/// `weighted = false` the divisor is 1. Higher = more anomalous.
///
/// Difference from PyOD, on purpose: an axis whose singular value is numerically zero (at most
/// `sigma_max * max(n, d) * eps`, NumPy's `matrix_rank` tolerance) carries no variance; PyOD divides by
/// its ratio of ~0 and returns infinite or NaN scores (Cardiotocography, campaign, cardio, mnist,
/// optdigits). Such axes are dropped here. This covers every axis beyond the rank of the centred
/// training rows, e.g. when there are fewer rows than columns. If no axis is left (every training row
/// identical), the score is `||z||`, the standardised distance from the training mean.
public struct PCAOutlierDetector {
    /// The default `standardize`: PyOD's `standardization`.
    public static let defaultStandardize = true
    /// The default `weighted`: PyOD's.
    public static let defaultWeighted = true

    /// Whether to standardise columns before the decomposition (PyOD's `standardization`).
    public let standardize: Bool
    /// Whether to divide each axis's distance by its explained-variance ratio (PyOD's `weighted`).
    public let weighted: Bool
    /// Number of principal axes to keep, largest first; `nil` = all, `min(n, d)` (PyOD's `n_components`).
    public let components: Int?
    /// How many of the kept axes, counted from the smallest, enter the score; `nil` = all
    /// (PyOD's `n_selected_components`).
    public let selectedComponents: Int?

    /// Training column means.
    public private(set) var mean: [Double] = []
    /// Training column scales (population standard deviation, 1 for constant columns; all 1 when
    /// `standardize` is false).
    public private(set) var scale: [Double] = []
    /// The scoring axes, row-major (`axisCount` rows of `featureCount` values), largest variance first.
    public private(set) var axes: [Double] = []
    /// Explained-variance ratio of each scoring axis.
    public private(set) var ratios: [Double] = []
    /// Number of scoring axes (after dropping zero-variance ones).
    public private(set) var axisCount = 0
    /// Number of columns seen at fit; 0 while unfitted.
    public private(set) var featureCount = 0

    /// Creates an unfitted detector with PyOD's defaults.
    public init(standardize: Bool = PCAOutlierDetector.defaultStandardize, weighted: Bool = PCAOutlierDetector.defaultWeighted,
                components: Int? = nil, selectedComponents: Int? = nil) {
        precondition((components ?? 1) >= 1 && (selectedComponents ?? 1) >= 1, "PCAOutlierDetector: counts must be >= 1")
        self.standardize = standardize
        self.weighted = weighted
        self.components = components
        self.selectedComponents = selectedComponents
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { featureCount > 0 }

    /// Errors from the decomposition.
    public enum FitError: Error, CustomStringConvertible {
        /// LAPACK's SVD reported `info != 0`.
        case svdFailed(Int)
        /// A message naming the failing LAPACK call.
        public var description: String {
            switch self {
            case .svdFailed(let info): return "PCA: LAPACK dgesvd failed (info = \(info))"
            }
        }
    }

    /// Learns the standardisation and the principal axes of the rows of `X`.
    public mutating func fit(_ X: MatrixView) throws {
        let n = X.rows, d = X.cols
        precondition(n >= 1 && d >= 1, "PCAOutlierDetector.fit: empty input")
        let (mu, sd) = PCAOutlierDetector.columnMoments(X, standardize: standardize)

        // Centred, standardised copy, written column-major (LAPACK's own order, so no transposed copy).
        // In tiles of 64 rows: the tile's rows stay in cache while each column's 64 values are
        // written contiguously (a plain row loop writes d places n values apart per row).
        var A = [Double](repeating: 0, count: n * d)
        A.withUnsafeMutableBufferPointer { a in
            mu.withUnsafeBufferPointer { mu in
                sd.withUnsafeBufferPointer { sd in
                    let a = a.baseAddress!
                    var tile = 0
                    while tile < n {
                        let end = min(n, tile + 64)
                        for j in 0..<d {
                            let m = mu[j], s = sd[j], column = a + j * n
                            for i in tile..<end { column[i] = (X.data[i * d + j] - m) / s }
                        }
                        tile = end
                    }
                }
            }
        }
        let k = min(n, d)
        var singular = [Double](repeating: 0, count: k)
        var vt = [Double](repeating: 0, count: k * d)
        var superb = [Double](repeating: 0, count: max(1, k - 1))
        var unusedU = 0.0
        let none = CChar(UInt8(ascii: "N")), thin = CChar(UInt8(ascii: "S"))
        if n >= 2 * d {
            // Tall data: A = QR (blocked Householder), and A's singular values and right singular
            // vectors are R's. This is dgesvd's own first step for tall input; doing it here keeps the
            // data in place and leaves only a d x d SVD.
            var R = try PCAOutlierDetector.triangularFactor(&A, rows: n, cols: d)
            A = []
            let info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, none, thin, numericCast(d), numericCast(d), &R, numericCast(d),
                                      &singular, &unusedU, 1, &vt, numericCast(d), &superb)
            guard info == 0 else { throw FitError.svdFailed(Int(info)) }
        } else {
            // Short or wide data: divide and conquer (dgesdd) on A itself. It needs U as well
            // (n x k, at most twice the size of vt here) but is several times faster than dgesvd's
            // QR iteration once vectors are wanted.
            var u = [Double](repeating: 0, count: n * k)
            let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, thin, numericCast(n), numericCast(d), &A, numericCast(n),
                                      &singular, &u, numericCast(n), &vt, numericCast(k))
            guard info == 0 else { throw FitError.svdFailed(Int(info)) }
        }
        // vt is column-major k x d; the code below reads axis j as row j of a row-major k x d matrix.
        var rowMajor = [Double](repeating: 0, count: k * d)
        for j in 0..<k { for c in 0..<d { rowMajor[j * d + c] = vt[c * k + j] } }
        vt = rowMajor

        // Explained-variance ratio over every axis, as scikit-learn (before truncation).
        let total = singular.reduce(0) { $0 + $1 * $1 }
        let tolerance = (singular.first ?? 0) * Double(max(n, d)) * Double.ulpOfOne
        var kept = min(components ?? k, k)
        while kept > 0 && !(singular[kept - 1] > tolerance) { kept -= 1 }  // drop zero-variance axes
        // PyOD scores with the last n_selected_components of the n_components axes.
        let requestedLast = min(components ?? k, k)
        let first = selectedComponents.map { max(0, requestedLast - $0) } ?? 0

        var chosenAxes: [Double] = []
        var chosenRatios: [Double] = []
        if first < kept {
            for j in first..<kept {
                var axis = Array(vt[(j * d)..<((j + 1) * d)])
                // svd_flip(u_based_decision=False): the largest |entry| (first one on ties) is positive.
                var arg = 0
                for c in 1..<d where abs(axis[c]) > abs(axis[arg]) { arg = c }
                if axis[arg] < 0 { for c in 0..<d { axis[c] = -axis[c] } }
                chosenAxes += axis
                chosenRatios.append(singular[j] * singular[j] / total)
            }
        }
        mean = mu
        scale = sd
        axes = chosenAxes
        ratios = chosenRatios
        axisCount = chosenRatios.count
        featureCount = d
    }

    /// Rows from which a tall QR is split in two halves factored on two cores.
    static let splitQRRows = 8192

    /// The triangular factor R (column-major d x d, zeros below the diagonal) of `A = QR`, for the
    /// column-major `rows x cols` matrix `A` (overwritten), `rows >= 2 * cols`.
    ///
    /// From `splitQRRows` rows, the two halves of the rows are factored concurrently and their two
    /// R factors, stacked, factored once more (TSQR): `A = diag(Q1, Q2) [R1; R2] = diag(Q1, Q2) Q3 R`,
    /// so R has A's singular values and right singular vectors, as stable as one Householder QR.
    /// LAPACK's blocked QR runs on one core here (OpenBLAS single-threaded under the plugins' own
    /// parallelism), and on campaign (18,274 x 62) it is most of PCA's fit.
    static func triangularFactor(_ A: inout [Double], rows n: Int, cols d: Int) throws -> [Double] {
        var R = [Double](repeating: 0, count: d * d)
        if n < splitQRRows || n / 2 < 2 * d {
            var tau = [Double](repeating: 0, count: d)
            let qr = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, numericCast(n), numericCast(d), &A, numericCast(n), &tau)
            guard qr == 0 else { throw FitError.svdFailed(Int(qr)) }
            A.withUnsafeBufferPointer { copyUpperTriangle(cols: d, from: $0.baseAddress!, leading: n, to: &R, leading: d) }
            return R
        }
        let half = n / 2
        var status: [Int32] = [0, 0]
        var stacked = [Double](repeating: 0, count: 2 * d * d)  // column-major 2d x d: [R1; R2]
        A.withUnsafeMutableBufferPointer { a in
            status.withUnsafeMutableBufferPointer { status in
                stacked.withUnsafeMutableBufferPointer { stacked in
                    let a = a.baseAddress!, status = status.baseAddress!, stacked = stacked.baseAddress!
                    Parallel.forEach(2) { part in
                        let first = part == 0 ? 0 : half, count = part == 0 ? half : n - half
                        var tau = [Double](repeating: 0, count: d)
                        status[part] = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, numericCast(count), numericCast(d),
                                                      a + first, numericCast(n), &tau)
                        copyUpperTriangle(cols: d, from: a + first, leading: n, to: stacked + part * d, leading: 2 * d)
                    }
                }
            }
        }
        if let failed = status.first(where: { $0 != 0 }) { throw FitError.svdFailed(Int(failed)) }
        var tau = [Double](repeating: 0, count: d)
        let qr = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, numericCast(2 * d), numericCast(d), &stacked, numericCast(2 * d), &tau)
        guard qr == 0 else { throw FitError.svdFailed(Int(qr)) }
        stacked.withUnsafeBufferPointer { copyUpperTriangle(cols: d, from: $0.baseAddress!, leading: 2 * d, to: &R, leading: d) }
        return R
    }

    /// Copies the upper triangle (diagonal included) of the column-major `cols x cols` block at
    /// `source` (leading dimension `sourceStride`, as LAPACK's `lda`) to `target` (leading dimension
    /// `targetStride`): the R factor `dgeqrf` leaves above its Householder vectors.
    private static func copyUpperTriangle(cols d: Int, from source: UnsafePointer<Double>, leading sourceStride: Int,
                                          to target: UnsafeMutablePointer<Double>, leading targetStride: Int) {
        for c in 0..<d { for r in 0...c { target[c * targetStride + r] = source[c * sourceStride + r] } }
    }

    /// Writes the anomaly score of each row of `X` into `out` (`out.count == X.rows`); rows are scored
    /// independently, in parallel.
    public func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(isFitted, "PCAOutlierDetector.score before fit")
        precondition(X.cols == featureCount, "PCAOutlierDetector.score: \(X.cols) columns, fitted on \(featureCount)")
        precondition(out.count == X.rows, "PCAOutlierDetector.score: output length differs from row count")
        let d = featureCount, k = axisCount
        let weights = ratios.map { weighted ? 1 / $0 : 1 }
        mean.withUnsafeBufferPointer { mu in
            scale.withUnsafeBufferPointer { sd in
                axes.withUnsafeBufferPointer { V in
                    weights.withUnsafeBufferPointer { w in
                        Parallel.forChunks(of: X.rows, minimumPerChunk: 32) { range in
                            // Eight rows at a time, their standardised values transposed (`zT[j]` holds
                            // column j of the eight rows): every axis's dot product then runs on eight
                            // rows in vector lanes. Each lane still sums its row in column order, so a
                            // score is the same as for the row alone.
                            let zT = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: d)
                            defer { zT.deallocate() }
                            var group = range.lowerBound
                            while group < range.upperBound {
                                let width = min(8, range.upperBound - group)
                                var norm2 = SIMD8<Double>(repeating: 0)
                                for j in 0..<d {
                                    var column = SIMD8<Double>(repeating: 0)
                                    for r in 0..<8 {
                                        // A short last group repeats its last row in the spare lanes.
                                        column[r] = X.data[(group + min(r, width - 1)) * d + j]
                                    }
                                    let z = (column - SIMD8(repeating: mu[j])) / SIMD8(repeating: sd[j])
                                    zT[j] = z
                                    norm2 += z * z
                                }
                                var s = SIMD8<Double>(repeating: 0)
                                if k == 0 {
                                    s = norm2.squareRoot()
                                }
                                for a in 0..<k {
                                    let v = V.baseAddress! + a * d
                                    var dot = SIMD8<Double>(repeating: 0)
                                    for j in 0..<d { dot += zT[j] * SIMD8(repeating: v[j]) }
                                    // ||z - v||^2 = ||z||^2 - 2 z.v + ||v||^2 (||v|| = 1), clamped at 0.
                                    var squared = norm2 - 2 * dot + 1
                                    squared.replace(with: 0, where: .!(squared .>= 0))
                                    s += squared.squareRoot() * SIMD8(repeating: w[a])
                                }
                                for r in 0..<width { out[group + r] = s[r] }
                                group += width
                            }
                        }
                    }
                }
            }
        }
    }

    /// The scores of every row of `X`.
    public func score(_ X: MatrixView) -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        out.withUnsafeMutableBufferPointer { score(X, into: $0) }
        return out
    }

    /// Column means and scales as scikit-learn's `StandardScaler`: population standard deviation, and
    /// scale 1 for a column it deems constant (`var <= n eps var + (n mean eps)^2`), so such a column
    /// is only centred. Without standardisation every scale is 1.
    static func columnMoments(_ X: MatrixView, standardize: Bool) -> (mean: [Double], scale: [Double]) {
        let n = X.rows, d = X.cols
        var mu = [Double](repeating: 0, count: d)
        var sd = [Double](repeating: 1, count: d)
        var variance = [Double](repeating: 0, count: d)
        mu.withUnsafeMutableBufferPointer { mu in
            variance.withUnsafeMutableBufferPointer { variance in
                // Row by row, each column's sum in row order (the same sums as column by column).
                for i in 0..<n {
                    let row = X.data + i * d
                    for j in 0..<d { mu[j] += row[j] }
                }
                for j in 0..<d { mu[j] /= Double(n) }
                guard standardize else { return }
                for i in 0..<n {
                    let row = X.data + i * d
                    for j in 0..<d {
                        let c = row[j] - mu[j]
                        variance[j] += c * c
                    }
                }
            }
        }
        guard standardize else { return (mu, sd) }
        let eps = Double.ulpOfOne, m = Double(n)
        for j in 0..<d {
            let v = variance[j] / m
            let bound = m * eps * v + (m * mu[j] * eps) * (m * mu[j] * eps)
            sd[j] = v <= bound ? 1 : v.squareRoot()
        }
        return (mu, sd)
    }
}
