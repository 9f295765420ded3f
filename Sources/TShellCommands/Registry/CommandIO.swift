/// Questions asked on the terminal: passwords with echo off, and yes/no confirmations. The
/// program backs it with its line editor; tests answer from a script.
public protocol SecretPrompter: Sendable {
  /// Whether there is a terminal to ask on.
  var isInteractive: Bool { get }
  /// Reads a line without echoing it; nil when there is no terminal or the input ended. Throws
  /// the interruption when Ctrl-C comes first.
  func readSecret(_ prompt: String) throws -> String?
  /// Asks a yes/no question; false unless the answer is yes.
  func confirm(_ question: String) -> Bool
}

/// What commands need from the program around them: its output streams, standard input, the
/// terminal and the environment.
public struct CommandIO: Sendable {
  /// Data: results that are text (`curl` lines, tables, dry runs).
  public var writeOutput: @Sendable (String) -> Void
  /// Notes, warnings and progress.
  public var writeError: @Sendable (String) -> Void
  /// The next line of standard input (`--password-stdin`), or nil at its end; nil itself when
  /// standard input carries the script.
  public var readInputLine: (@Sendable () -> String?)?
  public var prompter: any SecretPrompter
  /// The environment's variables (`--password-env VAR`, `TSHELL_TOKEN`, `TSHELL_API`).
  public var environment: EnvironmentVariables
  /// `--sandbox`: the files commands read and write must be in its home.
  public var sandbox: Sandbox?

  public init(
    writeOutput: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
    readInputLine: (@Sendable () -> String?)?, prompter: any SecretPrompter, environment: EnvironmentVariables
  ) {
    self.writeOutput = writeOutput
    self.writeError = writeError
    self.readInputLine = readInputLine
    self.prompter = prompter
    self.environment = environment
  }

  /// Throws when the sandbox refuses `path` (`cannot VERB path: …`).
  public func checkFile(_ path: String, _ verb: String) throws {
    try sandbox?.check(path, verb)
  }
}
