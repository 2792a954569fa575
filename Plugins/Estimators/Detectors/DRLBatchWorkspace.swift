import COpenBLAS
import Foundation

/// The buffers and the hand-derived forward and backward passes of DRL (``DecomposedRepresentation``)
/// on one block of at most `capacity` rows, all on `cblas_dgemm` over row-major buffers.
///
/// Notation (per block of `r` rows `X`, `r x d`): `Z1 = lrelu(X W1^T)`, `H = lrelu(Z1 W2^T)`,
/// `Q1 = lrelu(X V1^T)`, `W = Q1 V2^T` (`r x K`), `R = H - W B`, `Xh = H D^T`. Per row: `e = ||R||^2`,
/// `s = ||H||^2`, the alignment cosine `cos(Xh, x)`. LeakyReLU's derivative is read off its output
/// (positive exactly where the input is), so pre-activations are never stored.
///
/// The buffers are allocated once; the passes allocate nothing.
final class DRLBatchWorkspace {
    let d: Int, hidden: Int, basisCount: Int, capacity: Int
    /// Activations, `capacity` rows each.
    let z1, h, q1, w, r, xh: UnsafeMutablePointer<Double>
    /// Backward scratch: the gradient with respect to H (then to H's pre-activation), to W, to Xh,
    /// and a `capacity x hidden` buffer for the first layers' pre-activation gradients.
    let dh, dw, dxh, t: UnsafeMutablePointer<Double>
    /// Per row: `e`, `s`, `Xh . x`, `||Xh||`, `||x||`.
    let e, s, dot, reconstructionNorm, inputNorm: UnsafeMutablePointer<Double>
    /// This block's gradient, in ``DRLNetwork/parameters`` layout.
    let gradient: UnsafeMutablePointer<Double>
    let parameterCount: Int

    init(inputs d: Int, hidden: Int, basisCount: Int, capacity: Int, parameterCount: Int) {
        self.d = d
        self.hidden = hidden
        self.basisCount = basisCount
        self.capacity = capacity
        self.parameterCount = parameterCount
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            return p
        }
        z1 = buffer(capacity * hidden); h = buffer(capacity * hidden); q1 = buffer(capacity * hidden)
        w = buffer(capacity * basisCount); r = buffer(capacity * hidden); xh = buffer(capacity * d)
        dh = buffer(capacity * hidden); dw = buffer(capacity * basisCount); dxh = buffer(capacity * d)
        t = buffer(capacity * hidden)
        e = buffer(capacity); s = buffer(capacity); dot = buffer(capacity)
        reconstructionNorm = buffer(capacity); inputNorm = buffer(capacity)
        gradient = buffer(parameterCount)
    }

    deinit {
        for p in [z1, h, q1, w, r, xh, dh, dw, dxh, t, e, s, dot, reconstructionNorm, inputNorm, gradient] {
            p.deallocate()
        }
    }

    /// Offsets of the layers in the parameter buffer (``DRLNetwork/Layer`` order).
    private var offsets: (w1: Int, w2: Int, v1: Int, v2: Int, decoder: Int) {
        let w2 = hidden * d, v1 = w2 + hidden * hidden, v2 = v1 + hidden * d, dec = v2 + basisCount * hidden
        return (0, w2, v1, v2, dec)
    }

    /// `C = alpha op(A) op(B) + beta C`, row-major.
    @inline(__always)
    private func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                      _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                      _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// LeakyReLU in place on `count` values.
    @inline(__always)
    private func leakyReLU(_ p: UnsafeMutablePointer<Double>, _ count: Int) {
        let slope = DRLNetwork.slope
        for i in 0..<count where !(p[i] > 0) { p[i] *= slope }
    }

    /// Multiplies `gradient` by LeakyReLU's derivative, read off the layer's `output`.
    @inline(__always)
    private func leakyReLUBackward(_ gradient: UnsafeMutablePointer<Double>, output: UnsafePointer<Double>, _ count: Int) {
        let slope = DRLNetwork.slope
        for i in 0..<count where !(output[i] > 0) { gradient[i] *= slope }
    }

    /// The forward pass on the `rows` rows at `x` (standardised, `rows x d`): fills the activations,
    /// `e` and `s`, and with `reconstruct` also `Xh` and the alignment terms.
    func forward(_ x: UnsafePointer<Double>, rows n: Int, parameters p: UnsafePointer<Double>,
                 basis: UnsafePointer<Double>, reconstruct: Bool) {
        precondition(n >= 1 && n <= capacity, "DRLBatchWorkspace.forward: \(n) rows, capacity \(capacity)")
        let H = hidden, K = basisCount, o = offsets
        gemm(false, true, n, H, d, 1, x, d, p + o.w1, d, 0, z1, H)
        leakyReLU(z1, n * H)
        gemm(false, true, n, H, H, 1, z1, H, p + o.w2, H, 0, h, H)
        leakyReLU(h, n * H)
        gemm(false, true, n, H, d, 1, x, d, p + o.v1, d, 0, q1, H)
        leakyReLU(q1, n * H)
        gemm(false, true, n, K, H, 1, q1, H, p + o.v2, H, 0, w, K)
        r.update(from: h, count: n * H)
        gemm(false, false, n, H, K, -1, w, K, basis, H, 1, r, H)
        for i in 0..<n {
            var ee = 0.0, ss = 0.0
            let ri = r + i * H, hi = h + i * H
            for j in 0..<H {
                ee += ri[j] * ri[j]
                ss += hi[j] * hi[j]
            }
            e[i] = ee
            s[i] = ss
        }
        guard reconstruct else { return }
        gemm(false, true, n, d, H, 1, h, H, p + o.decoder, H, 0, xh, d)
        for i in 0..<n {
            var ab = 0.0, aa = 0.0, bb = 0.0
            let a = xh + i * d, b = x + i * d
            for j in 0..<d {
                ab += a[j] * b[j]
                aa += a[j] * a[j]
                bb += b[j] * b[j]
            }
            dot[i] = ab
            reconstructionNorm[i] = aa.squareRoot()
            inputNorm[i] = bb.squareRoot()
        }
    }

    /// The alignment cosine of row `i` after `forward`: `Xh . x / max(||Xh|| ||x||, eps)`.
    @inline(__always)
    func cosine(_ i: Int) -> Double {
        dot[i] / max(reconstructionNorm[i] * inputNorm[i], DecomposedRepresentation.cosineEpsilon)
    }

    /// The backward pass after `forward(reconstruct: true)` on the same rows: writes this block's
    /// share of the batch gradient into `gradient`.
    ///
    /// - `batchRows`: the batch's row count `N` (the losses are means over the whole batch);
    /// - `ratio[i]`: whether row `i`'s decomposition term is the normalised `e / s` (else `e`);
    /// - `diversity`: the separation loss's gradient with respect to `W`, `rows x K` (rows outside
    ///   its sample are zero).
    func backward(_ x: UnsafePointer<Double>, rows n: Int, batchRows: Int, parameters p: UnsafePointer<Double>,
                  basis: UnsafePointer<Double>, ratio: UnsafePointer<Bool>, alpha: Double,
                  diversity: UnsafePointer<Double>) {
        let H = hidden, K = basisCount, o = offsets, g = gradient
        let N = Double(batchRows)
        // Decomposition term: dL/dR into r (in place), plus the normalisation's dL/dH into dh.
        for i in 0..<n {
            let ri = r + i * H, hi = h + i * H, di = dh + i * H
            if ratio[i] {
                let c = 2 / (N * s[i]), cs = -2 * e[i] / (N * s[i] * s[i])
                for j in 0..<H {
                    ri[j] *= c
                    di[j] = ri[j] + cs * hi[j]
                }
            } else {
                let c = 2 / N
                for j in 0..<H {
                    ri[j] *= c
                    di[j] = ri[j]
                }
            }
        }
        // Alignment term alpha * mean(1 - cos(Xh, x)): dL/dXh = -(alpha / N) dcos/dXh.
        let eps = DecomposedRepresentation.cosineEpsilon
        for i in 0..<n {
            let a = xh + i * d, b = x + i * d, out = dxh + i * d
            let product = reconstructionNorm[i] * inputNorm[i]
            let f = -alpha / N
            if product > eps {
                let cos = dot[i] / product
                let na2 = reconstructionNorm[i] * reconstructionNorm[i]
                for j in 0..<d { out[j] = f * (b[j] / product - cos * a[j] / na2) }
            } else {
                for j in 0..<d { out[j] = f * b[j] / eps }
            }
        }
        // Decoder: dD = dXh^T H; dH += dXh D.
        gemm(true, false, d, H, n, 1, dxh, d, h, H, 0, g + o.decoder, H)
        gemm(false, false, n, H, d, 1, dxh, d, p + o.decoder, H, 1, dh, H)
        // dW = -dR B^T + the separation term's gradient.
        dw.update(from: diversity, count: n * K)
        gemm(false, true, n, K, H, -1, r, H, basis, H, 1, dw, K)
        // Encoder.
        leakyReLUBackward(dh, output: h, n * H)
        gemm(true, false, H, H, n, 1, dh, H, z1, H, 0, g + o.w2, H)
        gemm(false, false, n, H, H, 1, dh, H, p + o.w2, H, 0, t, H)
        leakyReLUBackward(t, output: z1, n * H)
        gemm(true, false, H, d, n, 1, t, H, x, d, 0, g + o.w1, d)
        // Weight network.
        gemm(true, false, K, H, n, 1, dw, K, q1, H, 0, g + o.v2, H)
        gemm(false, false, n, H, K, 1, dw, K, p + o.v2, H, 0, t, H)
        leakyReLUBackward(t, output: q1, n * H)
        gemm(true, false, H, d, n, 1, t, H, x, d, 0, g + o.v1, d)
    }
}
