import Foundation
import TShellJSON
import TShellTestSupport
import Testing

/// The REPL of the real binary on a pseudo-terminal: editing, multi-line input, history,
/// completion, Ctrl-C and Ctrl-D, UTF-8 and colours. Each test waits for a prompt before it
/// types, as a person would: keys typed earlier reach the terminal's line discipline instead.
@Suite("REPL (pseudo-terminal)")
struct REPLTests {
  typealias Key = PseudoTerminal.Key

  /// A fresh `$TSHELL_HOME`.
  static func freshHome() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tshell-repl-\(UUID().uuidString)").path
  }

  /// A REPL on `home`, plain (NO_COLOR, no pager) unless `environment` says otherwise.
  static func repl(home: String, arguments: [String] = [], environment: [String: String] = ["NO_COLOR": "1"])
    throws -> PseudoTerminal
  {
    var env = environment
    env["TSHELL_HOME"] = home
    return try PseudoTerminal(["--no-pager"] + arguments, environment: env)
  }

  @Test func withoutATerminalStandardInputIsAScriptWithNoPrompt() throws {
    let home = REPLTests.freshHome()
    let result = try TShellProcess.run(
      [], stdin: "1 + 1\n[3, 1] |\nsort\nnope\n\"after\"\n",
      environment: ["TSHELL_HOME": home])
    // The unknown command is found before anything runs.
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("<stdin>:4:1: error: unknown command 'nope'\n"))
    #expect(result.status == 2)
    #expect(!FileManager.default.fileExists(atPath: home + "/history"))
  }

  @Test func typingAndEditingALine() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.prompt()
    // Ctrl-A to the start, Ctrl-E to the end: (10 + 5) * 2
    terminal.type("10 + 5" + Key.lineStart + "(" + Key.lineEnd + ") * 2" + Key.enter)
    try terminal.expect("\n30\n")
    try terminal.prompt()
    terminal.type("1 + 3" + Key.backspace + "2" + Key.left + Key.lineStart + Key.right + "0" + Key.enter)
    try terminal.expect("\n12\n")
    try terminal.prompt()
    // Ctrl-C on a half-typed line throws it away and leaves the REPL running.
    terminal.type("12345")
    try terminal.expect("12345")
    terminal.type(Key.interrupt)
    try terminal.prompt()
    terminal.enter("7")
    try terminal.expect("\n7\n")
    try terminal.prompt()
    terminal.enter("1 )")
    try terminal.expect("<repl>:1:3: error: unexpected ')'")
    #expect(try terminal.endSession() == 0)
  }

  @Test func multiLineBlocksUseTheContinuationPrompt() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.expect("embedded> ")
    terminal.enter("$s = 0")
    try terminal.expect("embedded> ")
    terminal.enter("for $i in range(1, 5) {")
    try terminal.expect("...> ")
    terminal.enter("  $s = $s + $i")
    try terminal.expect("...> ")
    terminal.enter("}")
    try terminal.expect("embedded> ")
    terminal.enter("$s")
    try terminal.expect("\n10\n")
    try terminal.expect("embedded> ")
    terminal.enter("\"open")
    try terminal.expect("...> ")
    terminal.enter("string\"")
    try terminal.expect("\"open\\nstring\"\n")
    try terminal.expect("embedded> ")
    terminal.enter("[3, 1, 2] |")
    try terminal.expect("...> ")
    terminal.enter("sort")
    try terminal.expect("[\n  1,\n  2,\n  3\n]\n")
    try terminal.expect("embedded> ")
    terminal.enter("exit")
    #expect(try terminal.waitForExit() == 0)
  }

  @Test func aMultiLineInputIsOneHistoryEntry() throws {
    let home = REPLTests.freshHome()
    let terminal = try REPLTests.repl(home: home)
    try terminal.prompt()
    terminal.enter("for $i in [10, 20] {")
    try terminal.expect("...> ")
    terminal.enter("  echo $i")
    try terminal.expect("...> ")
    terminal.enter("}")
    try terminal.expect("20")
    try terminal.prompt()
    // Up brings back the whole block (not its last line); Enter runs it again.
    terminal.type(Key.up)
    terminal.type(Key.enter)
    try terminal.expect("20")
    try terminal.prompt()
    terminal.enter("history")
    try terminal.expect("[\n  \"for $i in [10, 20] {\\n  echo $i\\n}\",\n  \"history\"\n]")
    #expect(try terminal.endSession() == 0)
    // The saved file keeps it as one entry, for the next session.
    let next = try REPLTests.repl(home: home)
    try next.prompt()
    next.type(Key.up)
    next.type(Key.up)
    next.type(Key.enter)
    try next.expect("20")
    #expect(try next.endSession() == 0)
  }

  @Test func historyPersistsAndKeepsSecretsOut() throws {
    let home = REPLTests.freshHome()
    let first = try REPLTests.repl(home: home)
    // The first run greets with three suggestions.
    try first.expect("To start:")
    try first.prompt()
    first.enter("\"remember me\"")
    try first.expect("\"remember me\"\n")
    try first.prompt()
    first.enter("login ann hunter2-secret; 1")
    try first.expect("warning: a password given as a word")
    try first.prompt()
    first.enter("login ann --password hunter2-secret")
    try first.expect("error: login has no flag --password")
    try first.prompt()
    first.enter("register bob bob@example.com --password-env BOB_PW --dry-run")
    try first.expect("curl")
    try first.prompt()
    first.enter("quit")
    #expect(try first.waitForExit() == 0)

    let historyPath = home + "/history"
    let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
    #expect(saved.contains("remember"))
    #expect(!saved.contains("hunter2"))
    #expect(!saved.contains("BOB_PW"))
    let mode = try FileManager.default.attributesOfItem(atPath: historyPath)[.posixPermissions] as? Int
    #expect(mode == 0o600)

    let second = try REPLTests.repl(home: home)
    let greeting = try second.expect("embedded> ")
    #expect(!greeting.contains("To start:"))
    // Up: `quit` and the secret lines were not saved, so this is the line before them.
    second.type(Key.up)
    try second.expect("\"remember me\"")
    second.type(Key.enter)
    try second.expect("\"remember me\"\n")
    try second.prompt()
    second.enter("2 + 2")
    try second.expect("\n4\n")
    try second.prompt()
    // Ctrl-R searches back through the history.
    second.type(Key.reverseSearch + "reme")
    try second.expect("\"remember me\"")
    second.type(Key.enter)
    try second.expect("\"remember me\"\n")
    try second.prompt()
    second.enter("history")
    // The same line twice in a row is kept once.
    try second.expect("[\n  \"\\\"remember me\\\"\",\n  \"2 + 2\",\n  \"\\\"remember me\\\"\",\n  \"history\"\n]")
    #expect(try second.endSession() == 0)
  }

  @Test func editrcBindingsApply() throws {
    let editrc = REPLTests.freshHome() + ".editrc"
    try Data("tshell:bind ^X em-kill-line\n".utf8).write(to: URL(fileURLWithPath: editrc))
    let terminal = try REPLTests.repl(home: REPLTests.freshHome(), environment: ["NO_COLOR": "1", "EDITRC": editrc])
    try terminal.prompt()
    terminal.type("99999\u{18}5" + Key.enter)
    try terminal.expect("\n5\n")
    #expect(try terminal.endSession() == 0)
  }

  @Test func thePromptShowsTheEndpointTheUserAndAnExpiredToken() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("pat")
    let port = try #require(fixture.server.baseURL.split(separator: ":").last)
    let fresh = try REPLTests.repl(home: fixture.home, arguments: ["--api", fixture.server.baseURL])
    try fresh.expect("\npat@127.0.0.1:\(port)")
    #expect(try fresh.endSession() == 0)

    let path = fixture.home + "/tokens.json"
    let stored = try JSONValue(parsing: Array(FileManager.default.contents(atPath: path) ?? Data()))
    let expired = try ClientCommandTests.setExpiry(stored, profile: fixture.server.baseURL, user: "pat", to: 1)
    try Data(JSONPrinter.string(expired).utf8).write(to: URL(fileURLWithPath: path))
    let later = try REPLTests.repl(home: fixture.home, arguments: ["--api", fixture.server.baseURL])
    try later.expect("\npat@127.0.0.1:\(port) (expired)")
    #expect(try later.endSession() == 0)
    // With colours the same prompt, its codes taking no room and none of their letters shown.
    let coloured = try REPLTests.repl(home: fixture.home, arguments: ["--api", fixture.server.baseURL], environment: [:])
    try coloured.expect("\npat@127.0.0.1:\(port) (expired)")
    #expect(try coloured.endSession() == 0)
    #expect(coloured.output.contains("\u{1B}[1;32mpat@127.0.0.1:\(port)\u{1B}[0;33m (expired)\u{1B}[0m> "))
    #expect(coloured.screen.contains("pat@127.0.0.1:\(port) (expired)> "))
    #expect(!coloured.screen.contains("[33m") && !coloured.screen.contains("[0m"))
  }

  @Test func ctrlDTypedWhileACommandRunsLeavesCtrlCWorking() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.prompt()
    terminal.enter("sleep 0.5")
    try terminal.waitForCommand()
    // Typed ahead, the terminal's own line editing takes this Ctrl-D.
    terminal.type(Key.endOfFile)
    try terminal.prompt()
    terminal.type("12")
    try terminal.expect("12")
    #expect(terminal.makesSignals)
    terminal.type(Key.interrupt)
    try terminal.prompt()
    terminal.enter("7")
    try terminal.expect("\n7\n")
    #expect(try terminal.endSession() == 0)
  }

  @Test func interruptCancelsALoopAndReturnsToThePrompt() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("slow")
    let terminal = try REPLTests.repl(home: fixture.home, arguments: ["--api", fixture.server.baseURL])
    try terminal.expect("slow@127.0.0.1:")
    try terminal.prompt()
    terminal.enter("while true { sleep 0.1 }")
    try terminal.waitForCommand()
    terminal.type(Key.interrupt)
    try terminal.expect("error: interrupted")
    try terminal.prompt()
    // A loop of API calls stops too, with its request in flight.
    terminal.enter(#"$n = 0; while true { usage; $n = $n + 1; echo "call $n" }"#)
    try terminal.expect("call 2")
    terminal.type(Key.interrupt)
    try terminal.expect("interrupted")
    try terminal.prompt()
    terminal.enter("$n > 0")
    try terminal.expect("\ntrue\n")
    #expect(try terminal.endSession() == 0)
  }

  @Test func suspendGivesTheShellItsTerminalBackInLineMode() throws {
    // A shell with job control runs tshell, as on a user's terminal.
    let terminal = try PseudoTerminal(
      ["--norc", "--noprofile", "-i"],
      environment: [
        "PS1": "bash$ ", "TSHELL_HOME": REPLTests.freshHome(), "NO_COLOR": "1",
      ], executable: "/bin/bash")
    try terminal.expect("bash$ ")
    terminal.enter("'\(TShellProcess.binary.path)' --no-pager")
    try terminal.prompt()
    terminal.type("12")
    try terminal.expect("12")
    terminal.type(Key.suspend)
    try terminal.expect("Stopped")
    try terminal.expect("bash$ ")
    terminal.enter("stty -a | grep -o -- '-\\{0,1\\}icanon'")
    try terminal.expect("\nicanon\n")
    try terminal.expect("bash$ ")
    terminal.enter("fg")
    // Back in the editor's mode, with the half-typed line still there.
    try terminal.waitUntil("fg gives the editor its mode back") { !terminal.isInLineMode }
    terminal.type("3" + Key.enter)
    try terminal.expect("\n123\n")
    try terminal.prompt()
    terminal.type(Key.endOfFile)
    try terminal.expect("bash$ ")
    terminal.enter("exit")
    #expect(try terminal.waitForExit() == 0)
  }

  @Test func utf8TextRoundTrips() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.prompt()
    terminal.enter("\"héllo wörld ✓ 日本\"")
    try terminal.expect("\n\"héllo wörld ✓ 日本\"\n")
    try terminal.prompt()
    // Backspace removes one character, however many bytes it takes.
    terminal.type("\"日本語x" + Key.backspace + "\"" + Key.enter)
    try terminal.expect("\n\"日本語\"\n")
    try terminal.prompt()
    terminal.enter("length(\"日本語\")")
    try terminal.expect("\n3\n")
    #expect(try terminal.endSession() == 0)
  }
}
