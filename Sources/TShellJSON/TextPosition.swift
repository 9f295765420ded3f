/// Where a byte offset stands in a UTF-8 text, as people count: 1-based line and column, the
/// column in characters (Unicode scalars). JSON errors, JSONPath and tshell diagnostics, and
/// `--trace` all locate offsets with it.
public struct TextPosition: Equatable, Sendable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The position of `offset` (clamped to the text) in `bytes`.
  public init<Bytes: RandomAccessCollection>(of offset: Int, in bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
    let end = min(max(offset, bytes.startIndex), bytes.endIndex)
    var line = 1
    var lineStart = bytes.startIndex
    for index in bytes.startIndex..<end where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    var column = 1
    for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
    self.init(line: line, column: column)
  }
}
