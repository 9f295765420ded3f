/// Text cut, searched and measured by Unicode scalars, as `length`, `match` and `search` count:
/// a `\r\n` pair or an accent that combines with a letter is two scalars, and a separator of
/// one of them cuts between them.
enum TextScalars {
  /// `text` cut at each occurrence of `separator`; every scalar on its own for an empty
  /// separator; no parts for empty text.
  static func split(_ text: String, by separator: String) -> [String] {
    guard !text.isEmpty else { return [] }
    let scalars = Array(text.unicodeScalars)
    let needle = Array(separator.unicodeScalars)
    guard !needle.isEmpty else { return scalars.map { String($0) } }
    var parts: [String] = []
    var partStart = 0
    var index = 0
    while index + needle.count <= scalars.count {
      if scalars[index..<(index + needle.count)].elementsEqual(needle) {
        parts.append(string(scalars[partStart..<index]))
        index += needle.count
        partStart = index
      } else {
        index += 1
      }
    }
    parts.append(string(scalars[partStart...]))
    return parts
  }

  static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars)
    return String(text)
  }
}
