extension DecisionTree {
    /// Held-out P(class 1) of every training row by stratified K-fold cross-fitting: the rows of each
    /// fold are predicted by a tree grown on the other folds. A fully grown tree is pure on its own
    /// training rows (in-sample probabilities are all 0 or 1), so these are the realistic reference
    /// scores for normalising its test scores.
    ///
    /// Folds are dealt from a stream of `seed`, and each fold's tree draws its feature orders from
    /// `SeededGenerator.stream(seed:index:)` of the fold's first row; folds grow in parallel without
    /// changing the result.
    public static func crossFittedProbability(_ data: TreeTrainingSet, parameters: TreeParameters = TreeParameters(),
                                              folds: Int = CrossFitting.defaultFolds, seed: UInt64) -> [Double] {
        let labels = data.labels.map(Double.init)
        var foldStream = SeededGenerator.stream(seed: seed, index: UInt64(1 << 32))
        let foldSeed = foldStream.next()
        // The closure never throws; `try!` only satisfies the generic signature.
        return try! CrossFitting.heldOutProbability(labels: labels, folds: folds, seed: foldSeed) { train, test in
            var generator = SeededGenerator.stream(seed: seed, index: UInt64(test[0]))
            let tree = DecisionTree(fitting: data.subset(train), parameters: parameters, generator: &generator)
            let flat = FlatTrees([tree])
            return flat.nodes.withUnsafeBufferPointer { nodes in
                data.columns.withUnsafeBufferPointer { columns in
                    test.map { i in FlatTrees.leaf(nodes.baseAddress!, root: 0, row: columns.baseAddress! + i, stride: data.rows) }
                }
            }
        }
    }
}
