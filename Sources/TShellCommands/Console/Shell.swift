import TShellLanguage
import TemporalClient

/// What one run of tshell code is made from: where its files are, what the command line chose,
/// the script's arguments, and the program around it (streams, standard input, the terminal's
/// questions, the environment, the embedded server). The executable fills it for the console;
/// tests fill it to capture and answer from memory.
public struct ShellSetup {
  /// `$TSHELL_HOME`.
  public var home: String
  public var client: ClientOptions
  /// `$args`, `$1`, ….
  public var arguments: [String]
  public var format: ResultFormat
  public var streams: ConsoleStreams
  public var environment: EnvironmentVariables
  /// The next line of standard input (`--password-stdin`); nil when standard input carries the
  /// script, which holds no passwords.
  public var standardInput: (@Sendable () -> String?)?
  public var prompter: any SecretPrompter
  public var startEmbedded: EmbeddedStarter
  public var userAgent: String
  /// Replaces the network (tests answer in memory).
  public var makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)?

  public init(
    home: String, client: ClientOptions = ClientOptions(), arguments: [String] = [], format: ResultFormat,
    streams: ConsoleStreams = .standard, environment: EnvironmentVariables = .process,
    standardInput: (@Sendable () -> String?)?, prompter: any SecretPrompter, startEmbedded: @escaping EmbeddedStarter,
    userAgent: String, makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)? = nil
  ) {
    self.home = home
    self.client = client
    self.arguments = arguments
    self.format = format
    self.streams = streams
    self.environment = environment
    self.standardInput = standardInput
    self.prompter = prompter
    self.startEmbedded = startEmbedded
    self.userAgent = userAgent
    self.makeTransport = makeTransport
  }
}

/// One run of tshell code wired together: the console host, the command layer over the client's
/// sessions, and an interpreter on them. Scripts, the REPL, `tshell test`, the demo and the
/// tests all make theirs here.
public final class Shell {
  public let host: ConsoleHost
  public let layer: CommandLayer
  public let interpreter: Interpreter
  /// Set by Ctrl-C to stop what runs.
  public let cancellation: CancellationToken

  public init(_ setup: ShellSetup) {
    let sandbox = setup.client.sandboxed ? Sandbox(root: setup.home) : nil
    let environment = sandbox == nil ? setup.environment : Sandbox.environment(from: setup.environment)
    let host = ConsoleHost(format: setup.format, streams: setup.streams, environment: environment)
    let cancellation = CancellationToken()
    host.sandbox = sandbox
    host.outputLimitReached = { cancellation.cancel() }
    let sessions = ClientSessions(
      home: setup.home, options: setup.client, userAgent: setup.userAgent, startEmbedded: setup.startEmbedded,
      environment: environment, cancelled: { cancellation.isCancelled }, announce: { host.writeError($0) },
      makeTransport: setup.makeTransport)
    var io = CommandIO(
      writeOutput: { host.writeOutput($0) }, writeError: { host.writeError($0) }, readInputLine: setup.standardInput,
      prompter: setup.prompter, environment: environment)
    io.sandbox = sandbox
    layer = CommandLayer(sessions: sessions, io: io)
    host.layer = layer
    interpreter = Interpreter(host: host, arguments: setup.arguments, cancellation: cancellation)
    self.host = host
    self.cancellation = cancellation
  }
}
