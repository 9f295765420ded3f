/// Scans the JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
enum JSONNumberScanner {
  struct Failure: Error {
    var message: String
    var offset: Int
  }

  /// Returns the end of the number that starts at `start`, and whether it is an integer literal.
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> (end: Int, isInteger: Bool) {
    let end = bytes.count
    var q = start
    if q < end && bytes[q] == UInt8(ascii: "-") { q += 1 }
    guard q < end, isDigit(bytes[q]) else { throw Failure(message: "expected a digit after '-'", offset: q) }
    if bytes[q] == UInt8(ascii: "0") {
      q += 1
      if q < end && isDigit(bytes[q]) { throw Failure(message: "leading zeros are not allowed in numbers", offset: start) }
    } else {
      while q < end && isDigit(bytes[q]) { q += 1 }
    }
    var isInteger = true
    if q < end && bytes[q] == UInt8(ascii: ".") {
      isInteger = false
      q += 1
      guard q < end, isDigit(bytes[q]) else { throw Failure(message: "expected a digit after '.'", offset: q) }
      while q < end && isDigit(bytes[q]) { q += 1 }
    }
    if q < end && (bytes[q] == UInt8(ascii: "e") || bytes[q] == UInt8(ascii: "E")) {
      isInteger = false
      q += 1
      if q < end && (bytes[q] == UInt8(ascii: "+") || bytes[q] == UInt8(ascii: "-")) { q += 1 }
      guard q < end, isDigit(bytes[q]) else { throw Failure(message: "expected a digit in the exponent", offset: q) }
      while q < end && isDigit(bytes[q]) { q += 1 }
    }
    return (q, isInteger)
  }

  /// The end of the number at `start`, or nil when there is none.
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    do {
      let result: (end: Int, isInteger: Bool) = try scan(bytes, from: start)
      return result.end
    } catch {
      return nil
    }
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
