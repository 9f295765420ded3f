import TShellLanguage
import TemporalClient

/// The command layer at run time: the registry's commands over the client's sessions and the
/// program's I/O. The language's host hands it every command it does not know itself.
public final class CommandLayer: Sendable {
  public let sessions: ClientSessions
  let io: CommandIO
  private let chosenRegistry: CommandRegistry?

  /// With no `registry`, the standard commands, made when a first command runs or is listed.
  public init(sessions: ClientSessions, io: CommandIO, registry: CommandRegistry? = nil) {
    self.sessions = sessions
    self.io = io
    self.chosenRegistry = registry
  }

  var registry: CommandRegistry { chosenRegistry ?? .standard }

  /// Every command, as `help` and completion see them.
  public var descriptions: [CommandDescription] { registry.descriptions }

  /// Runs a command; API answers with an error status, network failures and usage mistakes
  /// become language errors (exit 4/5, 1 and 2; not being logged in exits 4), Ctrl-C an interruption `try` does not catch.
  public func run(_ invocation: CommandInvocation) throws -> JSONValue? {
    guard let command = registry[invocation.name] else {
      throw LanguageError(.runtime, "unknown command '\(invocation.name)'")
    }
    do {
      return try command.run(CommandContext(invocation: invocation, description: command.description, layer: self))
    } catch let error as APIError {
      throw LanguageError(.api, error.message, status: error.status, response: error.body)
    } catch let error as ClientError {
      switch error {
      case .cancelled:
        throw LanguageError(.interrupted, "interrupted")
      case .transport(let failure):
        throw LanguageError(
          .runtime, failure.description,
          hint: failure.kind == .connection
            ? "is the server running? connect URL chooses another, connect --embedded the embedded server" : nil)
      case .usage(let message):
        throw LanguageError(.usage, message)
      case .file(let message):
        throw LanguageError(.runtime, message)
      case .notLoggedIn:
        throw LanguageError(.api, error.description)
      }
    }
  }

  /// What Tab offers for words of a kind the host lists: the logged-in account's key names
  /// (empty when nobody is logged in or the server does not answer).
  public func completions(of kind: CompletionKind) -> [String] {
    guard kind == .keyName, sessions.status().user != nil else { return [] }
    return (try? KeyCommands.shortNames(self)) ?? []
  }
}
