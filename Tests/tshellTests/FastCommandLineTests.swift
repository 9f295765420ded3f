import ArgumentParser
import Testing

@testable import tshell

/// The hand-parsed command lines mean what argument-parser makes of them, and everything the
/// fast path does not know goes to argument-parser.
@Suite("Fast command line")
struct FastCommandLineTests {
  static let fast: [[String]] = [
    [], ["-c", "1"], ["-c", "$1", "a", "b"], ["script.tmp"], ["script.tmp", "-c", "--trace", "x"], ["-"],
    ["--compact", "--raw", "--ndjson", "--trace", "-c", "1"], ["--api", "http://127.0.0.1:1", "--profile", "p", "x.tmp"],
    ["--timeout", "2.5", "--dry-run", "--no-pager", "x.tmp"], ["--check", "x.tmp"], ["--check", "-c", "1"],
    ["--", "-odd.tmp", "a"], ["-c", "1", "--", "--not-an-option"], ["-c", "echo $args", "a", "--dry-run"],
    ["--dry-run", "-c", "whoami"], ["-c", "1", "-c", "2"],
  ]

  static let slow: [[String]] = [
    ["--help"], ["-h"], ["--version"], ["--timeout=5", "-c", "1"], ["--timeout", "0", "-c", "1"],
    ["--timeout", "soon", "x.tmp"], ["--check"], ["-c"], ["--compact", "--compact", "-c", "1"], ["--unknown", "x.tmp"],
    ["serve"], ["admin", "add-user"], ["help"],
  ]

  @Test(arguments: fast)
  func agreesWithArgumentParser(_ arguments: [String]) throws {
    guard case .run(let options)? = FastCommandLine.parse(arguments) else {
      Issue.record("\(arguments) did not take the fast path")
      return
    }
    let (optionArguments, script) = TShell.splitScriptArguments(arguments)
    var parsed = try TShell.parse(optionArguments)
    parsed.script = script
    #expect(options == parsed.options)
  }

  @Test func everythingAfterCodeIsTheCodesArguments() throws {
    guard case .run(let options)? = FastCommandLine.parse(["--trace", "-c", "echo $args", "a", "--dry-run"]) else {
      Issue.record("not the fast path")
      return
    }
    #expect(options.trace && !options.dryRun)
    #expect(options.script == ["a", "--dry-run"])
  }

  /// tshell's options are listed once (`TShellOption`): argument-parser's declarations, the help
  /// and the completion scripts name the same ones.
  @Test func theOptionsAreListedOnce() throws {
    let listed = Set(TShellOption.allCases.map(\.name))
    let help = TShell.helpMessage(columns: 200)
    let declared = Set(
      help.split(separator: "\n").compactMap { line -> String? in
        let words = line.split(separator: " ")
        guard let first = words.first, first.hasPrefix("-"), line.hasPrefix("  ") else { return nil }
        return String(first.split(separator: ",").first ?? first)
      })
    #expect(declared.subtracting(["-h", "--version"]) == listed, "\(help)")
    for shell in [CompletionShell.bash, .zsh, .fish] {
      let script = CompletionTree.completionScript(for: shell)
      for option in TShellOption.allCases {
        let name = option.name.hasPrefix("--") ? String(option.name.dropFirst(2)) : String(option.name.dropFirst())
        #expect(script.contains(name), "\(shell) completions lack \(option.name)")
      }
    }
  }

  @Test(arguments: slow)
  func leavesTheRestToArgumentParser(_ arguments: [String]) {
    #expect(FastCommandLine.parse(arguments) == nil)
  }

  @Test(arguments: [
    ["$"], ["$.a", "file.json"], ["--paths", "$"], ["$", "--ndjson"], ["--paths", "--ndjson", "$..x", "-"], ["--", "-x"],
  ])
  func jsonpathAgreesWithArgumentParser(_ arguments: [String]) throws {
    guard case .jsonpath(let options)? = FastCommandLine.parse(["jsonpath"] + arguments) else {
      Issue.record("jsonpath \(arguments) did not take the fast path")
      return
    }
    let parsed = try JSONPathCommand.parse(arguments)
    #expect(
      options == JSONPathCommand.Options(query: parsed.query, file: parsed.file, paths: parsed.paths, ndjson: parsed.ndjson))
  }

  @Test(arguments: [[], ["--help"], ["--paths", "--paths", "$"], ["$", "a.json", "b.json"], ["--unknown", "$"]])
  func jsonpathLeavesTheRestToArgumentParser(_ arguments: [String]) {
    #expect(FastCommandLine.parse(["jsonpath"] + arguments) == nil)
  }
}
