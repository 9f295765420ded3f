/// Why a JSON text is invalid, and exactly where: byte offset, line and column (both 1-based).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, written for users ("trailing comma before ']'").
  public var message: String
  /// The byte offset of the problem from the start of the text (0-based).
  public var offset: Int
  /// The line of the problem (1-based).
  public var line: Int
  /// The column of the problem in characters (Unicode scalars), 1-based.
  public var column: Int

  public init(message: String, offset: Int, line: Int, column: Int) {
    self.message = message
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// Locates `offset` in `bytes` and builds the error.
  init(_ message: String, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
    let position = TextPosition(of: offset, in: bytes)
    self.init(message: message, offset: offset, line: position.line, column: position.column)
  }

  /// `line:col: message (byte N)`; prefix a file name for a full location.
  public var description: String {
    "\(line):\(column): \(message) (byte \(offset))"
  }
}
