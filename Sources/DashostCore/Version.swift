public enum DashostCoreVersion { public static let string = "0.1.0" }
