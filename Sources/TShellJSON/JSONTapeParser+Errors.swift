#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The parser's errors: where, and what it found there.
extension JSONTapeParser {

  func fail(_ message: String, at offset: Int) -> JSONParseError {
    JSONParseError(message, at: offset, in: bytes)
  }

  func fail(expectingValueAt p: Int) -> JSONParseError {
    fail("unexpected end of input; expected a JSON value", at: p)
  }

  /// Names the character at `p` for a message: `'x'`, `U+00E9 'é'` or `byte 0xFF`.
  func describe(at p: Int) -> String {
    guard p < end else { return "end of input" }
    let byte = base[p]
    if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
    if byte < 0x80 { return "character \(scalarName(UInt32(byte)))" }
    guard let length = JSONTapeParser.utf8SequenceLength(base, p, end) else {
      return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
    let scalar = String(decoding: UnsafeBufferPointer(start: base + p, count: length), as: UTF8.self)
    return "character \(scalarName(scalar.unicodeScalars.first.map { $0.value } ?? 0)) '\(scalar)'"
  }

  func describeEscape(at q: Int) -> String {
    let length = min(6, end - q)
    let text = String(decoding: UnsafeBufferPointer(start: base + q, count: length), as: UTF8.self)
    return "'\(text.prefix(while: { $0 != "\"" }).prefix(6))'"
  }

  func scalarName(_ value: UInt32) -> String {
    "U+" + hex4(value)
  }

  func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
