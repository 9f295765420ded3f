import TShellJSON

/// An error located in source text, rendered as `file:line:col: error: message`, the line, and a
/// caret under the span, with an optional hint. The line is shown as a terminal shows it: secrets
/// masked, wide characters two columns and combining marks none, and a long line cut around the
/// span.
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
  /// Parts of the source shown as something else (secrets as `***`).
  public var masks: [TextMask] = []

  /// The widest source line shown, in columns; longer lines are cut around the span.
  public static let maximumLineWidth = 120

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
    let shown = ShownLine(source: Array(source.utf8), offset: offset, length: length, masks: masks)
    let red = colors ? (isWarning ? "\u{1B}[1;33m" : "\u{1B}[1;31m") : ""
    let bold = colors ? "\u{1B}[1m" : ""
    let blue = colors ? "\u{1B}[1;34m" : ""
    let reset = colors ? "\u{1B}[0m" : ""
    let number = String(line)
    let gutter = String(repeating: " ", count: number.count)
    let label = isWarning ? "warning:" : "error:"
    var lines = ["\(bold)\(file):\(line):\(column):\(reset) \(red)\(label)\(reset) \(bold)\(message)\(reset)"]
    lines.append("\(blue)\(number) |\(reset) \(shown.text)")
    let caret = "^" + String(repeating: "~", count: max(shown.caretWidth, 1) - 1)
    lines.append("\(blue)\(gutter) |\(reset) \(String(repeating: " ", count: shown.caretColumn))\(red)\(caret)\(reset)")
    if let hint { lines.append("\(blue)\(gutter) =\(reset) \(bold)hint:\(reset) \(hint)") }
    return lines.joined(separator: "\n")
  }
}

/// A byte range of source text shown as another text: a secret as `***`.
public struct TextMask: Sendable, Equatable {
  public var range: Range<Int>
  public var replacement: String

  public init(_ range: Range<Int>, replacement: String = "***") {
    self.range = range
    self.replacement = replacement
  }
}

/// The source line of a diagnostic as it is shown, and where its caret goes (in columns).
struct ShownLine {
  private(set) var text = ""
  private(set) var caretColumn = 0
  private(set) var caretWidth = 1

  /// A piece of the shown line: one character, or a mask's replacement.
  private struct Piece {
    var bytes: Range<Int>
    var text: String
    var width: Int
  }

  init(source utf8: [UInt8], offset: Int, length: Int, masks: [TextMask]) {
    let start = min(max(offset, 0), utf8.count)
    var lineStart = start
    while lineStart > 0 && utf8[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var lineEnd = start
    while lineEnd < utf8.count && utf8[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let spanEnd = min(start + max(length, 1), lineEnd)
    var pieces: [Piece] = []
    var index = lineStart
    let sortedMasks = masks.filter { $0.range.upperBound > lineStart && $0.range.lowerBound < lineEnd }
      .sorted { $0.range.lowerBound < $1.range.lowerBound }
    var nextMask = 0
    while index < lineEnd {
      if nextMask < sortedMasks.count, sortedMasks[nextMask].range.lowerBound <= index {
        let mask = sortedMasks[nextMask]
        nextMask += 1
        let end = min(mask.range.upperBound, lineEnd)
        guard end > index else { continue }
        pieces.append(Piece(bytes: index..<end, text: mask.replacement, width: mask.replacement.unicodeScalars.count))
        index = end
        continue
      }
      var end = index + 1
      while end < lineEnd && utf8[end] & 0xC0 == 0x80 { end += 1 }
      let character = String(decoding: utf8[index..<end], as: UTF8.self)
      let scalar = character.unicodeScalars.first ?? " "
      let shown = scalar == "\t" || scalar == "\r" ? " " : character
      pieces.append(Piece(bytes: index..<end, text: shown, width: DisplayWidth.of(scalar)))
      index = end
    }
    var column = 0
    var caretStart: Int?
    var caretEnd = 0
    for piece in pieces {
      if caretStart == nil, piece.bytes.upperBound > start { caretStart = column }
      column += piece.width
      if piece.bytes.lowerBound < spanEnd { caretEnd = column }
    }
    let caret = caretStart ?? column
    caretColumn = caret
    caretWidth = max(1, caretEnd - caret)
    let total = column
    guard total > SourceDiagnostic.maximumLineWidth else {
      text = pieces.map(\.text).joined()
      return
    }
    // Cut the line to a window that shows the caret with some text before it.
    let window = SourceDiagnostic.maximumLineWidth - 2
    var from = max(0, min(caret - window / 3, total - window))
    if from == 1 { from = 0 }
    var shown = from > 0 ? "…" : ""
    var position = 0
    var used = 0
    var firstShown: Int?
    for piece in pieces {
      defer { position += piece.width }
      guard position >= from, used + piece.width <= window else { continue }
      if firstShown == nil { firstShown = position }
      shown += piece.text
      used += piece.width
    }
    if from + used < total { shown += "…" }
    text = shown
    caretColumn = caret - (firstShown ?? 0) + (from > 0 ? 1 : 0)
    caretWidth = min(caretWidth, max(1, window - (caret - (firstShown ?? 0))))
  }
}

/// How many terminal columns a character takes: two for East Asian wide and fullwidth
/// characters, none for combining marks and other zero-width characters, else one.
public enum DisplayWidth {
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value == 0x200B || value == 0x200C || value == 0x200D || value == 0xFEFF || (0xFE00...0xFE0F).contains(value) {
      return 0
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    for range in wide where range.contains(value) { return 2 }
    return 1
  }

  /// The columns of a text.
  public static func of(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + of($1) }
  }

  private static let wide: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
    0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
    0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
    0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
    0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x303E,
    0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
    0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
    0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
    0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}
