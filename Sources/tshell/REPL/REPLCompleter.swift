import Foundation
import LineEditor
import TShellCommands
import TShellLanguage

/// Tab completion for the REPL: the language's completion engine, given the interpreter's
/// names and values, the last result, the account's key names and the file system.
struct REPLCompleter {
  let interpreter: Interpreter
  let host: ConsoleHost
  let layer: CommandLayer

  func complete(_ textBeforeCursor: String) -> Completion {
    let commands = host.commands
    let hostNames = Set(commands.map(\.name))
    var variables: [String: JSONValue] = [:]
    for name in interpreter.globalVariableNames { variables[name] = interpreter.globalValue(name) }
    let context = CompletionContext(
      commands: commands,
      functionNames: interpreter.commandNames.filter { !hostNames.contains($0) },
      variables: variables,
      lastResult: host.lastResult,
      resultOf: { result(of: $0) },
      keyNames: { layer.completions(of: .keyName) },
      files: REPLCompleter.entries(of:))
    let proposal = CompletionEngine.complete(textBeforeCursor, context: context)
    return Completion(word: proposal.word, candidates: proposal.candidates, terminator: proposal.terminator)
  }

  /// What a command returned last; a read-only command not run yet is run now (quietly).
  private func result(of name: String) -> JSONValue? {
    if let result = host.result(ofCommand: name) { return result }
    guard let command = layer.descriptions.first(where: { $0.name == name }), command.isReadOnly,
      layer.sessions.status().user != nil
    else { return nil }
    return (try? layer.run(CommandInvocation(name: command.name, arguments: []))) ?? nil
  }

  /// A directory's entries (`""` is the working directory; a leading `~/` is the home directory).
  static func entries(of directory: String) -> [(name: String, isDirectory: Bool)] {
    var path = directory.isEmpty ? "." : directory
    if path.hasPrefix("~/"), let home = EnvironmentVariables.process["HOME"] { path = home + path.dropFirst(1) }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
    return names.map { name in
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
      return (name, isDirectory.boolValue)
    }
  }
}
