import LineEditor
import TShellCommands
import TShellLanguage
import TemporalServer

/// Builds the command layer for one run: the client environment over `$TSHELL_HOME`, the
/// embedded server started in this process when first needed, the terminal's prompts, and the
/// host's output streams.
enum CommandWiring {
  static func shell(
    for host: ConsoleHost, options: ClientEnvironment.Options, cancellation: CancellationToken,
    scriptOnStandardInput: Bool
  ) -> CommandShell {
    let environment = ClientEnvironment(
      home: TShellHome.path, options: options, userAgent: "tshell/\(TShellVersion.current)", startEmbedded: startEmbedded,
      environment: { Environment.variable($0) }, cancelled: { cancellation.isCancelled }, announce: { host.writeError($0) })
    // Standard input that carries the script holds no passwords.
    let readInputLine: (@Sendable () -> String?)? = scriptOnStandardInput ? nil : { @Sendable in readLine() }
    let io = CommandIO(
      writeOutput: { host.writeOutput($0) }, writeError: { host.writeError($0) }, readInputLine: readInputLine,
      prompter: TerminalSecrets(),
      environment: { Environment.variable($0) })
    return CommandShell(environment: environment, io: io)
  }

  /// A host, its command layer and an interpreter on them, for one non-interactive run.
  static func interpreter(
    format: ResultFormat, options: ClientEnvironment.Options = ClientEnvironment.Options(), arguments: [String] = [],
    scriptOnStandardInput: Bool = false
  ) -> (host: ConsoleHost, interpreter: Interpreter, cancellation: CancellationToken) {
    let host = ConsoleHost(format: format)
    let cancellation = CancellationToken()
    let interpreter = Interpreter(host: host, arguments: arguments, cancellation: cancellation)
    host.shell = shell(for: host, options: options, cancellation: cancellation, scriptOnStandardInput: scriptOnStandardInput)
    return (host, interpreter, cancellation)
  }

  @Sendable private static func startEmbedded(_ dataDirectory: String) throws -> EmbeddedEndpoint {
    let server = try blockingAwait { try await EmbeddedServer.start(dataDirectory: dataDirectory) }
    return EmbeddedEndpoint(baseURL: server.baseURL, mail: { try server.mail() })
  }
}

/// The line editor's terminal prompts, as the command layer asks for them.
struct TerminalSecrets: SecretPrompter {
  let terminal = TerminalPrompt()
  var isInteractive: Bool { terminal.isInteractive }
  func readSecret(_ prompt: String) -> String? { terminal.readSecret(prompt) }
  func confirm(_ question: String) -> Bool { terminal.confirm(question) }
}
