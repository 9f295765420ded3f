import TShellLanguage

/// A host that records what a program prints and offers one fake API command, for unit tests.
final class TestHost: LanguageHost {
  var results: [JSONValue] = []
  var output = ""
  var errors = ""
  var files: [String: String] = [:]
  var invocations: [CommandInvocation] = []
  /// `completed/total` of each loop step reported, and `done` when a loop finished.
  var progress: [String] = []
  var reportsLoopProgress: Bool { true }
  func loopDidAdvance(completed: Int, total: Int, elapsed: Double) { progress.append("\(completed)/\(total)") }
  func loopDidFinish() { progress.append("done") }
  var onSleep: (() -> Void)? = nil

  func printResult(_ value: JSONValue) { results.append(value) }
  func writeOutput(_ text: String) { output += text }
  func writeError(_ text: String) { errors += text }

  func readFile(_ path: String) throws -> String {
    guard let text = files[path] else { throw LanguageError(.runtime, "cannot read \(path): No such file or directory") }
    return text
  }

  func writeFile(_ path: String, contents: String, append: Bool) throws {
    files[path] = (append ? files[path] ?? "" : "") + contents
  }

  func environmentVariable(_ name: String) -> String? { name == "HOME" ? "/home/test" : nil }

  func sleep(seconds: Double, cancellation: CancellationToken) throws {
    onSleep?()
    try cancellation.check()
  }

  func monotonicSeconds() -> Double { 0 }
  func history() -> [String] { ["login ann", "key list"] }

  // The standard library's effects, answered from memory.
  var directories: Set<String> = ["."]
  var processes: [ProcessRequest] = []
  private var randomCounter: UInt8 = 0

  /// 2026-12-06T10:00:00Z.
  func currentTime() -> Double { 1_796_551_200 }

  func environmentVariables() -> [(name: String, value: String)] { [("HOME", "/home/test")] }

  /// Bytes that count up, so ids made from them are the same in every run.
  func randomBytes(_ count: Int) throws -> [UInt8] {
    (0..<count).map { _ in
      randomCounter &+= 37
      return randomCounter
    }
  }

  func fileKind(_ path: String) throws -> FileKind? {
    directories.contains(path) ? .directory : files[path] != nil ? .file : nil
  }

  func makeDirectory(_ path: String) throws {
    var prefix = ""
    for part in path.split(separator: "/") {
      prefix += (prefix.isEmpty ? "" : "/") + part
      directories.insert(prefix)
    }
  }

  func removeFile(_ path: String) throws {
    guard files.removeValue(forKey: path) != nil else {
      throw LanguageError(.runtime, "cannot remove \(path): No such file or directory")
    }
  }

  func directoryEntries(_ path: String) throws -> [DirectoryEntry] {
    func parent(_ entry: String) -> String {
      entry.lastIndex(of: "/").map { String(entry[..<$0]) } ?? "."
    }
    func name(_ entry: String) -> String {
      entry.lastIndex(of: "/").map { String(entry[entry.index(after: $0)...]) } ?? entry
    }
    let folders = directories.filter { $0 != "." && parent($0) == path }.map { DirectoryEntry(name: name($0), isDirectory: true) }
    return folders + files.keys.filter { parent($0) == path }.map { DirectoryEntry(name: name($0), isDirectory: false) }
  }

  /// `echo` prints its arguments; every other program is missing.
  func runProcess(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome {
    processes.append(request)
    guard request.program == "echo" else {
      throw LanguageError(.runtime, "cannot run \(request.program): No such file or directory")
    }
    return ProcessOutcome(status: 0, stdout: request.arguments.joined(separator: " ") + "\n", stderr: "")
  }

  var commands: [CommandDescription] {
    [
      CommandDescription(name: "key list", group: "keys", summary: "lists keys", usage: "key list"),
      CommandDescription(
        name: "key new", group: "keys", summary: "makes a key", usage: "key new NAME [--type T]",
        flags: [FlagDescription("type", value: "T"), FlagDescription("bits", value: "N"), FlagDescription("yes")]),
      CommandDescription(name: "usage", group: "account", summary: "usage", usage: "usage"),
    ]
  }

  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? {
    invocations.append(invocation)
    switch invocation.name {
    case "key list": return ["key_names": ["a-1", "a-2"], "key_ids": ["id1", "id2"]]
    case "key new": return ["name": invocation.arguments.first ?? nil]
    case "usage":
      throw LanguageError(.api, "account is not verified", status: 403, response: "account is not verified")
    default: throw LanguageError(.usage, "unknown subcommand")
    }
  }
}

/// Runs `code` and returns the host with what it printed.
func run(_ code: String, arguments: [String] = []) throws -> TestHost {
  let host = TestHost()
  let interpreter = Interpreter(host: host, arguments: arguments)
  try interpreter.run(try interpreter.parse(code, name: "<test>"))
  return host
}
