/// An array of objects as aligned columns: a header from the keys in first-seen order, strings
/// as they are and other values as compact JSON, two spaces between columns. `table()` gives the
/// text; `--table` and `key list --table` print it. A `token` column, like a `token` member
/// anywhere in printed output, shows `***`.
public enum Table {
  /// The text, or nil when `rows` are not all objects (or there are none).
  public static func render(_ rows: [JSONValue], colors: Bool) -> String? {
    var columns: [String] = []
    var objects: [JSONObject] = []
    for row in rows {
      guard case .object(let object) = row else { return nil }
      for key in object.keys where !columns.contains(key) { columns.append(key) }
      objects.append(object)
    }
    guard !columns.isEmpty else { return nil }
    let cells = objects.map { object in columns.map { column in object[column].map { cell($0, in: column) } ?? "" } }
    let widths = columns.indices.map { column in
      max(DisplayWidth.of(columns[column]), cells.map { DisplayWidth.of($0[column]) }.max() ?? 0)
    }
    func line(_ values: [String]) -> String {
      var text = ""
      // Empty cells at the end of a row get no padding, so no line ends in spaces.
      let last = values.lastIndex { !$0.isEmpty } ?? 0
      for (column, value) in values.enumerated() where column <= last {
        text += value
        if column < last { text += String(repeating: " ", count: widths[column] - DisplayWidth.of(value) + 2) }
      }
      return text + "\n"
    }
    let header = line(columns)
    let bold = colors ? "\u{1B}[1m" : ""
    let reset = colors ? "\u{1B}[0m" : ""
    return bold + header.dropLast() + reset + "\n" + cells.map(line).joined()
  }

  private static func cell(_ value: JSONValue, in column: String) -> String {
    switch value {
    case .string(let text): return column == "token" ? JSONFormat.maskedToken : text
    case .null: return ""
    default: return JSONPrinter.string(value, format: JSONFormat(layout: .compact, masksTokens: true))
    }
  }
}
