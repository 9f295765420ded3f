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

extension TextScalars {
  /// The text without white space (spaces, tabs, line ends and other Unicode white space) at
  /// the chosen ends.
  static func trimmed(_ text: String, start: Bool, end: Bool) -> String {
    var scalars = Substring(text).unicodeScalars[...]
    if start { scalars = scalars.drop { $0.properties.isWhitespace } }
    if end {
      while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
    }
    return String(String.UnicodeScalarView(scalars))
  }

  /// Where `part` first stands in `text`, counted in scalars.
  static func index(of part: String, in text: String) -> Int? {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(part.unicodeScalars)
    guard needle.count <= scalars.count else { return nil }
    for start in 0...(scalars.count - needle.count) where scalars[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }

  /// The positions from `start` up to `end` (exclusive; negative ones count from the end;
  /// nil is the end), kept inside `0…count`.
  static func bounds(_ start: Int, _ end: Int?, count: Int) -> Range<Int> {
    func position(_ value: Int) -> Int { min(max(value < 0 ? count + value : value, 0), count) }
    let lower = position(start)
    let upper = end.map(position) ?? count
    return lower..<max(lower, upper)
  }
}
