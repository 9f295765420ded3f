import CJSONSupport

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
  /// Where `append` stops to grow the tape or to report progress: `capacity` or less.
  private var limit: Int
  private(set) var count = 0
  /// The open containers, innermost last: `depth` of them. Plain memory rather than an array,
  /// which checked uniqueness and bounds on each member's bookkeeping; freed by `parse`.
  private let frames: UnsafeMutablePointer<Frame>
  private var depth = 0
  /// Decoded keys of large objects, by nesting depth, for exact duplicate detection.
  private var largeObjectKeys: [Int: Set<[UInt8]>] = [:]
  /// The thread mapping in the tape's pages ahead of the parser (for large texts), stopped before
  /// the tape it maps is freed.
  private var prefault: OpaquePointer?

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.base = bytes.baseAddress ?? UnsafePointer(JSONTapeParser.emptyText)
    self.end = bytes.count
    self.capacity = max(16, bytes.count / 8)
    self.limit = capacity
    self.tape = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    // Each open container takes a byte of the text, so a short text (a token's claims, an API
    // reply) needs few frames: 40 KiB for every parse showed in the server's profile.
    self.frames = UnsafeMutablePointer<Frame>.allocate(capacity: min(JSONTapeParser.maximumDepth, bytes.count + 1))
  }

  // MARK: - Driver

  /// Parses the whole text, once; on success the tape holds `count` entries (the caller owns
  /// `tape`).
  mutating func parse() throws(JSONParseError) {
    // A large text's pages, and its tape's, are mapped in by two threads ahead of the parser: on
    // 100 MB, 16,000 page faults and their zeroing move off the parser's core.
    let textPrefault = tshell_prefault_start(base, end, 0, 0)
    prefault = tshell_prefault_start(
      tape, capacity * MemoryLayout<UInt64>.stride, JSONTapeParser.prefaultAhead * MemoryLayout<UInt64>.stride, 1)
    limit = nextLimit()
    defer {
      tshell_prefault_finish(textPrefault)
      tshell_prefault_finish(prefault)
      frames.deallocate()
    }
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
    guard depth < JSONTapeParser.maximumDepth else {
      throw fail("nesting deeper than \(JSONTapeParser.maximumDepth) levels", at: p)
    }
    (frames + depth).initialize(
      to: Frame(start: count, children: 0, isObject: isObject, keyBloom: 0, hasDuplicates: false))
    depth += 1
    append(0)
  }

  private mutating func close() {
    depth -= 1
    let frame = frames[depth]
    let tag = frame.isObject ? Tape.object : Tape.array
    tape[frame.start] = Tape.container(tag, end: count, count: frame.children, flag: frame.hasDuplicates)
    if frame.isObject && frame.children > JSONTapeParser.largeObject {
      largeObjectKeys[depth] = nil
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
  @inline(__always)
  private mutating func noteKey(at index: Int) {
    let frame = frames + (depth - 1)
    let children = frame.pointee.children
    guard children < JSONTapeParser.largeObject else { return noteKeyOfLargeObject(at: index) }
    // A small bloom filter of key hashes keeps the exact comparison off the common path.
    // A key with escapes can equal any spelling, so from then on every key is compared.
    let entry = tape[index]
    let length = Tape.length(entry)
    let offset = Tape.offset(entry)
    let hash = length == 0 ? 0 : length &* 31 &+ Int(base[offset]) &* 7 &+ Int(base[offset &+ length &- 1])
    let bit: UInt64 = Tape.hasFlag(entry) ? ~0 : 1 << UInt64(hash & 63)
    if children > 0 && frame.pointee.keyBloom & bit != 0 && hasKey(entry, before: frame.pointee) {
      frame.pointee.hasDuplicates = true
    }
    frame.pointee.keyBloom |= bit
  }

  /// `noteKey` past `largeObject` members: the keys go to a set.
  private mutating func noteKeyOfLargeObject(at index: Int) {
    let depth = self.depth - 1
    let frame = frames[depth]
    if frame.children == JSONTapeParser.largeObject { largeObjectKeys[depth] = Set(keys(of: frame)) }
    let key = decodedKey(tape[index])
    if largeObjectKeys[depth]?.insert(key).inserted == false { frames[depth].hasDuplicates = true }
  }

  /// Whether a member parsed so far in `frame` has the key `entry`: raw bytes compared in place,
  /// and decoded only when an escape or a key longer than the tape's length field is involved (a
  /// bloom filter's false hit costs no allocation).
  private func hasKey(_ entry: UInt64, before frame: Frame) -> Bool {
    let raw = rawString(entry)
    var index = frame.start + 1
    for _ in 0..<frame.children {
      let earlier = tape[index]
      if Tape.hasFlag(earlier) || Tape.hasFlag(entry) || Tape.length(earlier) == Tape.longLength
        || Tape.length(entry) == Tape.longLength
      {
        if decodedKey(earlier) == decodedKey(entry) { return true }
      } else {
        let other = rawString(earlier)
        if other.count == raw.count && memcmp(other.baseAddress ?? base, raw.baseAddress ?? base, raw.count) == 0 {
          return true
        }
      }
      index = Tape.next(after: index + 1, tape[index + 1])
    }
    return false
  }

  /// The decoded keys of the members parsed so far in `frame`.
  private func keys(of frame: Frame) -> [[UInt8]] {
    var keys: [[UInt8]] = []
    var index = frame.start + 1
    for _ in 0..<frame.children {
      keys.append(decodedKey(tape[index]))
      index = Tape.next(after: index + 1, tape[index + 1])
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
  mutating func append(_ entry: UInt64) {
    if count == limit { reachLimit() }
    tape[count] = entry
    count += 1
  }

  /// How many entries past the parser the prefault thread maps in: 8 MiB.
  private static let prefaultAhead = 1 << 20

  /// At `limit`: the tape is full (grow it), or the parser has written another half of the
  /// prefault thread's lead (tell it, so that it maps further). The check shares `append`'s one
  /// comparison.
  private mutating func reachLimit() {
    if count == capacity { grow() }
    tshell_prefault_advance(prefault, tape + count)
    limit = nextLimit()
  }

  /// The end of the tape, or with a prefault thread running, half its lead past the parser.
  private func nextLimit() -> Int {
    prefault == nil ? capacity : min(capacity, count + JSONTapeParser.prefaultAhead / 2)
  }

  private mutating func grow() {
    tshell_prefault_finish(prefault)
    prefault = nil
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
}
