/// A command-line mistake: printed with a pointer to the help, exit status 2.
struct UsageError: Error {
    let message: String
    var hint = "Run 'dashost help' for usage."
}
