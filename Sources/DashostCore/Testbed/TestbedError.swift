/// Why a testbed could not be generated or written. Every case names the file at fault.
public enum TestbedError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The data set has no labels (a CSV read without `--label`), so its normal rows are unknown.
    case noLabels(path: String)
    /// Fewer than 2 rows labelled 0 (normal): nothing to fit.
    case tooFewNormalRows(path: String, count: Int)
    /// The output path is the data file itself.
    case outputIsInput(path: String)
    /// The output's folder does not exist or cannot be written.
    case outputFolder(path: String, detail: String)
    /// The model could not be fitted to the normal rows.
    case fit(path: String, detail: String)

    public var description: String {
        switch self {
        case let .noLabels(path):
            return "\(path): the data set has no labels, so its normal rows are unknown (a CSV needs --label NAME)"
        case let .tooFewNormalRows(path, count):
            return "\(path): a testbed is fitted to the normal rows (label 0); the data set has \(count == 0 ? "none" : "only \(count)"), at least 2 are needed"
        case let .outputIsInput(path):
            return "\(path): is the data file itself; write the testbed elsewhere"
        case let .outputFolder(path, detail):
            return "\(path): cannot write the output: \(detail)"
        case let .fit(path, detail):
            return "\(path): \(detail)"
        }
    }
}
