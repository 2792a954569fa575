import Foundation

/// Merges a node's plugin params over the registry entry's defaults (node keys win).
func mergeParams(base: String, override: String) -> String {
    guard let b = (try? JSONSerialization.jsonObject(with: Data(base.utf8))) as? [String: Any],
          let o = (try? JSONSerialization.jsonObject(with: Data(override.utf8))) as? [String: Any] else { return override }
    let merged = b.merging(o) { _, new in new }
    guard let data = try? JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys]) else { return override }
    return String(decoding: data, as: UTF8.self)
}
