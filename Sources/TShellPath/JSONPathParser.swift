/// A recursive-descent parser for RFC 9535 JSONPath, usable on a whole query or, for a host
/// language, on a path embedded in larger source text.
public struct JSONPathParser {
  /// Variations for hosts that embed paths in their own syntax.
  public struct Options: Sendable {
    /// Whether blank space may separate segments (`$ .a`), as RFC 9535 allows.
    public var allowsBlankBetweenSegments: Bool
    /// Whether `$name` in a filter names a host variable.
    public var allowsVariables: Bool

    public init(allowsBlankBetweenSegments: Bool = true, allowsVariables: Bool = false) {
      self.allowsBlankBetweenSegments = allowsBlankBetweenSegments
      self.allowsVariables = allowsVariables
    }

    /// RFC 9535 exactly.
    public static let rfc9535 = Options()
  }

  /// The largest magnitude of an index or slice bound, 2^53 − 1 (RFC 9535 §2.1).
  public static let maximumInteger = 9_007_199_254_740_991

  let utf8: [UInt8]
  let options: Options
  /// The byte offset the parser has reached.
  public var position: Int

  public init(utf8: [UInt8], at position: Int = 0, options: Options = .rfc9535) {
    self.utf8 = utf8
    self.position = position
    self.options = options
  }

  /// Parses a whole RFC 9535 query.
  public static func parse(_ text: String) throws(JSONPathSyntaxError) -> JSONPathQuery {
    var parser = JSONPathParser(utf8: Array(text.utf8))
    let query = try parser.parseQuery()
    if parser.position < parser.utf8.count {
      if isBlank(parser.utf8[parser.position]) {
        throw JSONPathSyntaxError("blank space is not allowed at the end of a query", offset: parser.position)
      }
      throw parser.unexpected("expected '.', '..' or '[' to start a segment")
    }
    return query
  }

  // MARK: - Queries and segments

  /// Parses `$` followed by segments, stopping after the last segment.
  public mutating func parseQuery() throws(JSONPathSyntaxError) -> JSONPathQuery {
    guard peek == UInt8(ascii: "$") else {
      if let byte = peek, JSONPathParser.isBlank(byte) {
        throw JSONPathSyntaxError("blank space is not allowed at the start of a query", offset: position)
      }
      throw unexpected("a query starts with '$'")
    }
    position += 1
    return JSONPathQuery(root: .document, segments: try parseSegments())
  }

  /// Parses segments until none follows (blank space before a non-segment is left unread).
  public mutating func parseSegments() throws(JSONPathSyntaxError) -> [Segment] {
    var segments: [Segment] = []
    while true {
      let start = position
      if options.allowsBlankBetweenSegments { skipBlank() }
      guard let byte = peek, byte == UInt8(ascii: "[") || byte == UInt8(ascii: ".") else {
        position = start
        return segments
      }
      segments.append(try parseSegment())
    }
  }

  /// Parses one segment when one starts here (no blank space before it), else nil: for hosts
  /// that read other things between segments.
  public mutating func parseSegmentIfPresent() throws(JSONPathSyntaxError) -> Segment? {
    guard let byte = peek, byte == UInt8(ascii: "[") || byte == UInt8(ascii: ".") else { return nil }
    return try parseSegment()
  }

  private mutating func parseSegment() throws(JSONPathSyntaxError) -> Segment {
    if peek == UInt8(ascii: "[") {
      return Segment(isDescendant: false, selectors: try parseBracketedSelection())
    }
    position += 1  // "."
    let isDescendant = peek == UInt8(ascii: ".")
    if isDescendant {
      position += 1
      if peek == UInt8(ascii: "[") { return Segment(isDescendant: true, selectors: try parseBracketedSelection()) }
    }
    if peek == UInt8(ascii: "*") {
      position += 1
      return Segment(isDescendant: isDescendant, selectors: [.wildcard])
    }
    guard let name = parseMemberNameShorthand() else {
      let what = isDescendant ? "'..'" : "'.'"
      if let byte = peek, JSONPathParser.isDigit(byte) {
        throw unexpected(
          "expected a member name or '*' after \(what)",
          hint: "a name cannot start with a digit; for an index write [\(Character(Unicode.Scalar(byte)))]")
      }
      throw unexpected("expected a member name or '*' after \(what)", hint: "quote other names: ['my name']")
    }
    return Segment(isDescendant: isDescendant, selectors: [.name(JSONName(name))])
  }

  private mutating func parseMemberNameShorthand() -> String? {
    let start = position
    guard let first = peek, JSONPathParser.isNameFirst(first) else { return nil }
    while let byte = peek, JSONPathParser.isNameFirst(byte) || JSONPathParser.isDigit(byte) { position += 1 }
    return String(decoding: utf8[start..<position], as: UTF8.self)
  }

  private mutating func parseBracketedSelection() throws(JSONPathSyntaxError) -> [Selector] {
    let open = position
    position += 1  // "["
    var selectors: [Selector] = []
    while true {
      skipBlank()
      if peek == UInt8(ascii: "]") && selectors.isEmpty {
        throw JSONPathSyntaxError("empty brackets: expected a selector", offset: open, length: position - open + 1)
      }
      selectors.append(try parseSelector())
      skipBlank()
      guard let byte = peek else {
        throw JSONPathSyntaxError("unclosed '[': expected ']'", offset: open, hint: "close the selection with ']'")
      }
      if byte == UInt8(ascii: "]") {
        position += 1
        return selectors
      }
      guard byte == UInt8(ascii: ",") else { throw unexpected("expected ',' or ']' after a selector") }
      position += 1
    }
  }

  private mutating func parseSelector() throws(JSONPathSyntaxError) -> Selector {
    guard let byte = peek else { throw unexpected("expected a selector") }
    switch byte {
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      return .name(JSONName(try parseStringLiteral()))
    case UInt8(ascii: "*"):
      position += 1
      return .wildcard
    case UInt8(ascii: "?"):
      position += 1
      skipBlank()
      return .filter(try parseFilter())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"):
      let start = byte == UInt8(ascii: ":") ? nil : try parseInteger()
      let afterStart = position
      skipBlank()
      guard peek == UInt8(ascii: ":") else {
        position = afterStart
        return .index(start ?? 0)
      }
      position += 1
      skipBlank()
      let end = try parseOptionalInteger()
      skipBlank()
      var step: Int? = nil
      if peek == UInt8(ascii: ":") {
        position += 1
        skipBlank()
        step = try parseOptionalInteger()
      }
      return .slice(SliceSelector(start: start, end: end, step: step))
    default:
      throw unexpected("expected a selector: a quoted name, '*', an index, a slice or a ?filter")
    }
  }

  private mutating func parseOptionalInteger() throws(JSONPathSyntaxError) -> Int? {
    guard let byte = peek, byte == UInt8(ascii: "-") || JSONPathParser.isDigit(byte) else { return nil }
    return try parseInteger()
  }

  /// `0` or an optional `-` and digits without a leading zero, within ±(2^53 − 1).
  private mutating func parseInteger() throws(JSONPathSyntaxError) -> Int {
    let start = position
    let negative = peek == UInt8(ascii: "-")
    if negative { position += 1 }
    guard let first = peek, JSONPathParser.isDigit(first) else { throw unexpected("expected a digit") }
    while let byte = peek, JSONPathParser.isDigit(byte) { position += 1 }
    let digits = utf8[(negative ? start + 1 : start)..<position]
    if digits.count > 1 && first == UInt8(ascii: "0") {
      throw JSONPathSyntaxError("leading zeros are not allowed in an integer", offset: start, length: position - start)
    }
    if negative && digits.count == 1 && first == UInt8(ascii: "0") {
      throw JSONPathSyntaxError("-0 is not a valid index", offset: start, length: 2, hint: "write 0")
    }
    var magnitude = 0
    for digit in digits {
      magnitude = magnitude * 10 + Int(digit - UInt8(ascii: "0"))
      guard magnitude <= JSONPathParser.maximumInteger else {
        throw JSONPathSyntaxError(
          "integer out of range: indices lie within ±(2^53 − 1)", offset: start, length: position - start)
      }
    }
    return negative ? -magnitude : magnitude
  }

  // MARK: - String literals

  /// Parses a single- or double-quoted string literal with RFC 9535 escapes.
  mutating func parseStringLiteral() throws(JSONPathSyntaxError) -> String {
    let open = position
    guard let quote = peek else { throw unexpected("expected a string") }
    position += 1
    var output: [UInt8] = []
    while true {
      guard let byte = peek else {
        throw JSONPathSyntaxError("unterminated string", offset: open, hint: "close it with \(Character(Unicode.Scalar(quote)))")
      }
      if byte == quote {
        position += 1
        return String(decoding: output, as: UTF8.self)
      }
      if byte < 0x20 {
        throw JSONPathSyntaxError(
          "control character U+00\(String(byte, radix: 16, uppercase: true).leftPad(2)) in a string; escape it", offset: position)
      }
      guard byte == UInt8(ascii: "\\") else {
        output.append(byte)
        position += 1
        continue
      }
      let escape = position
      position += 1
      guard let code = peek else { throw JSONPathSyntaxError("unterminated string", offset: open) }
      position += 1
      if let control = UTF16Escape.controlCharacter(escapedBy: code) {
        output.append(control)
        continue
      }
      switch code {
      case UInt8(ascii: "/"), UInt8(ascii: "\\"): output.append(code)
      case quote: output.append(quote)
      case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape(escape), to: &output)
      default:
        throw JSONPathSyntaxError(
          "invalid escape in a string", offset: escape, length: 2,
          hint: "valid escapes: \\b \\f \\n \\r \\t \\/ \\\\ \\\(Character(Unicode.Scalar(quote))) \\uXXXX")
      }
    }
  }

  private mutating func parseUnicodeEscape(_ escape: Int) throws(JSONPathSyntaxError) -> UInt32 {
    let high = try parseHex4(escape)
    if UTF16Escape.isLowSurrogate(high) {
      throw JSONPathSyntaxError("lone low surrogate in a \\u escape", offset: escape, length: 6)
    }
    guard UTF16Escape.isHighSurrogate(high) else { return high }
    guard peek == UInt8(ascii: "\\"), position + 1 < utf8.count, utf8[position + 1] == UInt8(ascii: "u") else {
      throw JSONPathSyntaxError("lone high surrogate in a \\u escape; a \\u low surrogate must follow", offset: escape, length: 6)
    }
    let lowEscape = position
    position += 2
    let low = try parseHex4(lowEscape)
    guard UTF16Escape.isLowSurrogate(low) else {
      throw JSONPathSyntaxError("a high surrogate must be followed by a low surrogate", offset: lowEscape, length: 6)
    }
    return UTF16Escape.scalar(high: high, low: low)
  }

  private mutating func parseHex4(_ escape: Int) throws(JSONPathSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek, let digit = UTF16Escape.hexValue(byte) else {
        throw JSONPathSyntaxError("\\u needs four hex digits", offset: escape, length: position - escape + 1)
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  private func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
    guard let value = Unicode.Scalar(scalar) else { return }
    output.append(contentsOf: String(Character(value)).utf8)
  }

  // MARK: - Characters

  var peek: UInt8? { position < utf8.count ? utf8[position] : nil }

  func peek(_ offset: Int) -> UInt8? {
    position + offset < utf8.count ? utf8[position + offset] : nil
  }

  mutating func skipBlank() {
    while let byte = peek, JSONPathParser.isBlank(byte) { position += 1 }
  }

  /// An error at the current position naming what was found.
  func unexpected(_ expectation: String, hint: String? = nil) -> JSONPathSyntaxError {
    guard position < utf8.count else {
      return JSONPathSyntaxError("unexpected end of query; \(expectation)", offset: position, hint: hint)
    }
    var end = position + 1
    while end < utf8.count && utf8[end] & 0xC0 == 0x80 { end += 1 }
    let found = String(decoding: utf8[position..<end], as: UTF8.self)
    let shown = found == " " ? "blank space" : "'\(found)'"
    return JSONPathSyntaxError("unexpected \(shown); \(expectation)", offset: position, length: end - position, hint: hint)
  }

  static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// ALPHA, `_`, or any non-ASCII byte (queries arrive as valid UTF-8, so these are whole scalars).
  static func isNameFirst(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_") || byte >= 0x80
  }

}

extension String {
  func leftPad(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
