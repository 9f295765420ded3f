import TShellJSON

/// An error located in source text, rendered as `file:line:col: error: message`, the line, and a
/// caret under the span, with an optional hint.
public struct SourceDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
  /// The name shown for the source: a file path, `<repl>`, `<query>`.
  public var file: String
  /// The whole source text.
  public var source: String
  /// The byte offset of the span's start in `source`.
  public var offset: Int
  /// The span's length in bytes (a caret of at least one column is shown).
  public var length: Int
  public var message: String
  public var hint: String?
  /// A warning rather than an error (`warning:` in yellow).
  public var isWarning = false

  public init(file: String, source: String, offset: Int, length: Int, message: String, hint: String? = nil) {
    self.file = file
    self.source = source
    self.offset = offset
    self.length = length
    self.message = message
    self.hint = hint
  }

  /// The 1-based line and column (in characters) of the span's start.
  public var location: (line: Int, column: Int) {
    let position = TextPosition(of: offset, in: Array(source.utf8))
    return (position.line, position.column)
  }

  public var description: String { render(colors: false) }

  /// The full rendering: header, source line, caret line and hint.
  public func render(colors: Bool) -> String {
    let (line, column) = location
    let utf8 = Array(source.utf8)
    let start = min(max(offset, 0), utf8.count)
    var lineStart = start
    while lineStart > 0 && utf8[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var lineEnd = start
    while lineEnd < utf8.count && utf8[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let text = String(decoding: utf8[lineStart..<lineEnd], as: UTF8.self).replacingTabs()
    let spanEnd = min(start + max(length, 1), lineEnd)
    let width = max(1, String(decoding: utf8[start..<max(start, spanEnd)], as: UTF8.self).unicodeScalars.count)
    let red = colors ? (isWarning ? "\u{1B}[1;33m" : "\u{1B}[1;31m") : ""
    let bold = colors ? "\u{1B}[1m" : ""
    let blue = colors ? "\u{1B}[1;34m" : ""
    let reset = colors ? "\u{1B}[0m" : ""
    let number = String(line)
    let gutter = String(repeating: " ", count: number.count)
    let label = isWarning ? "warning:" : "error:"
    var lines = ["\(bold)\(file):\(line):\(column):\(reset) \(red)\(label)\(reset) \(bold)\(message)\(reset)"]
    lines.append("\(blue)\(number) |\(reset) \(text)")
    let caret = "^" + String(repeating: "~", count: width - 1)
    lines.append("\(blue)\(gutter) |\(reset) \(String(repeating: " ", count: column - 1))\(red)\(caret)\(reset)")
    if let hint { lines.append("\(blue)\(gutter) =\(reset) \(bold)hint:\(reset) \(hint)") }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// Tabs become single spaces so that caret columns line up.
  fileprivate func replacingTabs() -> String {
    String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
  }
}
