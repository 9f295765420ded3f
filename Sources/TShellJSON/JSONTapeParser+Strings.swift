/// Strings: scanned a word at a time for the bytes that need a closer look (a quote, an escape,
/// a control character, non-ASCII), their escapes and UTF-8 checked.
extension JSONTapeParser {
  /// Parses the string whose opening quote is at `p`; returns the position after its closing quote.
  mutating func parseString(_ p: Int) throws(JSONParseError) -> Int {
    let start = p + 1
    var q = start
    var hasEscapes = false
    while true {
      while q &+ 8 <= end {
        let word = UnsafeRawPointer(base + q).loadUnaligned(as: UInt64.self)
        let special = JSONTapeParser.specialBytes(word)
        if special != 0 {
          q &+= special.trailingZeroBitCount &>> 3
          break
        }
        q &+= 8
      }
      guard q < end else { throw fail("unterminated string", at: p) }
      let byte = base[q]
      if byte == UInt8(ascii: "\"") { break }
      if byte == UInt8(ascii: "\\") {
        hasEscapes = true
        q = try validateEscape(q)
      } else if byte < 0x20 {
        throw fail("control character \(scalarName(UInt32(byte))) in string; write it as an escape", at: q)
      } else if byte >= 0x80 {
        q = try validateUTF8(q)
      } else {
        q += 1
      }
    }
    append(Tape.scalar(Tape.string, offset: start, length: q - start, flag: hasEscapes))
    return q + 1
  }

  /// A mask with the high bit set in each byte of `word` that is `"`, `\`, a control character or non-ASCII;
  /// the lowest flagged byte is exact.
  @inline(__always)
  private static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let hasQuote = (quote &- ones) & ~quote
    let hasBackslash = (backslash &- ones) & ~backslash
    let hasControl = word &- (ones &* 0x20)
    return (hasQuote | hasBackslash | hasControl | word) & highs
  }

  private func validateEscape(_ q: Int) throws(JSONParseError) -> Int {
    guard q + 1 < end else { throw fail("unterminated string", at: q) }
    switch base[q + 1] {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      return q + 2
    case UInt8(ascii: "u"):
      let unit = try hexUnit(at: q + 2, escapeAt: q)
      if UTF16Escape.isLowSurrogate(unit) {
        throw fail("lone low surrogate \\u\(hex4(unit)) in string", at: q)
      }
      guard UTF16Escape.isHighSurrogate(unit) else { return q + 6 }
      guard q + 7 < end, base[q + 6] == UInt8(ascii: "\\"), base[q + 7] == UInt8(ascii: "u") else {
        throw fail("lone high surrogate \\u\(hex4(unit)) in string; a low surrogate must follow", at: q)
      }
      let low = try hexUnit(at: q + 8, escapeAt: q + 6)
      guard UTF16Escape.isLowSurrogate(low) else {
        throw fail("lone high surrogate \\u\(hex4(unit)) in string; a low surrogate must follow", at: q)
      }
      return q + 12
    default:
      throw fail("invalid escape \(describeEscape(at: q)) in string", at: q)
    }
  }

  private func hexUnit(at p: Int, escapeAt: Int) throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for index in p..<p + 4 {
      guard index < end, let digit = UTF16Escape.hexValue(base[index]) else {
        throw fail("invalid escape \(describeEscape(at: escapeAt)); \\u needs four hex digits", at: escapeAt)
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Checks one UTF-8 sequence (Unicode's well-formed table) and returns the position after it.
  private func validateUTF8(_ q: Int) throws(JSONParseError) -> Int {
    guard let length = JSONTapeParser.utf8SequenceLength(base, q, end) else {
      throw fail("invalid UTF-8 byte 0x\(String(base[q], radix: 16, uppercase: true)) in string", at: q)
    }
    return q + length
  }

  /// The length of the well-formed UTF-8 sequence at `q`, or nil.
  static func utf8SequenceLength(_ base: UnsafePointer<UInt8>, _ q: Int, _ end: Int) -> Int? {
    let lead = base[q]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: return nil
    }
    guard q + length <= end else { return nil }
    let second = base[q + 1]
    guard second >= low && second <= high else { return nil }
    for index in 2..<length where base[q + index] & 0xC0 != 0x80 { return nil }
    return length
  }
}
