/// The dashost release version.
public enum DashostVersion {
    /// Semantic version of the host and built-in plugins.
    public static let string = "0.1.0"
}
