/// A problem with `registry.json`, naming the file, the entry and the field.
public struct RegistryError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public let description: String

    init(_ description: String) { self.description = description }
}
