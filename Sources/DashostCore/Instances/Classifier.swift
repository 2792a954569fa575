/// A live enhancement classifier, in the host (`ClassifierInstance`) or in a child process
/// (`IsolatedClassifier`).
public protocol Classifier: AnyObject, Sendable {
    /// The plugin's name, for messages.
    var name: String { get }
    /// Fits on rows `X` with labels `y` (0 = normal, 1 = anomaly).
    func fit(_ X: DataMatrix, labels y: [Double]) throws
    /// P(anomaly) per row of `X`, each checked to lie in [0, 1].
    func predictProbability(_ X: DataMatrix) throws -> [Double]
    /// Held-out P(anomaly) of each of the `rows` training rows, or nil when the plugin offers none.
    func heldOutProbability(rows: Int) throws -> [Double]?
}
