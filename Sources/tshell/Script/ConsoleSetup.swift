import LineEditor
import TShellCommands
import TShellLanguage
import TemporalServer

extension ShellSetup {
  /// A run on the console: the process's streams and environment, `$TSHELL_HOME`, the terminal's
  /// prompts (`LineEditor`), and the embedded server started in this process when first needed.
  static func console(
    format: ResultFormat, client: ClientOptions = ClientOptions(), arguments: [String] = [],
    scriptOnStandardInput: Bool = false
  ) -> ShellSetup {
    // Standard input that carries the script holds no passwords.
    let standardInput: (@Sendable () -> String?)? = scriptOnStandardInput ? nil : { @Sendable in readLine() }
    return ShellSetup(
      home: TShellHome.path(), client: client, arguments: arguments, format: format, standardInput: standardInput,
      prompter: TerminalSecrets(), startEmbedded: startEmbedded, userAgent: "tshell/\(TShellVersion.current)")
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
  func readSecret(_ prompt: String) throws -> String? {
    switch terminal.readSecret(prompt) {
    case .line(let text): return text
    case .interrupted: throw LanguageError(.interrupted, "interrupted")
    case .closed: return nil
    }
  }
  func confirm(_ question: String) -> Bool { terminal.confirm(question) }
}
