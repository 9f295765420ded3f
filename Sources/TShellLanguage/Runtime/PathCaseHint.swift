/// When a singular path finds nothing because a member name differs only in case
/// (`$.keysallowed` for `KeysAllowed`), the path as it was probably meant.
enum PathCaseHint {
  /// `$.KeysAllowed` for `$.keysallowed` on `{"KeysAllowed": 5}`; nil when no name differs only
  /// by case, or the path is not singular.
  static func suggestion(for query: JSONPathQuery, in base: JSONValue, written: String) -> String? {
    var current = base
    var corrected = false
    var names: [(written: String, actual: String)] = []
    for segment in query.segments {
      guard !segment.isDescendant, segment.selectors.count == 1 else { return nil }
      switch segment.selectors[0] {
      case .name(let name):
        guard case .object(let object) = current else { return nil }
        if let value = object[name.string] {
          current = value
        } else {
          let lowered = name.string.lowercased()
          guard let actual = object.keys.first(where: { $0.lowercased() == lowered }), let value = object[actual] else {
            return nil
          }
          names.append((name.string, actual))
          corrected = true
          current = value
        }
      case .index(let index):
        guard case .array(let elements) = current else { return nil }
        let position = index < 0 ? elements.count + index : index
        guard elements.indices.contains(position) else { return nil }
        current = elements[position]
      default:
        return nil
      }
    }
    guard corrected else { return nil }
    var text = written
    for (wrong, right) in names {
      if let range = text.firstRange(of: "." + wrong) {
        text.replaceSubrange(range, with: "." + right)
      } else if let range = text.firstRange(of: "'\(wrong)'") {
        text.replaceSubrange(range, with: "'\(right)'")
      } else if let range = text.firstRange(of: "\"\(wrong)\"") {
        text.replaceSubrange(range, with: "\"\(right)\"")
      }
    }
    return text
  }
}
