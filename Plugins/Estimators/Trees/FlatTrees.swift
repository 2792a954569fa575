import DashostPluginKit

/// One node of a `FlatTrees` layout: 16 bytes, four to a cache line.
///
/// An internal node tests `row[feature] <= threshold` and continues at `left` (true) or `left + 1`
/// (false); a leaf has `feature == -1` and keeps its value in `threshold`.
struct FlatNode {
    var threshold: Double
    var feature: Int32
    var left: Int32
}

/// Trees re-laid out for prediction: all nodes of all trees in one array, each tree breadth-first so
/// the two children of a node are adjacent (one comparison picks `left` or `left + 1`, no branch on a
/// second child array), and the leaf value stored in the node itself.
///
/// Prediction walks row blocks through every tree (the block's rows stay in cache while the trees
/// stream through), sums leaf values in tree order (so the result equals the per-tree sum bit for
/// bit) and allocates nothing per row.
struct FlatTrees {
    /// All nodes; tree `t` starts at `roots[t]`.
    let nodes: [FlatNode]
    /// Root index of each tree.
    let roots: [Int32]
    /// Depth of each tree's deepest leaf.
    let heights: [Int]

    /// Trees already in this layout: `nodes` with each tree's root at `roots[t]`.
    init(nodes: [FlatNode], roots: [Int32]) {
        self.nodes = nodes
        self.roots = roots
        heights = FlatTrees.heights(nodes, roots: roots)
    }

    /// Depth of each tree's deepest leaf. Children come after their parent in `nodes`, so one pass in
    /// index order finds every node's depth.
    static func heights(_ nodes: [FlatNode], roots: [Int32]) -> [Int] {
        var depth = [Int](repeating: 0, count: nodes.count)
        var heights = [Int](repeating: 0, count: roots.count)
        for t in roots.indices {
            let end = t + 1 < roots.count ? Int(roots[t + 1]) : nodes.count
            for id in Int(roots[t])..<end {
                heights[t] = max(heights[t], depth[id])
                if nodes[id].feature >= 0 {
                    depth[Int(nodes[id].left)] = depth[id] + 1
                    depth[Int(nodes[id].left) + 1] = depth[id] + 1
                }
            }
        }
        return heights
    }

    init(_ trees: [DecisionTree]) {
        var nodes: [FlatNode] = []
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodeCount })
        var roots: [Int32] = []
        var queue: [Int] = []
        for tree in trees {
            let base = nodes.count
            roots.append(Int32(base))
            // Breadth-first: `queue[k]` is the original id of flat node `base + k`.
            queue.removeAll(keepingCapacity: true)
            queue.append(0)
            var k = 0
            while k < queue.count {
                let id = queue[k]
                if tree.leftChild[id] < 0 {
                    nodes.append(FlatNode(threshold: tree.value[id], feature: -1, left: -1))
                } else {
                    let left = base + queue.count
                    queue.append(Int(tree.leftChild[id]))
                    queue.append(Int(tree.rightChild[id]))
                    nodes.append(FlatNode(threshold: tree.threshold[id], feature: tree.featureIndex[id], left: Int32(left)))
                }
                k += 1
            }
        }
        self.init(nodes: nodes, roots: roots)
    }

    var treeCount: Int { roots.count }

    /// Rows per block: the block's rows and running sums stay in L1/L2 while every tree passes.
    static let blockRows = 256

    /// Leaf value of tree starting at `root` for the row whose feature `f` is `row[f * stride]`.
    @inline(__always)
    static func leaf(_ nodes: UnsafePointer<FlatNode>, root: Int, row: UnsafePointer<Double>, stride: Int) -> Double {
        var node = nodes[root]
        while node.feature >= 0 {
            let goRight = !(row[Int(node.feature) * stride] <= node.threshold)  // NaN goes right, as in DecisionTree
            node = nodes[Int(node.left) + (goRight ? 1 : 0)]
        }
        return node.threshold
    }

    /// Rows walking a tree side by side in `predictSum`.
    static let lanes = 16

    /// Writes the mean leaf value over the trees of every row of the row-major `X` into `out`,
    /// in parallel over row blocks.
    func predictMean(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        predictSum(X, into: out)
        let count = Double(treeCount)
        for i in 0..<out.count { out[i] /= count }
    }

    /// Writes the sum of the leaf values over the trees, added in tree order, of every row of the
    /// row-major `X` into `out`, in parallel over row blocks.
    ///
    /// Within a block, `lanes` rows walk each tree side by side, one level per step, for as many steps
    /// as the tree is high (a row already on its leaf stays there), with no test for "all done".
    /// Their walks are independent chains of loads, so the core overlaps them instead of waiting on
    /// one row's path at a time. Isolation forests (`IsolationForest`) are scored the same way.
    func predictSum(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == X.rows, "FlatTrees: output has \(out.count) slots for \(X.rows) rows")
        let lanes = FlatTrees.lanes, d = X.cols
        let heights = self.heights
        nodes.withUnsafeBufferPointer { nodes in
            roots.withUnsafeBufferPointer { roots in
                let nodes = nodes.baseAddress!
                Parallel.forChunks(of: X.rows, minimumPerChunk: 32) { range in
                    let at = UnsafeMutablePointer<Int>.allocate(capacity: lanes)
                    let rows = UnsafeMutablePointer<UnsafePointer<Double>>.allocate(capacity: lanes)
                    defer { at.deallocate(); rows.deallocate() }
                    var lo = range.lowerBound
                    while lo < range.upperBound {
                        let hi = min(range.upperBound, lo + FlatTrees.blockRows)
                        for i in lo..<hi { out[i] = 0 }
                        for t in 0..<roots.count {
                            let root = roots[t]
                            var group = lo
                            while group < hi {
                                // A short last group repeats its last row in the spare lanes.
                                let width = min(lanes, hi - group)
                                for g in 0..<lanes {
                                    rows[g] = X.data + (group + min(g, width - 1)) * d
                                    at[g] = Int(root)
                                }
                                for _ in 0..<heights[t] {
                                    for g in 0..<lanes {
                                        let node = nodes[at[g]]
                                        // NaN goes right, as in DecisionTree; a leaf (feature -1) stays put.
                                        let goRight = !(rows[g][Int(max(node.feature, 0))] <= node.threshold)
                                        let child = Int(node.left) + (goRight ? 1 : 0)
                                        at[g] = node.feature >= 0 ? child : at[g]
                                    }
                                }
                                // Trees are added in order for every row: the same sum as one row at a time.
                                for g in 0..<width { out[group + g] += nodes[at[g]].threshold }
                                group += width
                            }
                        }
                        lo = hi
                    }
                }
            }
        }
    }
}
