import COpenBLAS
import CSVM
import DashostPluginKit
import Foundation

/// The decision function of a trained two-class or one-class SVM, `f(x) = sum_i c_i K(sv_i, x) - rho`,
/// evaluated densely: one BLAS matrix product per block of rows gives every row-by-support-vector dot
/// product, the kernel maps them, and blocks run on all cores.
///
/// Why not libsvm's `svm_predict_values`: it evaluates one kernel at a time over sparse nodes on one
/// thread. A one-class SVM with nu = 0.5 keeps half its training rows as support vectors, and its
/// policy scores thousands of candidate rows several times, so prediction dominated the detector's
/// cost. The values agree with libsvm's to rounding (tests compare them); libsvm still does all the
/// training.
public struct KernelExpansion {
    /// Support vectors, one dense row each.
    public let supportVectors: Matrix
    /// Coefficient of each support vector (libsvm's `sv_coef[0]`: alpha_i, times y_i for classification).
    public let coefficients: [Double]
    /// Offset subtracted from the kernel sum (libsvm's `rho[0]`).
    public let rho: Double
    /// The kernel the model was trained with.
    public let kernel: LibSVMKernel
    /// Squared norm of each support vector (RBF distances as `|x|^2 + |s|^2 - 2 x.s`).
    private let supportNorms: [Double]

    /// Copies the support vectors, coefficients and offset of a libsvm model with a single decision
    /// function (one-class, or classification with two classes).
    init(model: UnsafePointer<svm_model>, cols: Int, kernel: LibSVMKernel) {
        let l = Int(model.pointee.l)
        var sv = Matrix(rows: l, cols: cols)
        for i in 0..<l {
            var node = model.pointee.SV[i]!
            while node.pointee.index != -1 {
                sv[i, Int(node.pointee.index) - 1] = node.pointee.value
                node += 1
            }
        }
        supportVectors = sv
        coefficients = Array(UnsafeBufferPointer(start: model.pointee.sv_coef[0]!, count: l))
        rho = model.pointee.rho[0]
        self.kernel = kernel
        supportNorms = sv.values.withUnsafeBufferPointer { v in (0..<l).map { squaredNorm(v.baseAddress! + $0 * cols, cols) } }
    }

    /// `f(x)` for every row of `X` (libsvm's decision value: positive inside the one-class region,
    /// positive for the first class of a classifier).
    public func decisionValues(_ X: MatrixView) -> [Double] {
        let d = supportVectors.cols, l = supportVectors.rows
        precondition(X.cols == d, "KernelExpansion: \(X.cols) columns, trained on \(d)")
        var out = [Double](repeating: -rho, count: X.rows)
        guard X.rows > 0, l > 0 else { return out }
        // Rows per block: keep one block's tile of kernel values near 2 MB.
        let block = max(1, min(256, (1 << 18) / l))
        let blocks = (X.rows + block - 1) / block
        out.withUnsafeMutableBufferPointer { result in
            supportVectors.values.withUnsafeBufferPointer { svBuf in
                supportNorms.withUnsafeBufferPointer { norms in
                    coefficients.withUnsafeBufferPointer { coef in
                        let sv = svBuf.baseAddress!, result = result.baseAddress!
                        Parallel.forChunks(of: blocks, minimumPerChunk: 1) { range in
                            let tile = UnsafeMutablePointer<Double>.allocate(capacity: block * l)
                            defer { tile.deallocate() }
                            for b in range {
                                let lo = b * block, rows = min(X.rows, lo + block) - lo
                                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(l), Int32(d),
                                            1.0, X.data + lo * d, Int32(d), sv, Int32(d), 0.0, tile, Int32(l))
                                for r in 0..<rows {
                                    let dots = tile + r * l
                                    applyKernel(dots, row: X.data + (lo + r) * d, norms: norms.baseAddress!)
                                    result[lo + r] = cblas_ddot(Int32(l), dots, 1, coef.baseAddress!, 1) - rho
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Turns a row of dot products `x . sv_j` into kernel values `K(x, sv_j)` in place.
    private func applyKernel(_ dots: UnsafeMutablePointer<Double>, row x: UnsafePointer<Double>,
                             norms: UnsafePointer<Double>) {
        let l = supportVectors.rows
        switch kernel {
        case .linear:
            return
        case let .rbf(gamma):
            let xn = squaredNorm(x, supportVectors.cols)
            for j in 0..<l { dots[j] = -gamma * max(0, xn + norms[j] - 2 * dots[j]) }
            // Below ln(least normal double) a term is at most 2e-308: skip exp's slow subnormal path
            // (saturated kernels put most terms there) and count it as 0. Vectorised (libmvec).
            dashost_exp_batch(dots, Int32(l), -708.39)
        case let .polynomial(degree, gamma, coef0):
            for j in 0..<l { dots[j] = integerPower(gamma * dots[j] + coef0, degree) }
        case let .sigmoid(gamma, coef0):
            for j in 0..<l { dots[j] = Foundation.tanh(gamma * dots[j] + coef0) }
        }
    }
}

/// `base^exponent` by repeated squaring, as libsvm's `powi` (so the polynomial kernel rounds alike).
@inline(__always)
private func integerPower(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0, b = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result *= b }
        b *= b
        e >>= 1
    }
    return result
}
