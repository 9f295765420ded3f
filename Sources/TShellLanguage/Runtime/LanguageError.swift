/// An error of a tshell program: a syntax error, a runtime error, an API error or an interruption,
/// with the source location it names and the exit code it causes.
public struct LanguageError: Error, Sendable {
  public enum Kind: Sendable, Equatable {
    /// The program does not parse (exit 2).
    case syntax
    /// The program went wrong while running (exit 1).
    case runtime
    /// A usage error detected while running, such as a missing argument (exit 2).
    case usage
    /// The API answered with an error status (exit 4 for 4xx, 5 for 5xx).
    case api
    /// Ctrl-C or a cancellation (exit 130).
    case interrupted
  }

  public var kind: Kind
  public var message: String
  public var hint: String?
  public var source: SourceFile?
  public var span: SourceSpan?
  /// The HTTP status, for API errors.
  public var status: Int?
  /// The server's body, for API errors.
  public var response: JSONValue?
  /// Whether a syntax error is only the input ending early (the REPL then asks for more).
  public var isIncompleteInput = false

  public init(
    _ kind: Kind, _ message: String, hint: String? = nil, source: SourceFile? = nil, span: SourceSpan? = nil,
    status: Int? = nil, response: JSONValue? = nil
  ) {
    self.kind = kind
    self.message = message
    self.hint = hint
    self.source = source
    self.span = span
    self.status = status
    self.response = response
  }

  /// The exit code the error causes when it ends a script.
  public var exitCode: Int32 {
    switch kind {
    case .syntax, .usage: return 2
    case .runtime: return 1
    case .api: return (status ?? 0) >= 500 ? 5 : 4
    case .interrupted: return 130
    }
  }

  /// The error located at `span` of `source`, unless it already has a location.
  func located(_ source: SourceFile, _ span: SourceSpan) -> LanguageError {
    guard self.source == nil else { return self }
    var copy = self
    copy.source = source
    copy.span = span
    return copy
  }

  /// The error as a caret diagnostic, when it has a location.
  public var diagnostic: SourceDiagnostic? {
    guard let source, let span else { return nil }
    var diagnostic = SourceDiagnostic(
      file: source.name, source: source.text, offset: span.start,
      length: max(span.end - span.start, 1), message: shownMessage, hint: hint)
    diagnostic.masks = source.masks
    return diagnostic
  }

  /// The message as stderr shows it: an API error names the status it came with.
  var shownMessage: String {
    guard kind == .api, let status else { return message }
    return "\(message) (HTTP \(status))"
  }

  /// The full rendering for stderr: `file:line:col: error: …` with the source line and caret.
  public func render(colors: Bool) -> String {
    if let diagnostic { return diagnostic.render(colors: colors) }
    let red = colors ? "\u{1B}[1;31m" : ""
    let reset = colors ? "\u{1B}[0m" : ""
    var text = "\(red)error:\(reset) \(shownMessage)"
    if let hint { text += "\n  = hint: \(hint)" }
    return text
  }

  /// The error as the value `catch $e` binds: `{message, status, response, exit, file, line, col}`.
  public var value: JSONValue {
    var object = JSONObject()
    object["message"] = .string(message)
    object["status"] = status.map { .int($0) } ?? .null
    object["response"] = response ?? .null
    object["exit"] = .int(Int(exitCode))
    if let source, let span {
      let (line, column) = source.location(of: span.start)
      object["file"] = .string(source.name)
      object["line"] = .int(line)
      object["col"] = .int(column)
    } else {
      object["file"] = .null
      object["line"] = .null
      object["col"] = .null
    }
    return .object(object)
  }
}

/// `exit N`: ends the program with a status; not an error, and `try` does not catch it.
public struct ExitRequest: Error, Sendable {
  public var code: Int32
}
