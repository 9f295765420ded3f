/// Why a JSONPath query is invalid, and where (byte offsets into the query text).
public struct JSONPathSyntaxError: Error, Sendable, Equatable {
  public var message: String
  /// The byte offset of the problem.
  public var offset: Int
  /// The length in bytes of the offending text (at least 1 is shown).
  public var length: Int
  public var hint: String?

  public init(_ message: String, offset: Int, length: Int = 1, hint: String? = nil) {
    self.message = message
    self.offset = offset
    self.length = length
    self.hint = hint
  }

  /// The error as a diagnostic on `source`, named `file`.
  public func diagnostic(file: String = "<query>", source: String) -> SourceDiagnostic {
    SourceDiagnostic(file: file, source: source, offset: offset, length: length, message: message, hint: hint)
  }
}
