/// The one reading of a command call: which function, builtin or host command its name (and a
/// subcommand word) names, which words are positional and which value each `--flag` takes. The
/// interpreter runs calls from it, completion and the REPL's result cache ask it what is being
/// typed, and redaction and the recorder find secrets and replay rules with it. No other code
/// reads command words.
public struct CommandResolver {
  /// What a call's name stands for.
  public enum Target {
    case function
    /// A builtin and the flags it takes (`valueFlags` bind the next word).
    case builtin(valueFlags: Set<String>, booleanFlags: Set<String>)
    case host(CommandDescription)
  }

  /// The host's commands.
  public let commands: [CommandDescription]
  /// Whether a user function of this name exists (functions win over builtins and commands).
  let isFunction: (String) -> Bool

  public init(commands: [CommandDescription], functions: @escaping (String) -> Bool = { _ in false }) {
    self.commands = commands
    self.isFunction = functions
  }

  /// Resolves `call`: what it names, its positional words and its bound flags. A problem (an
  /// unknown command or subcommand, an unknown flag, a flag without its value) is kept in the
  /// result, so that completion can still read the words. `subcommand` is the value of a first
  /// positional word that is not written as a literal (`key $which`), when the caller computed it.
  public func resolve(_ call: CommandCall, subcommand: String? = nil) -> ResolvedCommand {
    var resolved = ResolvedCommand(call: call)
    if isFunction(call.name) {
      resolved.target = .function
    } else if let builtin = BuiltinRegistry.standard[call.name] {
      resolved.target = .builtin(valueFlags: builtin.valueFlags, booleanFlags: builtin.booleanFlags)
    } else {
      resolveHostCommand(call, subcommand: subcommand, into: &resolved)
    }
    var words = call.words
    if let index = resolved.subcommandWord { words.remove(at: index) }
    bind(words[...], into: &resolved)
    return resolved
  }

  /// Whether `name` has subcommands (`key`: `key new`, `key list`, …).
  public func hasSubcommands(_ name: String) -> Bool {
    commands.contains { $0.name.hasPrefix(name + " ") }
  }

  /// The subcommand named by the first positional word, else the command itself.
  private func resolveHostCommand(_ call: CommandCall, subcommand: String?, into resolved: inout ResolvedCommand) {
    let prefix = call.name + " "
    let subcommands = commands.filter { $0.name.hasPrefix(prefix) }
    let wordIndex = call.words.firstIndex(where: \.isValue)
    let firstWord = wordIndex.flatMap { call.words[$0].literalText ?? subcommand }
    if let firstWord, let wordIndex, let named = subcommands.first(where: { $0.name == prefix + firstWord }) {
      resolved.target = .host(named)
      resolved.subcommandWord = wordIndex
      resolved.nameSpan = call.nameSpan.through(call.words[wordIndex].span)
      return
    }
    if let command = commands.first(where: { $0.name == call.name }) {
      resolved.target = .host(command)
      return
    }
    guard !subcommands.isEmpty else {
      resolved.problem = .unknownCommand(call.name)
      return
    }
    let list = subcommands.map(\.name).joined(separator: ", ")
    guard let firstWord, let wordIndex else {
      resolved.problem = .error(LanguageError(.usage, "\(call.name) needs a subcommand: \(list)"), call.nameSpan)
      return
    }
    let word = call.words[wordIndex]
    let known = subcommands.map { String($0.name.dropFirst(prefix.count)) }
    let suggestion = Suggestions.closest(to: firstWord, among: known).map { "did you mean `\(call.name) \($0)`?" }
    resolved.problem = .error(
      LanguageError(.usage, "unknown command '\(call.name) \(firstWord)'", hint: suggestion ?? "the commands are \(list)"),
      call.nameSpan.through(word.span))
  }

  /// Splits the words after the name into positional words and flags, giving each flag that
  /// takes a value the positional word after it.
  private func bind(_ words: ArraySlice<Word>, into resolved: inout ResolvedCommand) {
    let valueFlags = resolved.valueFlags
    var waiting: [Int] = []
    for word in words {
      switch word {
      case .value(let expression):
        guard let first = waiting.first else {
          resolved.arguments.append(expression)
          continue
        }
        resolved.flags[first].value = expression
        if waiting.count > 1 { resolved.noteMissingValue(of: resolved.flags[waiting[1]]) }
        waiting = []
      case .flag(let name, let value, let span):
        resolved.flags.append(ResolvedCommand.Flag(name: name, value: value, span: span, takesValue: valueFlags.contains(name)))
        if value == nil && valueFlags.contains(name) { waiting.append(resolved.flags.count - 1) }
      }
    }
    if let first = waiting.first { resolved.noteMissingValue(of: resolved.flags[first]) }
    resolved.checkFlags()
  }
}

/// A command call as `CommandResolver` reads it.
public struct ResolvedCommand {
  /// A `--flag` with the expression of its value (nil for a switch, which means `true`).
  public struct Flag {
    public var name: String
    public var value: Expression?
    /// The span of the flag itself (`--out`, or `--out=value`).
    public var span: SourceSpan
    /// Whether the flag takes a value (else a switch).
    public var takesValue: Bool
  }

  /// Why the call cannot run.
  public enum Problem {
    /// No function, builtin or command has this name.
    case unknownCommand(String)
    /// Another problem, at a span of the call.
    case error(LanguageError, SourceSpan)
  }

  public let call: CommandCall
  /// What the name stands for; nil when nothing does.
  public var target: CommandResolver.Target?
  /// The name and the subcommand word: `key new`.
  public var nameSpan: SourceSpan
  /// The index among the call's words of the word that names the subcommand, if one does.
  public var subcommandWord: Int?
  /// The positional words, in order.
  public var arguments: [Expression] = []
  public var flags: [Flag] = []
  public var problem: Problem?

  init(call: CommandCall) {
    self.call = call
    self.nameSpan = call.nameSpan
  }

  /// The full name: `key new` for a host subcommand, else the written name.
  public var name: String {
    if case .host(let description)? = target { return description.name }
    return call.name
  }

  /// The host command, when the call names one.
  public var hostCommand: CommandDescription? {
    if case .host(let description)? = target { return description }
    return nil
  }

  /// The value flags of the target.
  var valueFlags: Set<String> {
    switch target {
    case .host(let description)?: return description.valueFlags
    case .builtin(let valueFlags, _)?: return valueFlags
    case .function?, nil: return []
    }
  }

  /// Whether the call names a host command only through subcommands and its first positional
  /// word is computed (`key $which`): the caller evaluates it and resolves again.
  public var needsComputedSubcommand: Bool {
    guard target == nil, case .error? = problem,
      let word = call.words.first(where: \.isValue)
    else { return false }
    return word.literalText == nil
  }

  /// The positional word at `position` (0 is the first after the name), if given.
  public func argument(_ position: Int) -> Expression? {
    position < arguments.count ? arguments[position] : nil
  }

  /// The flag named `name` (the last one given), if given.
  public func flag(_ name: String) -> Flag? {
    flags.last { $0.name == name }
  }

  fileprivate mutating func noteMissingValue(of flag: Flag) {
    guard problem == nil else { return }
    problem = .error(
      LanguageError(.usage, "--\(flag.name) needs a value", hint: "write --\(flag.name) VALUE or --\(flag.name)=VALUE"),
      flag.span)
  }

  /// Refuses flags the target does not take (`--help` is everyone's).
  fileprivate mutating func checkFlags() {
    guard problem == nil else { return }
    for flag in flags where flag.name != "help" {
      switch target {
      case .function?:
        problem = .error(LanguageError(.usage, "\(call.name)() takes no flags, got --\(flag.name)"), flag.span)
      case .builtin(let valueFlags, let booleanFlags)?:
        guard !valueFlags.contains(flag.name) && !booleanFlags.contains(flag.name) else { continue }
        let usage = BuiltinRegistry.standard[call.name]?.usage ?? call.name
        problem = .error(LanguageError(.usage, "\(call.name) has no flag --\(flag.name)", hint: "usage: \(usage)"), flag.span)
      case .host(let description)?:
        guard description.flag(flag.name) == nil else { continue }
        let known = description.flags.map { "--" + $0.name }
        let hint =
          Suggestions.closest(to: "--" + flag.name, among: known).map { "did you mean \($0)?" } ?? "usage: \(description.usage)"
        problem = .error(LanguageError(.usage, "\(description.name) has no flag --\(flag.name)", hint: hint), flag.span)
      case nil:
        return
      }
      return
    }
  }
}

extension Word {
  /// Whether the word is a value (not a `--flag`).
  public var isValue: Bool {
    if case .value = self { return true }
    return false
  }

  /// The text of a word written as a literal string (`new`, `"new"`), else nil.
  public var literalText: String? {
    if case .value(.literal(.string(let text), _)) = self { return text }
    return nil
  }
}
