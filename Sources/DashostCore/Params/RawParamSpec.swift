/// A schema entry's fields as a library declares them, before any check: read from a
/// `dashost_param_spec` in this process, or from the library scanner's description of a library
/// opened in a child (`LibraryDescription`). `ParamSpec(checking:)` checks both the same way.
struct RawParamSpec: Sendable, Equatable {
    var name: String?
    var typeCode: UInt32
    var doc: String?
    /// The default as a JSON literal.
    var defaultLiteral: String?
    /// NaN or infinite: unbounded.
    var minimum: Double, maximum: Double
    var choices: [String]?
}
