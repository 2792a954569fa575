import DashostPluginKit

/// Held-out predictions by K-fold cross-fitting: each training row is predicted by a model fitted on
/// the other folds. They serve as a classifier's reference scores for fusion: scores a model gives
/// its own training rows are memorised (a deep tree is pure on them), so normalising test scores with
/// them misplaces test rows.
public enum CrossFitting {
    /// The default number of folds K of the built-in classifiers' held-out probabilities (libsvm's
    /// internal cross-validation uses as many).
    public static let defaultFolds = 5
    /// The folds K a classifier plugin accepts.
    public static let foldRange = 2...100

    /// Stratified fold assignment (as scikit-learn's `StratifiedKFold(shuffle=True)` intends): each
    /// class's rows are shuffled with `seed` and dealt to folds in turn, continuing the deal across
    /// classes so fold sizes differ by at most one. Returns the fold of each row, in `0..<folds`.
    public static func stratifiedFolds(labels: [Double], folds: Int, seed: UInt64) -> [Int] {
        precondition(folds >= 1, "CrossFitting: at least one fold")
        var generator = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        var next = 0
        for cls in [0.0, 1.0] {
            var members = labels.indices.filter { (labels[$0] != 0 ? 1.0 : 0.0) == cls }
            members.shuffle(using: &generator)
            for i in members {
                assignment[i] = next % folds
                next += 1
            }
        }
        return assignment
    }

    /// Held-out P(class 1) for every row, in row order.
    ///
    /// - Parameters:
    ///   - labels: 0/1 label of each training row.
    ///   - folds: number of folds K, clamped to the number of rows.
    ///   - parallel: fit the folds concurrently (`fitAndPredict` must then be thread-safe).
    ///   - fitAndPredict: fits on the rows of `train` and returns P(class 1) for each row of `test`, in order.
    ///     It is only called when the training rows hold both classes; a fold whose training rows hold
    ///     one class only (a class with fewer than K rows) predicts that class (0 or 1) for its rows.
    ///   - Throws: the first error `fitAndPredict` threw, by fold order.
    public static func heldOutProbability(labels: [Double], folds: Int = 5, seed: UInt64, parallel: Bool = true,
                                          fitAndPredict: (_ train: [Int], _ test: [Int]) throws -> [Double]) throws -> [Double] {
        let n = labels.count
        let k = max(1, min(folds, n))
        let fold = stratifiedFolds(labels: labels, folds: k, seed: seed)
        var results = [[Double]](repeating: [], count: k)
        var failures = [Error?](repeating: nil, count: k)
        func run(_ f: Int) -> Result<[Double], Error> {
            let test = (0..<n).filter { fold[$0] == f }
            let train = (0..<n).filter { fold[$0] != f }
            let hasNormal = train.contains { labels[$0] == 0 }, hasAnomaly = train.contains { labels[$0] != 0 }
            if train.isEmpty || !(hasNormal && hasAnomaly) {
                return .success([Double](repeating: hasAnomaly ? 1 : 0, count: test.count))
            }
            return Result { try fitAndPredict(train, test) }
        }
        results.withUnsafeMutableBufferPointer { results in
            failures.withUnsafeMutableBufferPointer { failures in
                func body(_ f: Int) {
                    switch run(f) {
                    case .success(let p): results[f] = p
                    case .failure(let e): failures[f] = e
                    }
                }
                if parallel { Parallel.forEach(k, body) } else { for f in 0..<k { body(f) } }
            }
        }
        var out = [Double](repeating: 0, count: n)
        var cursor = [Int](repeating: 0, count: k)
        for f in 0..<k {
            if let e = failures[f] { throw e }
        }
        for i in 0..<n {
            let f = fold[i]
            out[i] = results[f][cursor[f]]
            cursor[f] += 1
        }
        return out
    }
}

extension PluginParams {
    /// `"heldout_folds"` in ``CrossFitting/foldRange``, default ``CrossFitting/defaultFolds``: the
    /// folds of a classifier's held-out probabilities; `doc` says how this classifier uses them.
    public func heldOutFolds(doc: String) throws -> Int {
        try int("heldout_folds", default: CrossFitting.defaultFolds, in: CrossFitting.foldRange, doc: doc)
    }
}
