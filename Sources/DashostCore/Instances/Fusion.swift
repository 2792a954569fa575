/// A live fusion rule, in the host (`FusionInstance`) or in a child process (`IsolatedFusion`).
public protocol Fusion: AnyObject, Sendable {
    /// The plugin's name, for messages.
    var name: String { get }
    /// Fuses named columns of equal length into one; every value checked finite.
    func fuse(_ columns: [(name: String, scores: [Double], reference: [Double])]) throws -> [Double]
    /// Fuses `count` columns, the `i`-th given by `column(i)` (for callers holding columns in
    /// another shape).
    func fuse(count: Int, column: (Int) -> (name: String, scores: [Double], reference: [Double])) throws -> [Double]
}
