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
  func environmentVariable(_ name: String) throws -> String?
  /// Every environment variable, in the environment's order (`env()`).
  func environmentVariables() throws -> [(name: String, value: String)]
  /// Waits, returning early with an interruption error when `cancellation` fires.
  func sleep(seconds: Double, cancellation: CancellationToken) throws
  /// Seconds on a monotonic clock, for `time`.
  func monotonicSeconds() -> Double
  /// The interactive history, oldest first (empty outside the REPL).
  func history() -> [String]
  /// The host's commands by full name (`status`, `remote add`), for help, completion and suggestions.
  var commands: [CommandDescription] { get }
  /// Runs a host command, resolved to its full name with its flags bound. Returns nil for
  /// commands that produce no value.
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue?
  /// Whether the host shows loop progress at all; when not, loops spare themselves the calls.
  var reportsLoopProgress: Bool { get }
  /// A `for` loop finished one more of its `total` iterations, `elapsed` seconds after it began.
  func loopDidAdvance(completed: Int, total: Int, elapsed: Double)
  /// A `for` loop ended (normally or not).
  func loopDidFinish()

  // The standard library's effects (HostEffects.swift has the defaults, which refuse).
  /// Seconds since the epoch, with fractions (`now()`).
  func currentTime() -> Double
  /// Bytes from the system's cryptographic generator (`uuid()`, `random_int`).
  func randomBytes(_ count: Int) throws -> [UInt8]
  /// What `path` names, nil when nothing.
  func fileKind(_ path: String) throws -> FileKind?
  /// Makes a directory and its parents; nothing when it exists.
  func makeDirectory(_ path: String) throws
  /// Removes a file (not a directory).
  func removeFile(_ path: String) throws
  /// A directory's entries (`""` is the working directory).
  func directoryEntries(_ path: String) throws -> [DirectoryEntry]
  /// Runs a program (argv, no shell) to its end; Ctrl-C (`cancellation`) ends it.
  func runProcess(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome
}

extension LanguageHost {
  public var reportsLoopProgress: Bool { false }
  public func loopDidAdvance(completed: Int, total: Int, elapsed: Double) {}
  public func loopDidFinish() {}
}
