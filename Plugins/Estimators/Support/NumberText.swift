extension Double {
    /// The number as prose writes it, for defaults interpolated into plugin summaries, descriptions and
    /// param docs: an integral value without a fraction ("1", "256"), any other as Swift prints it
    /// (the shortest text that reads back exactly: "0.5", "0.99", "0.001").
    public var text: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}
