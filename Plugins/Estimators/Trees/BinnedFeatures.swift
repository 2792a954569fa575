/// The training columns of a `TreeTrainingSet` coded into at most 256 ordered bins each, for the
/// histogram splitter (as scikit-learn's `HistGradientBoosting` and LightGBM bin their inputs).
///
/// A feature with at most 256 distinct values (values closer than `CARTBuilder.featureThreshold` count
/// as one, as the exact splitter treats them) gets one bin per distinct value, so the histogram
/// splitter sees exactly the candidate splits the exact splitter sees and picks the same thresholds.
/// A feature with more distinct values gets class-balanced quantile bins: sorted values are dealt into
/// consecutive bins that each hold at least 1/255 of the total mass, where every class has total mass
/// 1/2 (each row of class c weighs `1 / (2 n_c)`), a bin closing only between two distinct values.
/// Plain quantiles would spend nearly all bins on the dense normal rows and leave the sparse region
/// where the (synthetic) anomalies lie, i.e. where the splits that matter are, with a few wide bins;
/// balancing gives the anomaly class half the resolution. Split thresholds
/// are placed at the midpoint between the highest training value of the left bin and the lowest of the
/// right bin, so they separate the training rows exactly as the bin codes do and prediction runs on the
/// raw doubles unchanged.
struct BinnedFeatures {
    /// Maximum number of bins per feature.
    static let maxBins = 256

    /// Number of rows.
    let rows: Int
    /// Number of features.
    let cols: Int
    /// Bin code of row `i` in feature `j` at `codes[j * rows + i]`.
    let codes: [UInt8]
    /// Lowest training value in bin `b` of feature `j` at `low[j * maxBins + b]`.
    let low: [Double]
    /// Highest training value in bin `b` of feature `j` at `high[j * maxBins + b]`.
    let high: [Double]
    /// Number of bins of each feature.
    let binCount: [Int]
    /// Whether each feature's bins are its distinct values one to one, every two of them more than
    /// `CARTBuilder.featureThreshold` apart. On such a feature a histogram over the bins is the node's
    /// sorted values: the exact splitter may scan bins instead of sorting, with the same candidates,
    /// thresholds and order.
    let isExact: [Bool]

    init(_ data: TreeTrainingSet) {
        let n = data.rows, d = data.cols, maxBins = BinnedFeatures.maxBins
        rows = n
        cols = d
        var codes = [UInt8](repeating: 0, count: n * d)
        var low = [Double](repeating: 0, count: d * maxBins)
        var high = [Double](repeating: 0, count: d * maxBins)
        var binCount = [Int](repeating: 0, count: d)
        var isExact = [Bool](repeating: false, count: d)
        let anomalies = data.labels.lazy.filter { $0 == 1 }.count, normals = n - anomalies
        // Mass of a class-0 and a class-1 row (each class 1/2 in all; a lone class has mass 1).
        let rowMass = (normals == 0 ? 0 : (anomalies == 0 ? 1 : 0.5) / Double(normals),
                       anomalies == 0 ? 0 : (normals == 0 ? 1 : 0.5) / Double(anomalies))
        let labels = data.labels
        codes.withUnsafeMutableBufferPointer { codes in
        low.withUnsafeMutableBufferPointer { low in
        high.withUnsafeMutableBufferPointer { high in
        binCount.withUnsafeMutableBufferPointer { binCount in
        isExact.withUnsafeMutableBufferPointer { isExact in
        data.columns.withUnsafeBufferPointer { columns in
            Parallel.forEach(d) { j in
                guard n > 0 else { return }
                let column = columns.baseAddress! + j * n
                var sorted = (0..<n).map { FeatureSample(value: column[$0], row: Int32($0)) }
                sorted.withUnsafeMutableBufferPointer { sortByValue($0.baseAddress!, n) }
                // Distinct values (within the exact splitter's tolerance), counting up to maxBins + 1.
                var distinct = 1, merged = false
                for k in 1..<max(1, n) where sorted[k].value != sorted[k - 1].value {
                    if sorted[k].value > sorted[k - 1].value + CARTBuilder.featureThreshold {
                        distinct += 1
                        if distinct > maxBins { break }
                    } else {
                        merged = true  // two different values within the tolerance share a bin
                    }
                }
                isExact[j] = distinct <= maxBins && !merged
                // Few distinct values: every row has mass 1 and a bin closes at each new value.
                let minMass = distinct <= maxBins ? 1.0 : 1.0 / Double(maxBins - 1)
                let mass = distinct <= maxBins ? (1.0, 1.0) : rowMass
                var bin = 0, inBin = 0.0
                low[j * maxBins] = sorted[0].value
                for k in 0..<n {
                    if k > 0 && inBin >= minMass && bin < maxBins - 1
                        && sorted[k].value > sorted[k - 1].value + CARTBuilder.featureThreshold {
                        high[j * maxBins + bin] = sorted[k - 1].value
                        bin += 1
                        inBin = 0
                        low[j * maxBins + bin] = sorted[k].value
                    }
                    let row = Int(sorted[k].row)
                    codes[j * n + row] = UInt8(bin)
                    inBin += labels[row] == 1 ? mass.1 : mass.0
                }
                high[j * maxBins + bin] = sorted[n - 1].value
                binCount[j] = bin + 1
            }
        }}}}}}
        self.codes = codes
        self.low = low
        self.high = high
        self.binCount = binCount
        self.isExact = isExact
    }

    /// The threshold between bin `left` and a higher bin `right` of feature `j`: the midpoint of the
    /// left bin's highest and the right bin's lowest training value (the left value if the midpoint
    /// rounds up to the right value), as the exact splitter computes it.
    func threshold(feature j: Int, left: Int, right: Int) -> Double {
        let here = high[j * BinnedFeatures.maxBins + left], next = low[j * BinnedFeatures.maxBins + right]
        var t = here / 2 + next / 2
        if t == next || !t.isFinite { t = here }
        return t
    }
}
