import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient

/// The API commands of the language (DESIGN.md "Commands"): they read their words, call the
/// client core, and turn its answers and errors into values and language errors.
final class APICommands {
  let environment: ClientEnvironment
  let prompter = Prompter()
  /// Whether the script itself is read from standard input (then `--password-stdin` cannot be).
  let scriptOnStandardInput: Bool
  let writeOutput: (String) -> Void
  let writeError: (String) -> Void

  init(environment: ClientEnvironment, scriptOnStandardInput: Bool, writeOutput: @escaping (String) -> Void,
    writeError: @escaping (String) -> Void)
  {
    self.environment = environment
    self.scriptOnStandardInput = scriptOnStandardInput
    self.writeOutput = writeOutput
    self.writeError = writeError
  }

  /// Every command as `help` lists it.
  static let descriptions: [CommandDescription] = [
    .init(name: "register", group: "account", summary: "create an account; a verification mail is sent",
      usage: "register USER EMAIL [--password-env VAR | --password-stdin]", example: "register ann ann@example.com",
      valueFlags: ["password-env"], secretArgument: 2),
    .init(name: "verify", group: "account", summary: "verify an email address: the newest mailed link (embedded server), a LINK, or USER TOKEN",
      usage: "verify [LINK | USER TOKEN]", example: "verify"),
    .init(name: "login", group: "account", summary: "log in; the token is kept for later runs",
      usage: "login USER [--password-env VAR | --password-stdin]", example: "login ann", valueFlags: ["password-env"],
      secretArgument: 1),
    .init(name: "logout", group: "account", summary: "forget the current user's token", usage: "logout"),
    .init(name: "refresh", group: "account", summary: "exchange the token for a fresh one", usage: "refresh"),
    .init(name: "whoami", group: "account", summary: "the username of the token", usage: "whoami"),
    .init(name: "credits", group: "account", summary: "the credit balance in USD", usage: "credits"),
    .init(name: "usage", group: "account", summary: "usage counters and the tier's limits", usage: "usage",
      example: "usage | $.KeysAllowed"),
    .init(name: "upgrade", group: "account", summary: "upgrade a free account to the paid tier (asks first)",
      usage: "upgrade [--yes]"),
    .init(name: "password change", group: "account", summary: "change the password (asked twice on a terminal)",
      usage: "password change [--old-password-env VAR --new-password-env VAR | --password-stdin]",
      valueFlags: ["old-password-env", "new-password-env"]),
    .init(name: "forgot username", group: "account", summary: "mail the username to EMAIL", usage: "forgot username EMAIL"),
    .init(name: "forgot password", group: "account", summary: "reset the password and mail a new one to EMAIL",
      usage: "forgot password EMAIL"),
    .init(name: "forgot email", group: "account", summary: "the email address of the logged-in account", usage: "forgot email"),
    .init(name: "key new", group: "keys", summary: "create an IPFS key (Ed25519 by default)",
      usage: "key new NAME [--type ed25519|rsa] [--bits N]", example: "key new laptop --type rsa --bits 4096",
      valueFlags: ["type", "bits"]),
    .init(name: "key list", group: "keys", summary: "the keys: {key_names, key_ids} (empty when there are none)",
      usage: "key list [--table]", example: "key list | $.key_names[*]"),
    .init(name: "key export", group: "keys", summary: "the key as mnemonic words; the server deletes its copy",
      usage: "key export NAME [--yes] [--out FILE]", example: "key export laptop --yes --out laptop.words", valueFlags: ["out"]),
    .init(name: "key decode", group: "keys", summary: "exported words back to a key file for ipfs key import (offline)",
      usage: "key decode WORDS…|FILE [--format libp2p|pem] [--out FILE]", example: "key decode laptop.words --out laptop.key",
      valueFlags: ["format", "out"]),
    .init(name: "get", group: "data", summary: "GET any API path (with the token when logged in)",
      usage: "get PATH [field=value…]", example: "get /v2/account/usage"),
    .init(name: "post", group: "data", summary: "POST a form to any API path", usage: "post PATH field=value…",
      example: "post /v2/forgot/username email_address=ann@example.com"),
    .init(name: "response", group: "data", summary: "the last exchange: status, headers, time, body", usage: "response"),
    .init(name: "curl", group: "data", summary: "the last request as a curl command line ($TSHELL_TOKEN for the token)",
      usage: "curl [--show-secrets]"),
    .init(name: "mail", group: "data", summary: "the embedded server's outbox; mail show ID|last for one message",
      usage: "mail [show ID|last]"),
    .init(name: "connect", group: "control", summary: "use another API endpoint: a URL, the embedded server, or a profile",
      usage: "connect [URL [--name NAME] | --embedded | --profile NAME]", example: "connect http://127.0.0.1:8080",
      valueFlags: ["profile", "name"]),
  ]

  func run(_ invocation: CommandInvocation) throws -> JSONValue? {
    let subcommand = invocation.arguments.first.flatMap { $0.stringValue }
    do {
      switch invocation.name {
      case "key": return try runKey(subcommand, invocation)
      case "forgot": return try runForgot(subcommand, invocation)
      case "password":
        guard subcommand == "change" else { throw unknownSubcommand("password", subcommand, ["change"]) }
        return try changePassword(CommandArguments(invocation, dropping: 1, usage: usage("password change")))
      case "get", "post": return try raw(invocation)
      case "response": return try lastResponse()
      case "curl": return try curl(CommandArguments(invocation, dropping: 0, usage: usage("curl")))
      case "mail": return try mail(CommandArguments(invocation, dropping: 0, usage: usage("mail")))
      case "connect": return try connect(CommandArguments(invocation, dropping: 0, usage: usage("connect")))
      default: return try runAccount(invocation)
      }
    } catch let error as APIError {
      throw LanguageError(.api, error.message, status: error.status, response: error.body)
    } catch let error as ClientError {
      switch error {
      case .dryRun(let curl):
        writeOutput(curl + "\n")
        return nil
      case .transport(let failure) where failure.kind == .cancelled:
        throw LanguageError(.interrupted, "interrupted")
      case .transport(let failure):
        throw LanguageError(.runtime, failure.description,
          hint: failure.kind == .connection ? "is the server running? connect URL chooses another" : nil)
      case .usage(let message):
        throw LanguageError(.usage, message)
      }
    }
  }

  func usage(_ name: String) -> String {
    APICommands.descriptions.first { $0.name == name }?.usage ?? name
  }

  func unknownSubcommand(_ command: String, _ given: String?, _ known: [String]) -> LanguageError {
    let list = known.map { "\(command) \($0)" }.joined(separator: ", ")
    guard let given else { return LanguageError(.usage, "\(command) needs a subcommand: \(list)") }
    let suggestion = Suggestions.closest(to: given, among: known).map { "did you mean `\(command) \($0)`?" }
    return LanguageError(.usage, "unknown command '\(command) \(given)'", hint: suggestion ?? "the commands are \(list)")
  }

  /// The session (the embedded server starts here on first use).
  func session() throws -> Session {
    try environment.currentSession()
  }

  func dryRun(_ arguments: CommandArguments) -> Bool {
    arguments.has("dry-run")
  }
}
