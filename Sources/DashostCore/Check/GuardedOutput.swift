import CDashostPlugin

/// An output buffer with sentinel values after its end, so a plugin that writes past the length
/// the ABI gives it is caught (a FAIL naming the buffer), not silently corrupting the host's heap.
final class GuardedOutput {
    /// Values past the end that must stay untouched.
    static let guardCount = 16
    /// A signalling-NaN bit pattern no computation produces.
    static let sentinel = Double(bitPattern: 0x7FF4_DA5B_0057_0001)

    let count: Int
    private let storage: UnsafeMutablePointer<Double>
    private let what: String

    init(count: Int, what: String) {
        self.count = count
        self.what = what
        storage = .allocate(capacity: count + GuardedOutput.guardCount)
        storage.initialize(repeating: 0, count: count)
        (storage + count).initialize(repeating: GuardedOutput.sentinel, count: GuardedOutput.guardCount)
    }

    deinit { storage.deallocate() }

    /// The buffer handed to the plugin.
    var pointer: UnsafeMutablePointer<Double> { storage }

    /// The values the plugin wrote.
    var values: [Double] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// Throws when any sentinel was overwritten.
    func checkIntact() throws {
        for i in 0..<GuardedOutput.guardCount where storage[count + i].bitPattern != GuardedOutput.sentinel.bitPattern {
            throw CheckFailure("the plugin wrote past the end of \(what) (\(count) values): value \(count + i) was overwritten")
        }
    }

    /// Runs `body` (a call writing into this buffer), then checks the sentinels before anything
    /// else, so an overrun is reported even when the call also failed.
    func call(_ body: (UnsafeMutablePointer<Double>) throws -> Void) throws {
        var failure: Error?
        do { try body(storage) } catch { failure = error }
        try checkIntact()
        if let failure { throw failure }
    }
}
