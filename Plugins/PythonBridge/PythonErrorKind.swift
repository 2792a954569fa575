/// What an ERROR message of the Python child reports (its `a` field; the runner's `_error` calls).
enum PythonErrorKind: UInt64 {
    /// The policy function raised: the payload is the traceback.
    case raised = 1
    /// NumPy cannot be imported by the interpreter: the payload is the exception.
    case numpyMissing = 2
    /// The script raised while it was imported (syntax error, a failing top-level import).
    case loadFailed = 3
    /// The script defines no callable of the `function` param's name.
    case noFunction = 4
    /// The result is not an array of shape (n_samples, cols).
    case badShape = 5
    /// The result holds NaN or infinity.
    case nonFinite = 6
}
