import TShellLanguage

/// The words of one API command after its name (and subcommand), with typed access.
struct CommandArguments {
  let invocation: CommandInvocation
  /// Positional words after the subcommand.
  let words: [JSONValue]
  let usage: String

  init(_ invocation: CommandInvocation, dropping count: Int, usage: String) {
    self.invocation = invocation
    self.words = Array(invocation.arguments.dropFirst(count))
    self.usage = usage
  }

  func fail(_ message: String) -> LanguageError {
    LanguageError(.usage, message, hint: "usage: \(usage)")
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

  /// Fails when more positional words were given than the command takes.
  func expectAtMost(_ count: Int) throws {
    if words.count > count { throw fail("too many words: \(words.dropFirst(count).map(text).joined(separator: " "))") }
  }

  private func text(_ value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    return JSONPrinter.string(value)
  }
}
