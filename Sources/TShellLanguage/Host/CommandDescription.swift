/// What Tab offers for a command's positional word or a flag's value.
public enum CompletionKind: Sendable, Equatable {
  /// Nothing to offer.
  case none
  /// Paths of the file system.
  case file
  /// Names of the logged-in account's keys (the host lists them on demand).
  case keyName
  /// One of a fixed set of words.
  case choice([String])
}

/// A `--flag` a host command accepts.
public struct FlagDescription: Sendable, Equatable {
  /// The name without the dashes: `tags`.
  public var name: String
  /// The placeholder of the value (`FILE`), or nil for a flag that takes none (`--yes`).
  public var value: String?
  /// What Tab offers for the value.
  public var completion: CompletionKind

  public init(_ name: String, value: String? = nil, completion: CompletionKind = .none) {
    self.name = name
    self.value = value
    self.completion = completion
  }

  /// Whether the word after the flag is its value.
  public var takesValue: Bool { value != nil }
}

/// A host command as `help`, completion, `--trace` and the flag checks see it.
public struct CommandDescription: Sendable {
  /// The full name, subcommand included: `remote add`.
  public var name: String
  /// The group `help` lists it under; groups the language has too (`data`, `system`, `control`)
  /// are shared, the host's own come first in the order they appear.
  public var group: String
  /// One line.
  public var summary: String
  /// `remote add NAME URL [--fetch] [--tags FILE]`.
  public var usage: String
  public var example: String?
  /// Every flag the command accepts.
  public var flags: [FlagDescription]
  /// What Tab offers for the positional words, by position (nothing past the last).
  public var arguments: [CompletionKind]
  /// The position (0 = first word after the name) of a positional word that is a secret, such as
  /// a password given as a word: `--trace` and the history hide it.
  public var secretArgument: Int?
  /// Whether the command only reads, so that Tab may run it to learn the shape of its answer.
  public var isReadOnly: Bool
  /// How the REPL's recorder writes the command so that it runs again unattended.
  public var replay: ReplayRule

  public init(
    name: String, group: String, summary: String, usage: String, example: String? = nil,
    flags: [FlagDescription] = [], arguments: [CompletionKind] = [], secretArgument: Int? = nil, isReadOnly: Bool = false,
    replay: ReplayRule = .asWritten
  ) {
    self.name = name
    self.group = group
    self.summary = summary
    self.usage = usage
    self.example = example
    self.flags = flags
    self.arguments = arguments
    self.secretArgument = secretArgument
    self.isReadOnly = isReadOnly
    self.replay = replay
  }

  /// Flags that take a value (`--tags FILE`), so that the next word binds to them.
  public var valueFlags: Set<String> { Set(flags.filter(\.takesValue).map(\.name)) }

  /// The flag named `name`, if the command has it.
  public func flag(_ name: String) -> FlagDescription? {
    flags.first { $0.name == name }
  }

  /// What Tab offers for the positional word at `position`.
  public func completion(ofArgument position: Int) -> CompletionKind {
    position < arguments.count ? arguments[position] : .none
  }
}

/// How a recorded command runs again unattended.
public enum ReplayRule: Sendable, Equatable {
  /// As it was written (a secret in it still keeps it out of a recording).
  case asWritten
  /// With its password from the environment: the secret word and `--password-stdin` go, and
  /// unless one of these flags was given, all of them are added, each naming its variable
  /// (`--password-env TSHELL_PASSWORD`).
  case passwordFromEnvironment([EnvironmentFlag])
  /// Without its words: `verify LINK` becomes `verify`, which follows the newest link that a new
  /// run mails afresh.
  case withoutWords
}

/// A flag that names an environment variable, and the variable a recording gives it.
public struct EnvironmentFlag: Sendable, Equatable {
  public var flag: String
  public var variable: String

  public init(_ flag: String, _ variable: String) {
    self.flag = flag
    self.variable = variable
  }
}

/// A call of a host command with its evaluated words.
public struct CommandInvocation: Sendable {
  /// The full name of the command: `remote add`.
  public var name: String
  /// Positional words in order, after the name (and the subcommand).
  public var arguments: [JSONValue]
  /// `--flag` and `--flag value` / `--flag=value`, in order; a flag without value holds `true`.
  public var flags: [(name: String, value: JSONValue)]
  /// The piped value, when the command is a pipe stage.
  public var input: JSONValue?
  public var cancellation: CancellationToken

  public init(
    name: String, arguments: [JSONValue], flags: [(name: String, value: JSONValue)] = [], input: JSONValue? = nil,
    cancellation: CancellationToken = CancellationToken()
  ) {
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
