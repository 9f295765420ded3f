import TShellPath

/// The outside world as the language sees it. The language does no I/O of its own: printing,
/// files, the environment, time and the API commands all go through the host the executable
/// (or a test) provides.
public protocol LanguageHost: AnyObject {
  /// Prints the value of a top-level statement (the host chooses the format).
  func printResult(_ value: JSONValue)
  /// Writes text to standard output (`echo`).
  func writeOutput(_ text: String)
  /// Writes text to standard error (`time`, warnings).
  func writeError(_ text: String)
  /// The contents of a text file; throws a `LanguageError` whose message says why not.
  func readFile(_ path: String) throws -> String
  /// Writes (or appends) a text file.
  func writeFile(_ path: String, contents: String, append: Bool) throws
  /// An environment variable, or nil.
  func environmentVariable(_ name: String) -> String?
  /// Waits, returning early with an interruption error when `cancellation` fires.
  func sleep(seconds: Double, cancellation: CancellationToken) throws
  /// Seconds on a monotonic clock, for `time`.
  func monotonicSeconds() -> Double
  /// The interactive history, oldest first (empty outside the REPL).
  func history() -> [String]
  /// The host's commands by full name (`login`, `key list`), for help and suggestions.
  var commands: [CommandDescription] { get }
  /// Runs a host command (`name` is the first word; the host reads subcommands from the words).
  /// Returns nil for commands that produce no value.
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue?
  /// A `for` loop finished one more of its `total` iterations, `elapsed` seconds after it began.
  func loopDidAdvance(completed: Int, total: Int, elapsed: Double)
  /// A `for` loop ended (normally or not).
  func loopDidFinish()
}

extension LanguageHost {
  public func loopDidAdvance(completed: Int, total: Int, elapsed: Double) {}
  public func loopDidFinish() {}
}

/// A host command as `help` lists it.
public struct CommandDescription: Sendable {
  /// The full name, subcommand included: `key list`.
  public var name: String
  /// `account`, `keys`, `data`, `control`: the group `help` lists it under.
  public var group: String
  /// One line.
  public var summary: String
  /// `key export NAME [--yes] [--out FILE]`.
  public var usage: String
  public var example: String?
  /// Flags that take a value (`--type rsa`), so that the next word binds to them.
  public var valueFlags: Set<String>
  /// The position (0 = first word after the name) of a positional word that is a secret, such as
  /// login's optional password: `--trace` and the history hide it.
  public var secretArgument: Int?

  public init(name: String, group: String, summary: String, usage: String, example: String? = nil,
    valueFlags: Set<String> = [], secretArgument: Int? = nil)
  {
    self.secretArgument = secretArgument
    self.name = name
    self.group = group
    self.summary = summary
    self.usage = usage
    self.example = example
    self.valueFlags = valueFlags
  }
}

/// A call of a host command with its evaluated words.
public struct CommandInvocation: Sendable {
  public var name: String
  /// Positional words in order (subcommand names first, as written).
  public var arguments: [JSONValue]
  /// `--flag` and `--flag value` / `--flag=value`, in order; a flag without value holds `true`.
  public var flags: [(name: String, value: JSONValue)]
  /// The piped value, when the command is a pipe stage.
  public var input: JSONValue?
  public var cancellation: CancellationToken

  public init(name: String, arguments: [JSONValue], flags: [(name: String, value: JSONValue)] = [], input: JSONValue? = nil,
    cancellation: CancellationToken = CancellationToken())
  {
    self.name = name
    self.arguments = arguments
    self.flags = flags
    self.input = input
    self.cancellation = cancellation
  }

  /// The value of a flag (the last one given), or nil.
  public func flag(_ name: String) -> JSONValue? {
    flags.last { $0.name == name }?.value
  }
}
