/// String literals: `"…"` with JSON escapes, `\$`, `$name` and `${…}` interpolation; `'…'` raw.
extension Parser {
  mutating func parseString() throws(LanguageError) -> Expression {
    let start = scanner.position
    scanner.position += 1
    probe?.enter(.string(start: start))
    var parts: [StringPart] = []
    var text: [UInt8] = []
    func flush() {
      if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
      text.removeAll()
    }
    while true {
      guard let byte = scanner.peek else {
        var failure = error("unterminated string", at: start, length: 1, hint: "close it with \"")
        failure.isIncompleteInput = true
        throw failure
      }
      switch byte {
      case UInt8(ascii: "\""):
        scanner.position += 1
        probe?.leave()
        flush()
        let span = SourceSpan(start, scanner.position)
        layout?.verbatim(span)
        if parts.isEmpty { return .literal(.string(""), span) }
        if parts.count == 1, case .text(let only) = parts[0] { return .literal(.string(only), span) }
        return .interpolated(parts, span)
      case UInt8(ascii: "\\"):
        try parseEscape(into: &text)
      case UInt8(ascii: "$"):
        let next = scanner.peek(1)
        if next == UInt8(ascii: "{") {
          flush()
          parts.append(.expression(try parseInterpolation()))
        } else if let next, Scanner.isNameStart(next) || Scanner.isDigit(next) {
          flush()
          parts.append(.expression(try parseDollar(pathAllowed: false)))
        } else {
          text.append(byte)
          scanner.position += 1
        }
      default:
        text.append(byte)
        scanner.position += 1
      }
    }
  }

  private mutating func parseEscape(into text: inout [UInt8]) throws(LanguageError) {
    let escape = scanner.position
    guard let code = scanner.peek(1) else {
      scanner.position += 1
      return
    }
    scanner.position += 2
    if let control = UTF16Escape.controlCharacter(escapedBy: code) {
      text.append(control)
      return
    }
    switch code {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "$"): text.append(code)
    case UInt8(ascii: "u"):
      var value = try hex4(escape)
      if UTF16Escape.isHighSurrogate(value), scanner.at("\\u") {
        let lowEscape = scanner.position
        scanner.position += 2
        let low = try hex4(lowEscape)
        guard UTF16Escape.isLowSurrogate(low) else {
          throw error("a high surrogate must be followed by a low surrogate", at: lowEscape, length: 6)
        }
        value = UTF16Escape.scalar(high: value, low: low)
      }
      guard let scalar = Unicode.Scalar(value) else {
        throw error("lone surrogate in a \\u escape", at: escape, length: 6)
      }
      text.append(contentsOf: String(Character(scalar)).utf8)
    default:
      throw error(
        "invalid escape '\\\(Character(Unicode.Scalar(code)))' in a string", at: escape, length: 2,
        hint: "valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX \\$; for a raw string use '…'")
    }
  }

  private mutating func hex4(_ escape: Int) throws(LanguageError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = scanner.peek, let digit = UTF16Escape.hexValue(byte) else {
        throw error("\\u needs four hex digits", at: escape, length: scanner.position - escape + 1)
      }
      value = value << 4 | UInt32(digit)
      scanner.position += 1
    }
    return value
  }

  /// `${…}`: any expression; a leading bare name not followed by `(` is a variable (`${e.message}`).
  private mutating func parseInterpolation() throws(LanguageError) -> Expression {
    let open = scanner.position
    scanner.position += 2
    let header = try enterBrackets(at: open)
    defer { leaveBrackets(restoringHeader: header) }
    scanner.skipSpacesAndNewlines()
    bareNameIsVariable = true
    let expression = try parsePipeline()
    bareNameIsVariable = false
    scanner.skipSpacesAndNewlines()
    try expect(
      "}", unclosed: "'${' is not closed", openedAt: open, expectation: "expected '}' to close the '${' at \(columnText(open))")
    return expression
  }

  /// A variable path written without its `$` (inside `${…}`).
  mutating func parseNamedPath(start: Int) throws(LanguageError) -> Expression {
    scanner.position = start
    guard let name = scanner.scanName() else { throw unexpected("expected a name") }
    let variable = symbols.variable(name)
    let path = try parsePath()
    let span = SourceSpan(start, scanner.position)
    if path.parts.isEmpty { return .variable(variable, span) }
    return .path(.variable(variable), path, span)
  }

  /// `'…'`: no escapes, may span lines.
  mutating func parseRawString() throws(LanguageError) -> Expression {
    let start = scanner.position
    scanner.position += 1
    probe?.enter(.string(start: start))
    let contentStart = scanner.position
    while let byte = scanner.peek, byte != UInt8(ascii: "'") { scanner.position += 1 }
    guard scanner.peek == UInt8(ascii: "'") else {
      var failure = error("unterminated string", at: start, length: 1, hint: "close it with '")
      failure.isIncompleteInput = true
      throw failure
    }
    let text = scanner.text(contentStart, scanner.position)
    scanner.position += 1
    probe?.leave()
    layout?.verbatim(SourceSpan(start, scanner.position))
    return .literal(.string(text), SourceSpan(start, scanner.position))
  }
}
