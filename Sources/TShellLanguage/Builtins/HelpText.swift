/// What `help` prints: the commands by group, or one command's usage and example.
struct HelpText {
  let interpreter: Interpreter

  /// Statements of the language, described for `help`.
  static let statements: [(name: String, usage: String, summary: String)] = [
    ("if", "if COND { … } else { … }", "runs a block when the condition is truthy (not false or null)"),
    ("for", "for [--parallel N] $x in VALUE { … }", "runs a block for each element (objects give {key, value})"),
    ("while", "while COND { … }", "runs a block while the condition is truthy"),
    ("fn", "fn name($a, $b) { … return VALUE }", "declares a function, called as name(a, b) or name a b"),
    ("try", "try { … } catch $e { … }", "catches errors; $e is {message, status, response, exit, file, line, col}"),
    ("exit", "exit [STATUS]", "ends the script with a status (0 by default)"),
    ("source", "source FILE", "runs another script file, relative to this one"),
    ("time", "time { … }", "runs a block and prints the time it took on stderr"),
    (
      "assert", "assert CONDITION [, MESSAGE]",
      "fails (exit 1, catchable) unless the condition holds; shows both sides of a comparison and where two values first differ"
    ),
    ("test", "test \"name\" { … }", "a test: runs the block and reports ok, failed or skipped on stderr"),
    ("setup", "setup { … }", "runs its statements before the tests (their variables stay)"),
    ("skip", "skip [\"reason\"]", "ends the test as skipped (outside a test, the script, with status 0)"),
    ("break", "break", "leaves the innermost loop"),
    ("continue", "continue", "goes on with the next iteration of the innermost loop"),
    ("return", "return [VALUE]", "leaves a function, giving VALUE"),
    ("quit", "quit (or exit, Ctrl-D)", "leaves the REPL"),
  ]

  /// The help of `topic` (all commands when nil); a usage error when there is no such command.
  func render(topic: String?) throws(LanguageError) -> String {
    guard let topic else { return overview() }
    if let builtin = interpreter.builtins[topic] {
      return "\(builtin.usage)\n  \(builtin.summary)\n  example: \(builtin.example)\n"
    }
    if let statement = HelpText.statements.first(where: { $0.name == topic }) {
      return "\(statement.usage)\n  \(statement.summary)\n"
    }
    if let command = interpreter.host.commands.first(where: { $0.name == topic }) { return HelpText.describe(command) }
    let related = interpreter.host.commands.filter { $0.name.hasPrefix(topic + " ") }
    if !related.isEmpty {
      return related.map { "\($0.usage)\n  \($0.summary)\n" }.joined()
    }
    if let function = interpreter.functions[topic] {
      return
        "fn \(function.name)(\(function.parameters.map { "$" + $0.name }.joined(separator: ", ")))\n  defined in \(function.source.name)\n"
    }
    let suggestion = Suggestions.closest(to: topic, among: interpreter.commandNames + HelpText.statements.map(\.name))
    throw LanguageError(
      .usage, "no command named '\(topic)'",
      hint: suggestion.map { "did you mean `\($0)`?" } ?? "type help for the list of commands")
  }

  /// A host command's usage, summary, flags and example.
  static func describe(_ command: CommandDescription) -> String {
    var text = "\(command.usage)\n  \(command.summary)\n"
    if !command.flags.isEmpty {
      text +=
        "  flags: " + command.flags.map { "--" + $0.name + ($0.value.map { " " + $0 } ?? "") }.joined(separator: ", ") + "\n"
    }
    if let example = command.example { text += "  example: \(example)\n" }
    return text
  }

  /// The groups the language has builtins in, in `help`'s order; a host's commands of these
  /// groups join them.
  static let languageGroups = ["text", "numbers", "collections", "time", "files", "processes", "data", "control"]

  private func overview() -> String {
    let hostCommands = interpreter.host.commands
    var hostGroups: [String] = []
    for command in hostCommands where !HelpText.languageGroups.contains(command.group) && !hostGroups.contains(command.group) {
      hostGroups.append(command.group)
    }
    func host(_ group: String) -> [String] { hostCommands.filter { $0.group == group }.map(\.name) }
    var groups = hostGroups.map { ($0, host($0)) }
    let builtins = interpreter.builtins.all
    for group in HelpText.languageGroups {
      let statements = group == "control" ? HelpText.statements.map(\.name) : []
      groups.append((group, statements + builtins.filter { $0.group == group }.map(\.name) + host(group)))
    }
    var text = "Commands:\n"
    for (group, names) in groups where !names.isEmpty {
      text += "  " + group + String(repeating: " ", count: max(1, 12 - group.count)) + names.joined(separator: ", ") + "\n"
    }
    text += "Type help NAME for one command's usage and an example.\n"
    return text
  }
}

extension Interpreter {
  /// The statements `help` explains (`if`, `for`, `try`, …), besides commands and builtins.
  public static let statementHelpTopics: Set<String> = Set(HelpText.statements.map(\.name))
}
