/// A command-line mistake: printed with a pointer to the help, exit status 2.
struct UsageError: Error {
    let message: String
    /// Where to read the usage; a command's own errors get that command's `--help`.
    var hint = "Run 'dashost --help' for usage."
}
