import CJSONSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A parsed JSON text: the text itself plus a tape of one 64-bit entry per value.
///
/// Strings and numbers stay in the text until read, so queries over large documents touch
/// little memory beyond the text (see `Tape`). Nodes are tape indices; the root is 0.
public final class JSONDocument: JSONTree, @unchecked Sendable {
  /// The deepest nesting of arrays and objects a document may have.
  public static let maximumDepth = JSONTapeParser.maximumDepth

  /// The JSON text.
  public let bytes: JSONBytes
  @usableFromInline let base: UnsafePointer<UInt8>
  @usableFromInline let tape: UnsafeMutablePointer<UInt64>
  /// The number of tape entries (values plus object keys).
  public let tapeCount: Int

  /// Parses `bytes`, which must hold exactly one JSON value (surrounded by optional whitespace).
  public init(_ bytes: JSONBytes) throws(JSONParseError) {
    var parser = JSONTapeParser(bytes.buffer)
    do {
      try parser.parse()
    } catch {
      parser.tape.deallocate()
      throw error
    }
    self.bytes = bytes
    self.base = bytes.base
    self.tape = parser.tape
    self.tapeCount = parser.count
  }

  /// Parses the UTF-8 of `text`.
  public convenience init(parsing text: String) throws(JSONParseError) {
    try self.init(JSONBytes(copying: text.utf8))
  }

  deinit { tape.deallocate() }

  /// The root node.
  public var root: Int { 0 }

  // MARK: - Navigation

  @inlinable @inline(__always)
  func entry(_ node: Int) -> UInt64 { tape[node] }

  /// The node after `node` and all its descendants (its next sibling, if any).
  @inlinable @inline(__always)
  public func next(_ node: Int) -> Int {
    Tape.next(after: node, tape[node])
  }

  /// Whether the object `node` has a repeated key.
  @inlinable
  public func hasDuplicateKeys(_ node: Int) -> Bool {
    let entry = tape[node]
    return Tape.tag(entry) == Tape.object && Tape.hasFlag(entry)
  }

  @inlinable
  public func kind(_ node: Int) -> JSONKind {
    switch Tape.tag(tape[node]) {
    case Tape.null: return .null
    case Tape.falseTag, Tape.trueTag: return .bool
    case Tape.number: return .number
    case Tape.string: return .string
    case Tape.array: return .array
    default: return .object
    }
  }

  @inlinable
  public func bool(_ node: Int) -> Bool { Tape.tag(tape[node]) == Tape.trueTag }

  /// The bytes of a string's content as written (escapes not decoded) or of a number's literal.
  @inlinable
  public func rawBytes(_ node: Int) -> UnsafeBufferPointer<UInt8> {
    let entry = tape[node]
    let offset = Tape.offset(entry)
    var length = Tape.length(entry)
    if length == Tape.longLength { length = longLength(entry, offset) }
    return UnsafeBufferPointer(start: base + offset, count: length)
  }

  @usableFromInline
  func longLength(_ entry: UInt64, _ offset: Int) -> Int {
    if Tape.tag(entry) == Tape.string { return JSONEscapes.rawLength(base + offset, bytes.count - offset) }
    return JSONNumberScanner.scan(bytes.buffer, from: offset).map { $0 - offset } ?? 0
  }

  /// Whether a string node's content has escapes (so its raw bytes differ from its value).
  @inlinable
  public func hasEscapes(_ node: Int) -> Bool { Tape.hasFlag(tape[node]) }

  public func number(_ node: Int) -> JSONNumber {
    let raw = rawBytes(node)
    if Tape.hasFlag(tape[node]), raw.count < 19, let value = JSONNumber.parseInteger(raw) { return .int(value) }
    return JSONNumber(literal: raw)
  }

  public func string(_ node: Int) -> String {
    withUTF8(node) { String(decoding: $0, as: UTF8.self) }
  }

  @inlinable
  public func withUTF8<R>(_ node: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let raw = rawBytes(node)
    guard hasEscapes(node) else { return try body(raw) }
    return try decoded(raw).withUnsafeBufferPointer(body)
  }

  @usableFromInline
  func decoded(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] { JSONEscapes.decode(raw) }

  public func count(_ node: Int) -> Int {
    let entry = tape[node]
    let stored = Tape.childCount(entry)
    guard stored == Tape.manyChildren else { return stored }
    var count = 0
    var child = node + 1
    let isObject = Tape.tag(entry) == Tape.object
    while child < Tape.end(entry) {
      child = next(isObject ? child + 1 : child)
      count += 1
    }
    return count
  }

  public func element(_ node: Int, at index: Int) -> Int? {
    let entry = tape[node]
    guard Tape.tag(entry) == Tape.array, index >= 0 else { return nil }
    let end = Tape.end(entry)
    var child = node + 1
    var position = 0
    while child < end {
      if position == index { return child }
      child = next(child)
      position += 1
    }
    return nil
  }

  @inlinable
  public func member(_ node: Int, named name: JSONName) -> Int? {
    let entry = tape[node]
    guard Tape.tag(entry) == Tape.object else { return nil }
    let end = Tape.end(entry)
    let stopAtFirst = !Tape.hasFlag(entry)
    var found: Int? = nil
    var key = node + 1
    while key < end {
      if keyEquals(key, name.utf8) {
        found = key + 1
        if stopAtFirst { return found }
      }
      key = next(key + 1)
    }
    return found
  }

  /// Whether the key or string at `node` decodes to `utf8`.
  @inlinable
  public func keyEquals(_ node: Int, _ utf8: [UInt8]) -> Bool {
    let entry = tape[node]
    if !Tape.hasFlag(entry) {
      let length = Tape.length(entry)
      guard length == utf8.count || length == Tape.longLength else { return false }
      let raw = rawBytes(node)
      return raw.count == utf8.count && raw.elementsEqual(utf8)
    }
    return withUTF8(node) { decoded in decoded.elementsEqual(utf8) }
  }

  /// Calls `body` with each element's index and node, in order; false when `body` stopped.
  ///
  /// Elements of a large array lie far apart on the tape, and their text further apart still, so
  /// a walk would wait on two cache misses per element (the profile of `$[*].id` on 100 MB: 93%
  /// of the walk on those two loads). The walk asks for the entry two elements ahead and for the
  /// text of the next element's first scalar while `body` works on this one.
  @inlinable
  public func forEachElement(_ node: Int, _ body: (Int, Int) throws -> Bool) rethrows -> Bool {
    let entry = tape[node]
    guard Tape.tag(entry) == Tape.array else { return true }
    let end = Tape.end(entry)
    var child = node + 1
    var following = child < end ? next(child) : end
    var index = 0
    while child < end {
      var afterNext = end
      if following < end {
        afterNext = next(following)
        if afterNext < end { tshell_prefetch(tape + afterNext) }
        prefetchFirstText(of: following)
      }
      guard try body(index, child) else { return false }
      child = following
      following = afterNext
      index += 1
    }
    return true
  }

  /// Starts loading the text of `node` if it is a scalar, or of its first child (an object's
  /// first key) if it is a container.
  @inlinable @inline(__always)
  func prefetchFirstText(of node: Int) {
    var entry = tape[node]
    if Tape.tag(entry) >= Tape.array {
      guard node + 1 < Tape.end(entry) else { return }
      entry = tape[node + 1]
    }
    if Tape.tag(entry) >= Tape.number { tshell_prefetch(base + Tape.offset(entry)) }
  }

  /// Calls `body` with each member's key node and value node.
  @inlinable
  public func forEachMember(_ node: Int, _ body: (Int, Int) throws -> Bool) rethrows -> Bool {
    let entry = tape[node]
    guard Tape.tag(entry) == Tape.object else { return true }
    if Tape.hasFlag(entry) { return try forEachDistinctMember(node, body) }
    let end = Tape.end(entry)
    var key = node + 1
    while key < end {
      guard try body(key, key + 1) else { return false }
      key = next(key + 1)
    }
    return true
  }

  @usableFromInline
  func forEachDistinctMember(_ node: Int, _ body: (Int, Int) throws -> Bool) rethrows -> Bool {
    var order: [(key: Int, value: Int)] = []
    var positions: [[UInt8]: Int] = [:]
    let end = Tape.end(tape[node])
    var key = node + 1
    while key < end {
      let name = withUTF8(key) { Array($0) }
      if let position = positions[name] {
        order[position].value = key + 1
      } else {
        positions[name] = order.count
        order.append((key, key + 1))
      }
      key = next(key + 1)
    }
    for member in order where try !body(member.key, member.value) { return false }
    return true
  }

  public func keyString(_ key: Int) -> String { string(key) }

  public func value(_ node: Int) -> JSONValue {
    switch kind(node) {
    case .null: return .null
    case .bool: return .bool(bool(node))
    case .number: return .number(number(node))
    case .string: return .string(string(node))
    case .array:
      var elements: [JSONValue] = []
      elements.reserveCapacity(count(node))
      _ = forEachElement(node) { _, child in
        elements.append(value(child))
        return true
      }
      return .array(elements)
    case .object:
      var object = JSONObject()
      let end = Tape.end(tape[node])
      var key = node + 1
      while key < end {
        object[string(key)] = value(key + 1)
        key = next(key + 1)
      }
      return .object(object)
    }
  }
}

extension JSONValue {
  /// Parses a JSON text into a value.
  public init(parsing text: String) throws(JSONParseError) {
    let document = try JSONDocument(parsing: text)
    self = document.value(document.root)
  }

  /// Parses JSON bytes into a value.
  public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
    let document = try JSONDocument(JSONBytes(copying: bytes))
    self = document.value(document.root)
  }
}
