import Foundation
import LineEditor
import TShellLanguage

/// Tab completion for the REPL: the language's completion engine, given the interpreter's
/// names and values, the last result, the account's key names and the file system.
struct REPLCompleter {
  let interpreter: Interpreter
  let host: ScriptHost

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
      keyNames: { keyNames() },
      files: REPLCompleter.entries(of:))
    let proposal = CompletionEngine.complete(textBeforeCursor, context: context)
    return Completion(word: proposal.word, candidates: proposal.candidates, terminator: proposal.terminator)
  }

  /// What a command returned last; a read-only command not run yet is run now (quietly).
  private func result(of words: [String]) -> JSONValue? {
    if let result = host.result(ofCommand: words) { return result }
    let name = words.prefix(2).joined(separator: " ")
    let command = REPLCompleter.readOnlyCommands.contains(name) ? name : words.first ?? ""
    guard REPLCompleter.readOnlyCommands.contains(command), let api = host.api, api.environment.status().user != nil
    else { return nil }
    let parts = command.split(separator: " ").map(String.init)
    let invocation = CommandInvocation(name: parts[0], arguments: parts.dropFirst().map { .string($0) }, flags: [], input: nil,
      cancellation: CancellationToken())
    return (try? api.run(invocation)) ?? nil
  }

  /// Commands that only read, so Tab may run them to learn the shape of their answer.
  static let readOnlyCommands: Set<String> = ["usage", "credits", "whoami", "key list"]

  /// The logged-in account's keys, without the `<username>-` prefix `key export` adds back.
  private func keyNames() -> [String] {
    guard let api = host.api, api.environment.status().user != nil,
      let keys = try? api.run(CommandInvocation(name: "key", arguments: ["list"], flags: [], input: nil, cancellation: CancellationToken())),
      let names = keys["key_names"]?.arrayValue?.compactMap(\.stringValue)
    else { return [] }
    let prefix = (api.environment.status().user ?? "") + "-"
    return names.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
  }

  /// A directory's entries (`""` is the working directory; a leading `~/` is the home directory).
  static func entries(of directory: String) -> [(name: String, isDirectory: Bool)] {
    var path = directory.isEmpty ? "." : directory
    if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { path = home + path.dropFirst(1) }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
    return names.map { name in
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
      return (name, isDirectory.boolValue)
    }
  }
}
