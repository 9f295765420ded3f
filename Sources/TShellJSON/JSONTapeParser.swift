#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Validates a JSON text (RFC 8259) and writes its tape in one pass, without recursion.
struct JSONTapeParser {
  /// The deepest nesting of arrays and objects a document may have.
  static let maximumDepth = 1024

  private struct Frame {
    var start: Int
    var children: Int
    var isObject: Bool
    var keyBloom: UInt64
    var hasDuplicates: Bool
  }

  let bytes: UnsafeBufferPointer<UInt8>
  let base: UnsafePointer<UInt8>
  let end: Int
  private(set) var tape: UnsafeMutablePointer<UInt64>
  private var capacity: Int
  private(set) var count = 0
  private var frames: [Frame] = []
  /// Decoded keys of large objects, by nesting depth, for exact duplicate detection.
  private var largeObjectKeys: [Int: Set<[UInt8]>] = [:]

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.base = bytes.baseAddress ?? UnsafePointer(JSONTapeParser.emptyText)
    self.end = bytes.count
    self.capacity = max(16, bytes.count / 8)
    self.tape = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    frames.reserveCapacity(32)
  }

  // MARK: - Driver

  /// Parses the whole text; on success the tape holds `count` entries (the caller owns `tape`).
  mutating func parse() throws(JSONParseError) {
    var p = 0
    if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { p = 3 }
    p = skipWhitespace(p)
    value: while true {
      guard p < end else { throw fail(expectingValueAt: p) }
      switch base[p] {
      case UInt8(ascii: "{"):
        try open(isObject: true, at: p)
        p = skipWhitespace(p + 1)
        if p < end && base[p] == UInt8(ascii: "}") {
          close()
          p += 1
        } else {
          p = try parseKey(p)
          continue value
        }
      case UInt8(ascii: "["):
        try open(isObject: false, at: p)
        p = skipWhitespace(p + 1)
        if p < end && base[p] == UInt8(ascii: "]") {
          close()
          p += 1
        } else {
          continue value
        }
      case UInt8(ascii: "\""):
        p = try parseString(p)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        p = try parseNumber(p)
      case UInt8(ascii: "t"):
        p = try parseLiteral(p, "true", Tape.trueTag)
      case UInt8(ascii: "f"):
        p = try parseLiteral(p, "false", Tape.falseTag)
      case UInt8(ascii: "n"):
        p = try parseLiteral(p, "null", Tape.null)
      default:
        throw fail("unexpected \(describe(at: p)); expected a JSON value", at: p)
      }
      // After a value: a separator, the end of its container, or the end of the text.
      while true {
        let depth = frames.count
        guard depth > 0 else {
          p = skipWhitespace(p)
          guard p == end else { throw fail("unexpected \(describe(at: p)) after the JSON value", at: p) }
          return
        }
        frames[depth - 1].children += 1
        let isObject = frames[depth - 1].isObject
        let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        p = skipWhitespace(p)
        guard p < end else {
          throw fail("unexpected end of input; expected ',' or '\(Character(Unicode.Scalar(closer)))'", at: p)
        }
        let byte = base[p]
        if byte == UInt8(ascii: ",") {
          let comma = p
          p = skipWhitespace(p + 1)
          if p < end && base[p] == closer {
            throw fail("trailing comma before '\(Character(Unicode.Scalar(closer)))'", at: comma)
          }
          if isObject { p = try parseKey(p) }
          continue value
        }
        guard byte == closer else {
          let what = isObject ? "object member" : "array element"
          throw fail(
            "unexpected \(describe(at: p)); expected ',' or '\(Character(Unicode.Scalar(closer)))' after \(what)", at: p)
        }
        close()
        p += 1
      }
    }
  }

  // MARK: - Containers

  private mutating func open(isObject: Bool, at p: Int) throws(JSONParseError) {
    guard frames.count < JSONTapeParser.maximumDepth else {
      throw fail("nesting deeper than \(JSONTapeParser.maximumDepth) levels", at: p)
    }
    frames.append(Frame(start: count, children: 0, isObject: isObject, keyBloom: 0, hasDuplicates: false))
    append(0)
  }

  private mutating func close() {
    let frame = frames.removeLast()
    let tag = frame.isObject ? Tape.object : Tape.array
    tape[frame.start] = Tape.container(tag, end: count, count: frame.children, flag: frame.hasDuplicates)
    if frame.isObject && frame.children > JSONTapeParser.largeObject {
      largeObjectKeys[frames.count] = nil
    }
  }

  /// Parses `"key" :` and returns the position of the member's value.
  private mutating func parseKey(_ start: Int) throws(JSONParseError) -> Int {
    guard start < end else { throw fail("unexpected end of input; expected a string key", at: start) }
    guard base[start] == UInt8(ascii: "\"") else {
      throw fail("unexpected \(describe(at: start)); expected a string key in double quotes", at: start)
    }
    let keyIndex = count
    var p = try parseString(start)
    noteKey(at: keyIndex)
    p = skipWhitespace(p)
    guard p < end, base[p] == UInt8(ascii: ":") else {
      if p >= end { throw fail("unexpected end of input; expected ':' after object key", at: p) }
      throw fail("unexpected \(describe(at: p)); expected ':' after object key", at: p)
    }
    return skipWhitespace(p + 1)
  }

  private static let largeObject = 32

  /// Records a key of the innermost object and flags the object when the key was seen before.
  private mutating func noteKey(at index: Int) {
    let depth = frames.count - 1
    let frame = frames[depth]
    let entry = tape[index]
    if frame.children >= JSONTapeParser.largeObject {
      if frame.children == JSONTapeParser.largeObject { largeObjectKeys[depth] = Set(keys(of: frame)) }
      let key = decodedKey(entry)
      if largeObjectKeys[depth]?.insert(key).inserted == false { frames[depth].hasDuplicates = true }
      return
    }
    // A small bloom filter of key hashes keeps the exact comparison off the common path.
    // A key with escapes can equal any spelling, so from then on every key is compared.
    let raw = rawString(entry)
    let hash = raw.count &* 31 &+ Int(raw.first ?? 0) &* 7 &+ Int(raw.last ?? 0)
    let bit: UInt64 = Tape.hasFlag(entry) ? ~0 : 1 << UInt64(hash & 63)
    if frame.children > 0 && frame.keyBloom & bit != 0 && keys(of: frame).contains(decodedKey(entry)) {
      frames[depth].hasDuplicates = true
    }
    frames[depth].keyBloom |= bit
  }

  /// The decoded keys of the members parsed so far in `frame`.
  private func keys(of frame: Frame) -> [[UInt8]] {
    var keys: [[UInt8]] = []
    var index = frame.start + 1
    for _ in 0..<frame.children {
      keys.append(decodedKey(tape[index]))
      let value = tape[index + 1]
      let tag = Tape.tag(value)
      index = (tag == Tape.array || tag == Tape.object) ? Tape.end(value) : index + 2
    }
    return keys
  }

  private func rawString(_ entry: UInt64) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + Tape.offset(entry), count: Tape.length(entry))
  }

  private func decodedKey(_ entry: UInt64) -> [UInt8] {
    let offset = Tape.offset(entry)
    var length = Tape.length(entry)
    if length == Tape.longLength { length = JSONEscapes.rawLength(base + offset, end - offset) }
    let raw = UnsafeBufferPointer(start: base + offset, count: length)
    return Tape.hasFlag(entry) ? JSONEscapes.decode(raw) : Array(raw)
  }

  // MARK: - Scalars

  @inline(__always)
  private mutating func append(_ entry: UInt64) {
    if count == capacity { grow() }
    tape[count] = entry
    count += 1
  }

  private mutating func grow() {
    capacity *= 2
    let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    grown.moveInitialize(from: tape, count: count)
    tape.deallocate()
    tape = grown
  }

  /// Where an empty text's bytes start: never read, since its count is 0.
  nonisolated(unsafe) private static let emptyText = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

  @inline(__always)
  private func skipWhitespace(_ start: Int) -> Int {
    var p = start
    while p < end {
      let byte = base[p]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
      p += 1
    }
    return p
  }

  private mutating func parseLiteral(_ p: Int, _ word: StaticString, _ tag: UInt64) throws(JSONParseError) -> Int {
    let length = word.utf8CodeUnitCount
    var matched = 0
    while matched < length && p + matched < end && base[p + matched] == word.utf8Start[matched] { matched += 1 }
    guard matched == length else {
      throw fail("invalid literal; did you mean '\(word)'?", at: p)
    }
    append(tag << 61)
    return p + length
  }

  private mutating func parseNumber(_ p: Int) throws(JSONParseError) -> Int {
    let scanned: (end: Int, isInteger: Bool)
    do {
      scanned = try JSONNumberScanner.scan(bytes, from: p)
    } catch {
      throw fail(error.message, at: error.offset)
    }
    append(Tape.scalar(Tape.number, offset: p, length: scanned.end - p, flag: scanned.isInteger))
    return scanned.end
  }

  /// Parses the string whose opening quote is at `p`; returns the position after its closing quote.
  private mutating func parseString(_ p: Int) throws(JSONParseError) -> Int {
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
