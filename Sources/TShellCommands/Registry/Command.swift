import TShellLanguage

/// One command of the registry: how `help`, completion and the language see it, and what runs it.
public struct Command: Sendable {
  public let description: CommandDescription
  let run: @Sendable (CommandContext) throws -> JSONValue?

  init(
    name: String, group: String, summary: String, usage: String, example: String? = nil, flags: [FlagDescription] = [],
    arguments: [CompletionKind] = [], secretArgument: Int? = nil, isReadOnly: Bool = false, replay: ReplayRule = .asWritten,
    run: @escaping @Sendable (CommandContext) throws -> JSONValue?
  ) {
    description = CommandDescription(
      name: name, group: group, summary: summary, usage: usage, example: example, flags: flags,
      arguments: arguments, secretArgument: secretArgument, isReadOnly: isReadOnly, replay: replay)
    self.run = run
  }
}

/// Flags that several commands share.
enum SharedFlag {
  /// Print the request as a curl command line instead of sending it.
  static let dryRun = FlagDescription("dry-run")
  /// Retry a POST like a GET (connection errors, 429, 502–504).
  static let retry = FlagDescription("retry")
  static let passwordEnv = FlagDescription("password-env", value: "VAR")
  static let passwordStdin = FlagDescription("password-stdin")
  /// A recording's password for commands that take one.
  static let passwordReplay = ReplayRule.passwordFromEnvironment([EnvironmentFlag("password-env", "TSHELL_PASSWORD")])
  /// Go ahead without asking.
  static let yes = FlagDescription("yes")
  static let out = FlagDescription("out", value: "FILE", completion: .file)
}

/// The only list of commands: every API command and helper, each with its description.
public struct CommandRegistry: Sendable {
  public let commands: [Command]
  private let index: [String: Int]

  public init(_ commands: [Command]) {
    self.commands = commands
    var index: [String: Int] = [:]
    for (position, command) in commands.enumerated() { index[command.description.name] = position }
    self.index = index
  }

  /// tshell's commands, in the order `help` lists them.
  public static let standard = CommandRegistry(
    AccountCommands.all + RecoveryCommands.all + KeyCommands.all + RequestCommands.all + MailCommand.all + ConnectCommand.all)

  public var descriptions: [CommandDescription] { commands.map(\.description) }

  public subscript(name: String) -> Command? {
    index[name].map { commands[$0] }
  }
}
