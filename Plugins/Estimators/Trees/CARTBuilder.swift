import Foundation

/// One training sample's value of the feature being examined, with the row it came from.
struct FeatureSample {
    var value: Double
    var row: Int32
}

/// Grows a CART tree depth-first, the way scikit-learn's `BestSplitter` + `DepthFirstTreeBuilder` do.
///
/// The samples of a node occupy a contiguous slice of one index array; a split partitions that slice in
/// place, so growing allocates nothing per node beyond the five output arrays. For each candidate
/// feature the node's values are copied next to their row indices into one scratch buffer and sorted.
struct CARTBuilder {
    /// Values closer than this count as equal (scikit-learn's `FEATURE_THRESHOLD`).
    static let featureThreshold = 1e-7
    /// With the histogram splitter, nodes of fewer rows than this are still split exactly (sorting
    /// raw values): sorting a few hundred values costs about as much as scanning 256 bins, and deep
    /// nodes are where coarse quantile bins would lose the fine splits that isolate single anomalies.
    static let exactBelow = 1024
    /// Nodes of at least this many rows scan the bins of exactly binned features instead of sorting.
    static let binScanFrom = 64

    let data: TreeTrainingSet
    let parameters: TreeParameters
    /// Bin codes for the histogram splitter; `nil` for the exact (sorting) splitter.
    let binned: BinnedFeatures?

    var feature: [Int32] = []
    var threshold: [Double] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var value: [Double] = []
    var impurity: [Double] = []
    var weighted: [Double] = []

    init(data: TreeTrainingSet, parameters: TreeParameters, binned: BinnedFeatures? = nil) {
        precondition(binned.map { $0.rows == data.rows && $0.cols == data.cols } ?? true, "CARTBuilder: bins of another data set")
        self.data = data
        self.parameters = parameters
        self.binned = binned
    }

    /// A node still to be grown: its slice of the sample array and where it hangs in the tree.
    private struct Pending {
        var start: Int
        var end: Int
        var depth: Int
        var parent: Int
        var isLeft: Bool
    }

    /// The best split found at a node.
    private struct Split {
        var feature: Int
        var threshold: Double
        var leftCount: Int
        /// Histogram splitter: the highest bin code that goes left, when `byBin`.
        var bin: Int = 0
        /// Whether the split was found on bin codes (partition by code) rather than raw values.
        var byBin = false
    }

    mutating func grow(weights: [Double]?, generator: inout SeededGenerator) {
        let n = data.rows, d = data.cols
        let w = weights ?? [Double](repeating: 1, count: n)
        precondition(w.count == n, "DecisionTree: \(w.count) sample weights for \(n) rows")
        var samples = (0..<n).filter { w[$0] > 0 }.map { Int32($0) }
        var features = Array(0..<d)
        let hist = binned != nil
        var scratch = [FeatureSample](repeating: FeatureSample(value: 0, row: 0),
                                      count: hist ? min(samples.count, CARTBuilder.exactBelow) : samples.count)
        // Histogram splitter: per-row class weights and per-bin sums (kept all zero between uses).
        var w1Row = [Double](repeating: 0, count: hist ? n : 0)
        if hist { for i in 0..<n where data.labels[i] == 1 { w1Row[i] = w[i] } }
        let maxBins = BinnedFeatures.maxBins
        var h0 = [Double](repeating: 0, count: hist ? maxBins : 0)
        var h1 = [Double](repeating: 0, count: hist ? maxBins : 0)
        var hc = [Int32](repeating: 0, count: hist ? maxBins : 0)
        let emptyCodes: [UInt8] = []
        var stack = [Pending(start: 0, end: samples.count, depth: 0, parent: -1, isLeft: false)]
        let maxFeatures = parameters.maxFeatures.resolve(featureCount: d)
        let minLeaf = parameters.minSamplesLeaf
        let criterion = parameters.criterion

        data.columns.withUnsafeBufferPointer { columns in
        data.labels.withUnsafeBufferPointer { labels in
        w.withUnsafeBufferPointer { w in
        samples.withUnsafeMutableBufferPointer { samples in
        scratch.withUnsafeMutableBufferPointer { scratch in
        (binned?.codes ?? emptyCodes).withUnsafeBufferPointer { codes in
        w1Row.withUnsafeBufferPointer { w1Row in
        h0.withUnsafeMutableBufferPointer { h0 in
        h1.withUnsafeMutableBufferPointer { h1 in
        hc.withUnsafeMutableBufferPointer { hc in
            /// Calls `visit` with features drawn in random order; `visit` says whether the feature was
            /// non-constant in the node. As in scikit-learn, features are drawn without replacement until
            /// `maxFeatures` have been drawn, and drawing goes on past that while every feature drawn was
            /// constant in the node.
            func forEachDrawnFeature(_ visit: (Int) -> Bool) {
                var drawn = 0, nonConstant = 0
                while drawn < d && (drawn < maxFeatures || nonConstant == 0) {
                    let pick = drawn + generator.nextInt(below: d - drawn)
                    features.swapAt(drawn, pick)
                    let f = features[drawn]
                    drawn += 1
                    if visit(f) { nonConstant += 1 }
                }
            }

            /// Searches the node's drawn features for the split with the best impurity proxy.
            func bestSplit(_ node: Pending, w0: Double, w1: Double) -> Split? {
                let count = node.end - node.start
                var best: Split?
                var bestProxy = -Double.infinity
                forEachDrawnFeature { f in
                    // A feature whose bins are its distinct values (`BinnedFeatures.isExact`) needs no
                    // sort: its bin histogram lists the node's values in order, with the same candidate
                    // splits, thresholds and tie-breaking. Below `binScanFrom` rows sorting is cheaper
                    // than walking up to 256 bins.
                    if let binned, count >= CARTBuilder.binScanFrom, binned.isExact[f] {
                        return scanBins(f, node, w0: w0, w1: w1, best: &best, bestProxy: &bestProxy)
                    }
                    let column = columns.baseAddress! + f * n
                    var lo = Double.infinity, hi = -Double.infinity
                    for k in 0..<count {
                        let r = samples[node.start + k]
                        let v = column[Int(r)]
                        scratch[k] = FeatureSample(value: v, row: r)
                        lo = min(lo, v)
                        hi = max(hi, v)
                    }
                    if hi <= lo + CARTBuilder.featureThreshold { return false }
                    sortByValue(scratch.baseAddress!, count)
                    let sorted = scratch
                    var l0 = 0.0, l1 = 0.0
                    for k in 0..<(count - 1) {
                        let r = Int(sorted[k].row)
                        if labels[r] == 1 { l1 += w[r] } else { l0 += w[r] }
                        let here = sorted[k].value, next = sorted[k + 1].value
                        if next <= here + CARTBuilder.featureThreshold { continue }
                        let leftCount = k + 1
                        if leftCount < minLeaf || count - leftCount < minLeaf { continue }
                        let proxy = criterion.proxy(l0, l1, w0 - l0, w1 - l1)
                        if proxy > bestProxy {
                            bestProxy = proxy
                            var t = here / 2 + next / 2
                            if t == next || !t.isFinite { t = here }
                            best = Split(feature: f, threshold: t, leftCount: leftCount)
                        }
                    }
                    return true
                }
                return best
            }

            /// Scans feature `f` of a node on bin codes: one pass over the node's rows accumulates the
            /// class weights and row count of each bin, then the bins in order are scanned like sorted
            /// values (a candidate split between each two non-empty bins), updating `best` when a
            /// candidate beats `bestProxy`. Returns whether the feature is non-constant in the node.
            func scanBins(_ f: Int, _ node: Pending, w0: Double, w1: Double,
                          best: inout Split?, bestProxy: inout Double) -> Bool {
                let binned = binned!
                let count = node.end - node.start
                let column = codes.baseAddress! + f * n
                var lo = Int(UInt8.max), hi = 0
                for k in 0..<count {
                    let r = Int(samples[node.start + k])
                    let b = Int(column[r])
                    let wr = w[r], w1r = w1Row[r]
                    h0[b] += wr - w1r
                    h1[b] += w1r
                    hc[b] += 1
                    lo = min(lo, b)
                    hi = max(hi, b)
                }
                if lo == hi {
                    h0[lo] = 0; h1[lo] = 0; hc[lo] = 0
                    return false
                }
                var l0 = h0[lo], l1 = h1[lo], leftCount = Int(hc[lo]), previous = lo
                h0[lo] = 0; h1[lo] = 0; hc[lo] = 0
                for b in (lo + 1)...hi where hc[b] > 0 {
                    if leftCount >= minLeaf && count - leftCount >= minLeaf {
                        let proxy = criterion.proxy(l0, l1, w0 - l0, w1 - l1)
                        if proxy > bestProxy {
                            bestProxy = proxy
                            best = Split(feature: f, threshold: binned.threshold(feature: f, left: previous, right: b),
                                         leftCount: leftCount, bin: previous, byBin: true)
                        }
                    }
                    l0 += h0[b]; l1 += h1[b]; leftCount += Int(hc[b])
                    previous = b
                    h0[b] = 0; h1[b] = 0; hc[b] = 0
                }
                return true
            }

            /// `bestSplit` on bin codes for every drawn feature (`scanBins`). Same feature drawing,
            /// order of candidates and tie-breaking as `bestSplit`.
            func bestHistogramSplit(_ node: Pending, w0: Double, w1: Double) -> Split? {
                var best: Split?
                var bestProxy = -Double.infinity
                forEachDrawnFeature { f in scanBins(f, node, w0: w0, w1: w1, best: &best, bestProxy: &bestProxy) }
                return best
            }

            while let node = stack.popLast() {
                var w0 = 0.0, w1 = 0.0
                for k in node.start..<node.end {
                    let r = Int(samples[k])
                    if labels[r] == 1 { w1 += w[r] } else { w0 += w[r] }
                }
                let count = node.end - node.start
                let nodeImpurity = criterion.impurity(w0, w1)
                var split: Split?
                let isLeaf = (parameters.maxDepth.map { node.depth >= $0 } ?? false)
                    || count < parameters.minSamplesSplit || count < 2 * minLeaf
                    || nodeImpurity <= Double.ulpOfOne
                if !isLeaf {
                    split = hist && count >= CARTBuilder.exactBelow ? bestHistogramSplit(node, w0: w0, w1: w1)
                                                                    : bestSplit(node, w0: w0, w1: w1)
                }

                let id = Int32(value.count)
                feature.append(Int32(split?.feature ?? -1))
                threshold.append(split?.threshold ?? 0)
                left.append(-1)
                right.append(-1)
                value.append(w1 / (w0 + w1))
                impurity.append(nodeImpurity)
                weighted.append(w0 + w1)
                if node.parent >= 0 {
                    if node.isLeft { left[node.parent] = id } else { right[node.parent] = id }
                }
                guard let split else { continue }

                // Partition the node's slice: rows going left first.
                var i = node.start, j = node.end - 1
                if split.byBin {
                    // Bin codes order rows exactly as the threshold does on their raw values.
                    let column = codes.baseAddress! + split.feature * n
                    let bin = UInt8(split.bin)
                    while i <= j {
                        if column[Int(samples[i])] <= bin {
                            i += 1
                        } else {
                            samples.swapAt(i, j)
                            j -= 1
                        }
                    }
                } else {
                    let column = columns.baseAddress! + split.feature * n
                    while i <= j {
                        if column[Int(samples[i])] <= split.threshold {
                            i += 1
                        } else {
                            samples.swapAt(i, j)
                            j -= 1
                        }
                    }
                }
                assert(i - node.start == split.leftCount)
                // Right pushed first so the left subtree is grown (and numbered) first, as in scikit-learn.
                stack.append(Pending(start: i, end: node.end, depth: node.depth + 1, parent: Int(id), isLeft: false))
                stack.append(Pending(start: node.start, end: i, depth: node.depth + 1, parent: Int(id), isLeft: true))
            }
        }}}}}}}}}}
    }
}

extension SplitCriterion {
    /// Impurity of a node holding weight `w0` of class 0 and `w1` of class 1.
    @inlinable func impurity(_ w0: Double, _ w1: Double) -> Double {
        let total = w0 + w1
        guard total > 0 else { return 0 }
        let p0 = w0 / total, p1 = w1 / total
        switch self {
        case .gini:
            return 1 - (p0 * p0 + p1 * p1)
        case .entropy:
            var h = 0.0
            if p0 > 0 { h -= p0 * log2(p0) }
            if p1 > 0 { h -= p1 * log2(p1) }
            return h
        }
    }

    /// scikit-learn's `proxy_impurity_improvement`: `-(n_left * impurity_left + n_right * impurity_right)`
    /// up to a constant of the node, so maximising it picks the split with the lowest weighted child impurity.
    @inlinable func proxy(_ l0: Double, _ l1: Double, _ r0: Double, _ r1: Double) -> Double {
        let nl = l0 + l1, nr = r0 + r1
        switch self {
        case .gini:
            return (l0 * l0 + l1 * l1) / nl + (r0 * r0 + r1 * r1) / nr
        case .entropy:
            func plogp(_ c: Double, _ n: Double) -> Double { c > 0 ? c * log2(c / n) : 0 }
            return plogp(l0, nl) + plogp(l1, nl) + plogp(r0, nr) + plogp(r1, nr)
        }
    }
}
