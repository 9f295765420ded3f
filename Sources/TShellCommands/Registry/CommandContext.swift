import TShellLanguage
import TemporalAPI
import TemporalClient

/// One run of a command: its words and flags, typed, and the shell it runs in.
struct CommandContext {
  let invocation: CommandInvocation
  let description: CommandDescription
  let layer: CommandLayer

  /// Positional words.
  var words: [JSONValue] { invocation.arguments }
  var sessions: ClientSessions { layer.sessions }
  var io: CommandIO { layer.io }

  /// Whether requests are only described (as curl lines), not sent: `--dry-run` on the command
  /// or for the whole run. The one place that decides it.
  var dryRun: Bool { sessions.options.dryRun || has("dry-run") }

  /// A usage error that shows the command's usage.
  func fail(_ message: String) -> LanguageError {
    LanguageError(.usage, message, hint: "usage: \(description.usage)")
  }

  /// The positional word at `index` as text.
  func string(_ index: Int, _ name: String) throws -> String {
    guard index < words.count else { throw fail("missing \(name)") }
    return text(words[index])
  }

  func optional(_ index: Int) -> String? {
    index < words.count ? text(words[index]) : nil
  }

  /// A `--flag` given without a value (or with a truthy one).
  func has(_ flag: String) -> Bool {
    guard let value = invocation.flag(flag) else { return false }
    if case .bool(let on) = value { return on }
    return value != .null
  }

  /// The value of `--flag VALUE` as text.
  func value(_ flag: String) -> String? {
    guard let value = invocation.flag(flag) else { return nil }
    if case .bool = value { return nil }
    return text(value)
  }

  /// `true` when `--retry` was given, else nil (the method decides).
  var retry: Bool? { has("retry") ? true : nil }

  /// Fails when more positional words were given than the command takes.
  func expectAtMost(_ count: Int) throws {
    if words.count > count { throw fail("too many words: \(words.dropFirst(count).map(text).joined(separator: " "))") }
  }

  /// The session (the embedded server starts here on first use).
  func session() throws -> Session {
    try sessions.currentSession()
  }

  /// The command's value from a request's outcome: the answer's `response`, or for a dry run
  /// nothing, once its curl line is printed.
  func value(of outcome: APIOutcome) -> JSONValue? {
    switch outcome {
    case .answered(let reply): return reply.value
    case .dryRun(let curl):
      io.writeOutput(curl + "\n")
      sessions.noteEmbeddedAddress()
      return nil
    }
  }

  /// Sends a request to `endpoint` (or describes it, in a dry run) and gives the command's value.
  func send(
    _ endpoint: Endpoint, parameters: [String: String] = [:], form: (any APIForm)? = nil,
    secrets: [String] = [], retry: Bool? = nil
  ) throws -> JSONValue? {
    value(of: try session().send(endpoint, parameters: parameters, form: form, secrets: secrets, retry: retry, dryRun: dryRun))
  }

  private func text(_ value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    return JSONPrinter.string(value)
  }
}
