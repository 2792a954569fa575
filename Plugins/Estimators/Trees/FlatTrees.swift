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
        self.nodes = nodes
        self.roots = roots
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

    /// Writes the mean leaf value over the trees of every row of the row-major `X` into `out`,
    /// in parallel over row blocks.
    func predictMean(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == X.rows, "FlatTrees: output has \(out.count) slots for \(X.rows) rows")
        let count = Double(treeCount)
        nodes.withUnsafeBufferPointer { nodes in
            roots.withUnsafeBufferPointer { roots in
                let nodes = nodes.baseAddress!
                Parallel.forChunks(of: X.rows, minimumPerChunk: 32) { range in
                    var lo = range.lowerBound
                    while lo < range.upperBound {
                        let hi = min(range.upperBound, lo + FlatTrees.blockRows)
                        for i in lo..<hi { out[i] = 0 }
                        for root in roots {
                            for i in lo..<hi {
                                out[i] += FlatTrees.leaf(nodes, root: Int(root), row: X.data + i * X.cols, stride: 1)
                            }
                        }
                        for i in lo..<hi { out[i] /= count }
                        lo = hi
                    }
                }
            }
        }
    }
}
