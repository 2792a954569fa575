import CDashostPlugin
import Foundation

// Allocations that live until the library is unloaded: descriptors, their strings, schemas and
// function tables. Allocated once per library, when its descriptor is first built, and never freed.

/// Copies `value` to the heap and returns the copy as a typed pointer.
func leak<T>(_ value: T) -> UnsafeMutablePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: 1)
    p.initialize(to: value)
    return p
}

/// A NUL-terminated copy of `text`.
func leakedCString(_ text: String) -> UnsafePointer<CChar> {
    UnsafePointer(strdup(text)!)
}

/// A NULL-terminated array of NUL-terminated copies of `texts`.
func leakedCStringList(_ texts: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
    let list = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: texts.count + 1)
    for (i, text) in texts.enumerated() { (list + i).initialize(to: leakedCString(text)) }
    (list + texts.count).initialize(to: nil)
    return UnsafePointer(list)
}

/// An array of `count` pointers (at least one slot, so never a NULL array).
func leakedArray<T>(_ elements: [UnsafePointer<T>]) -> UnsafePointer<UnsafePointer<T>?> {
    let array = UnsafeMutablePointer<UnsafePointer<T>?>.allocate(capacity: max(1, elements.count))
    array.initialize(repeating: nil, count: max(1, elements.count))
    for (i, element) in elements.enumerated() { array[i] = element }
    return UnsafePointer(array)
}
