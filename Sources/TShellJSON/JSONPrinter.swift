/// Prints JSON values and document nodes as UTF-8 bytes in a `JSONFormat`.
public struct JSONPrinter {
  /// The bytes printed so far.
  public var output: [UInt8] = []
  /// The format in use.
  public let format: JSONFormat
  private let pretty: Bool
  private let colors: Bool
  /// Receives the output whenever it grows past `flushThreshold` bytes, so that printing a
  /// large document needs little memory; nil keeps everything in `output`.
  public var flush: ((UnsafeBufferPointer<UInt8>) -> Void)?
  public var flushThreshold = 1 << 16

  public init(format: JSONFormat, capacity: Int = 4096, flush: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil) {
    self.flush = flush
    self.format = format
    self.pretty = format.layout == .pretty
    self.colors = format.colors
    output.reserveCapacity(capacity)
  }

  /// Prints `value` as one JSON text (a raw string when the format says so).
  public mutating func write(_ value: JSONValue) {
    if format.rawStrings, case .string(let text) = value {
      output.append(contentsOf: text.utf8)
      return
    }
    write(value, depth: 0)
  }

  /// Prints the value of `node` in `document`.
  public mutating func write(_ document: JSONDocument, _ node: Int) {
    if format.rawStrings, document.kind(node) == .string {
      document.withUTF8(node) { output.append(contentsOf: $0) }
      return
    }
    write(document, node, depth: 0)
  }

  /// Prints `value` to a new string.
  public static func string(_ value: JSONValue, format: JSONFormat = .compact) -> String {
    var printer = JSONPrinter(format: format, capacity: 64)
    printer.write(value)
    return String(decoding: printer.output, as: UTF8.self)
  }

  // MARK: - Values

  private mutating func write(_ value: JSONValue, depth: Int) {
    switch value {
    case .null: token(JSONColors.null, "null")
    case .bool(let flag): token(JSONColors.boolean, flag ? "true" : "false")
    case .number(let number): writeNumber(number)
    case .string(let text):
      var text = text
      color(JSONColors.string)
      text.withUTF8 { writeQuoted($0) }
      resetColor()
    case .array(let elements):
      guard !elements.isEmpty else { return token(JSONColors.punctuation, "[]") }
      punctuation(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { punctuation(UInt8(ascii: ",")) }
        newline(depth + 1)
        write(element, depth: depth + 1)
      }
      newline(depth)
      punctuation(UInt8(ascii: "]"))
    case .object(let object):
      guard !object.isEmpty else { return token(JSONColors.punctuation, "{}") }
      punctuation(UInt8(ascii: "{"))
      for (index, member) in object.enumerated() {
        if index > 0 { punctuation(UInt8(ascii: ",")) }
        newline(depth + 1)
        var key = member.key
        key.withUTF8 { writeKey($0) }
        if format.masksTokens, key == "token", case .string = member.value {
          write(.string(JSONFormat.maskedToken), depth: depth + 1)
        } else {
          write(member.value, depth: depth + 1)
        }
      }
      newline(depth)
      punctuation(UInt8(ascii: "}"))
    }
  }

  private mutating func writeNumber(_ number: JSONNumber) {
    color(JSONColors.number)
    switch number {
    case .int(let value): output.append(contentsOf: String(value).utf8)
    case .double(let value): output.append(contentsOf: value.description.utf8)
    case .decimal(let text): output.append(contentsOf: text.utf8)
    }
    resetColor()
  }

  // MARK: - Document nodes

  private mutating func write(_ document: JSONDocument, _ node: Int, depth: Int) {
    let entry = document.entry(node)
    switch Tape.tag(entry) {
    case Tape.null: token(JSONColors.null, "null")
    case Tape.falseTag: token(JSONColors.boolean, "false")
    case Tape.trueTag: token(JSONColors.boolean, "true")
    case Tape.number:
      color(JSONColors.number)
      output.append(contentsOf: document.rawBytes(node))
      resetColor()
    case Tape.string:
      color(JSONColors.string)
      writeDocumentString(document, node)
      resetColor()
    case Tape.array:
      let end = Tape.end(entry)
      guard end > node + 1 else { return token(JSONColors.punctuation, "[]") }
      punctuation(UInt8(ascii: "["))
      var child = node + 1
      while child < end {
        if child > node + 1 { punctuation(UInt8(ascii: ",")) }
        newline(depth + 1)
        write(document, child, depth: depth + 1)
        child = document.next(child)
        flushIfNeeded()
      }
      newline(depth)
      punctuation(UInt8(ascii: "]"))
    default:
      guard Tape.end(entry) > node + 1 else { return token(JSONColors.punctuation, "{}") }
      punctuation(UInt8(ascii: "{"))
      var first = true
      _ = document.forEachMember(node) { key, value in
        if !first { punctuation(UInt8(ascii: ",")) }
        first = false
        newline(depth + 1)
        if colors || document.hasEscapes(key) {
          document.withUTF8(key) { writeKey($0) }
        } else {
          writeRawQuoted(document.rawBytes(key))
          output.append(UInt8(ascii: ":"))
          if pretty { output.append(UInt8(ascii: " ")) }
        }
        write(document, value, depth: depth + 1)
        flushIfNeeded()
        return true
      }
      newline(depth)
      punctuation(UInt8(ascii: "}"))
    }
  }

  /// A string node: its raw bytes are already valid JSON content unless it has escapes,
  /// which are re-encoded in the canonical form.
  private mutating func writeDocumentString(_ document: JSONDocument, _ node: Int) {
    if document.hasEscapes(node) {
      document.withUTF8(node) { writeQuoted($0) }
    } else {
      writeRawQuoted(document.rawBytes(node))
    }
  }

  // MARK: - Primitives

  /// Hands the output to `flush` when it has grown large.
  @inline(__always)
  public mutating func flushIfNeeded() {
    guard output.count >= flushThreshold, let flush else { return }
    output.withUnsafeBufferPointer(flush)
    output.removeAll(keepingCapacity: true)
  }

  private mutating func writeKey(_ utf8: UnsafeBufferPointer<UInt8>) {
    color(JSONColors.key)
    writeQuoted(utf8)
    resetColor()
    punctuation(UInt8(ascii: ":"))
    if pretty { output.append(UInt8(ascii: " ")) }
  }

  @inline(__always)
  private mutating func writeRawQuoted(_ raw: UnsafeBufferPointer<UInt8>) {
    output.append(UInt8(ascii: "\""))
    output.append(contentsOf: raw)
    output.append(UInt8(ascii: "\""))
  }

  /// Writes `utf8` as a quoted JSON string, escaping quotes, backslashes and control characters.
  mutating func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
    output.append(UInt8(ascii: "\""))
    var runStart = 0
    for index in 0..<utf8.count {
      let byte = utf8[index]
      guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
      if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
      runStart = index + 1
      output.append(UInt8(ascii: "\\"))
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
      case 0x0A: output.append(UInt8(ascii: "n"))
      case 0x0D: output.append(UInt8(ascii: "r"))
      case 0x09: output.append(UInt8(ascii: "t"))
      case 0x08: output.append(UInt8(ascii: "b"))
      case 0x0C: output.append(UInt8(ascii: "f"))
      default:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        output.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
      }
    }
    if runStart < utf8.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    output.append(UInt8(ascii: "\""))
  }

  @inline(__always)
  private mutating func newline(_ depth: Int) {
    guard pretty else { return }
    output.append(UInt8(ascii: "\n"))
    for _ in 0..<depth * 2 { output.append(UInt8(ascii: " ")) }
  }

  @inline(__always)
  private mutating func punctuation(_ byte: UInt8) {
    if colors {
      color(JSONColors.punctuation)
      output.append(byte)
      resetColor()
    } else {
      output.append(byte)
    }
  }

  private mutating func token(_ colorCode: [UInt8], _ text: StaticString) {
    color(colorCode)
    output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    resetColor()
  }

  @inline(__always)
  private mutating func color(_ code: [UInt8]) {
    if colors { output.append(contentsOf: code) }
  }

  @inline(__always)
  private mutating func resetColor() {
    if colors { output.append(contentsOf: JSONColors.reset) }
  }
}
