import CDashostPlugin

/// The ABI version this host implements (from the header it was compiled with).
public enum ABIVersion {
    /// Major version: a plugin with a different major is refused.
    public static let major = UInt32(DASHOST_ABI_MAJOR)
    /// Minor version: a plugin built against a newer minor than the host's is refused, because it may
    /// rely on host behaviour this host does not have.
    public static let minor = UInt32(DASHOST_ABI_MINOR)
    /// "major.minor".
    public static var string: String { "\(major).\(minor)" }
}
