import Foundation
import TShellTestSupport
import Testing

/// How the REPL shows results: colours, NO_COLOR, the pager and its absence.
extension REPLTests {
  @Test func colourUnlessNoColor() throws {
    let home = REPLTests.freshHome()
    let plain = try REPLTests.repl(home: home)
    try plain.prompt()
    plain.enter("{\"a\": [1, \"x\", true, null]}")
    try plain.expect("\"a\": [")
    try plain.prompt()
    plain.enter("nosuchcommand")
    try plain.expect("error: unknown command")
    #expect(try plain.endSession() == 0)
    #expect(!plain.output.contains("\u{1B}[0m") && !plain.output.contains("\u{1B}[1;") && !plain.output.contains("\u{1B}[0;"))

    let coloured = try REPLTests.repl(home: home, environment: [:])
    try coloured.prompt()
    coloured.enter("{\"a\": 1}")
    try coloured.expect("\"a\"")
    #expect(try coloured.endSession() == 0)
    #expect(coloured.output.contains("\u{1B}[1;32membedded\u{1B}[0m> "))
    #expect(coloured.output.contains("\u{1B}[0;36m1\u{1B}[0m"))
  }

  /// Values dropped inside a block draw a warning before the input runs; a case slip in a path
  /// that finds nothing gets a hint.
  @Test func warningsAboutDroppedValuesAndCaseSlips() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.prompt()
    terminal.enter("for $i in [1, 2] { $i * 2 }")
    try terminal.expect("<repl>:1:20: warning: this value is not printed inside a block; use echo or assign it")
    try terminal.prompt()
    terminal.enter("$u = {KeysAllowed: 5}; $u.keysallowed")
    try terminal.expect("warning: $u.keysallowed matches nothing; did you mean $u.KeysAllowed?")
    try terminal.expect("\nnull\n")
    #expect(try terminal.endSession() == 0)
  }

  @Test func longResultsAreCutWithANoteWithoutAPager() throws {
    let home = REPLTests.freshHome()
    let terminal = try PseudoTerminal([], environment: ["TSHELL_HOME": home, "NO_COLOR": "1", "PAGER": ""], rows: 20)
    try terminal.prompt()
    terminal.enter("range(100)")
    try terminal.expect("  16,\n… 84 more lines; narrow the value with a selector")
    try terminal.prompt()
    terminal.enter("help key export")
    try terminal.expect("key export NAME")
    #expect(try terminal.endSession() == 0)
  }

  @Test func longResultsGoThroughThePager() throws {
    let home = REPLTests.freshHome()
    let terminal = try PseudoTerminal([], environment: ["TSHELL_HOME": home, "NO_COLOR": "1", "PAGER": "tail -n 2"], rows: 20)
    try terminal.prompt()
    terminal.enter("range(100)")
    let shown = try terminal.expect("  99\n]\n")
    #expect(!shown.contains("  50,"))
    try terminal.prompt()
    terminal.enter("range(3)")
    try terminal.expect("[\n  0,\n  1,\n  2\n]\n")
    #expect(try terminal.endSession() == 0)

    // A pager such as less reads its keys from the terminal: it must be able to open it.
    let withTerminal = try PseudoTerminal(
      [],
      environment: [
        "TSHELL_HOME": home, "NO_COLOR": "1", "PAGER": "wc -l | tr -d ' ' >/dev/tty && echo paged >/dev/tty",
      ], rows: 20)
    try withTerminal.prompt()
    withTerminal.enter("range(100)")
    try withTerminal.expect("\n102\npaged\n")
    #expect(try withTerminal.endSession() == 0)
  }
}
