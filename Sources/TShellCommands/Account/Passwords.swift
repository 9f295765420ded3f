import TShellLanguage

/// Where passwords come from: `--password-env VAR`, `--password-stdin`, a word (with a warning),
/// or the terminal with echo off. Never from history, never echoed.
enum Passwords {
  /// A dry run's stand-in for a password nobody gave; curl lines show it as `$TSHELL_PASSWORD`.
  static let placeholder = "tshell-password-placeholder"

  /// The password of a command that takes one, optionally as the word at `positional`.
  static func password(_ context: CommandContext, positional: Int, prompt: String, confirm: Bool = false) throws -> String {
    if let variable = context.value("password-env") { return try fromEnvironment(variable, context) }
    if context.has("password-stdin") {
      guard let line = try standardInput(context)(), !line.isEmpty else { throw context.fail("no password on standard input") }
      return line
    }
    if let given = context.optional(positional) {
      context.io.writeError(
        "warning: a password given as a word can end up in shell history; use the prompt, --password-env or --password-stdin\n")
      return given
    }
    if context.dryRun { return placeholder }
    let prompter = context.io.prompter
    guard prompter.isInteractive else {
      throw context.fail(
        "a password is needed: on a terminal it is asked for; in scripts use --password-env VAR or --password-stdin")
    }
    guard let password = confirm ? try askTwice(prompt, context) : try prompter.readSecret(prompt), !password.isEmpty else {
      throw context.fail("no password given")
    }
    return password
  }

  /// Asks for a new password twice; nil when the terminal gave none.
  static func askTwice(_ prompt: String, _ context: CommandContext) throws -> String? {
    let prompter = context.io.prompter
    guard let first = try prompter.readSecret(prompt) else { return nil }
    guard try prompter.readSecret("Again: ") == first else { throw LanguageError(.usage, "the two passwords differ") }
    return first
  }

  /// The value of the environment variable `--…-env VAR` names.
  static func fromEnvironment(_ variable: String, _ context: CommandContext) throws -> String {
    guard let value = context.io.environment.nonEmpty(variable) else {
      if context.dryRun { return placeholder }
      throw context.fail("the environment variable \(variable) is not set or empty")
    }
    return value
  }

  /// The reader of standard input's lines for `--password-stdin`, unless standard input
  /// carries the script.
  static func standardInput(_ context: CommandContext) throws -> @Sendable () -> String? {
    guard let readLine = context.io.readInputLine else {
      throw context.fail("--password-stdin cannot be used when the script comes from standard input")
    }
    return readLine
  }
}
