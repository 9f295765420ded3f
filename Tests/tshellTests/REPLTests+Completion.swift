import Foundation
import TShellTestSupport
import Testing

/// Tab in the REPL: commands, flags, variables, keys of results, key names, files.
extension REPLTests {
  @Test func tabCompletesCommandsVariablesKeysOfResultsAndKeyNames() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("tab")
    #expect(try fixture.tshell("key new alpha").status == 0)
    let terminal = try REPLTests.repl(home: fixture.home, arguments: ["--api", fixture.server.baseURL])
    try terminal.expect("tab@127.0.0.1:")
    try terminal.prompt()
    terminal.type("cred" + Key.tab)
    try terminal.expect("credits ")
    terminal.type(Key.killLine)
    terminal.enter("$my_long_variable = {\"inner\": {\"leaf\": 42}}")
    try terminal.prompt()
    terminal.type("$my_lo" + Key.tab)
    try terminal.expect("$my_long_variable")
    terminal.type(".in" + Key.tab)
    try terminal.expect("inner")
    terminal.type(".le" + Key.tab)
    try terminal.expect("leaf")
    terminal.type(Key.enter)
    try terminal.expect("\n42\n")
    try terminal.prompt()
    // The keys of what `usage` answers, before it ran.
    terminal.type("usage | $.KeysAl" + Key.tab)
    try terminal.expect("lowed")
    terminal.type(Key.enter)
    try terminal.expect("\n5\n")
    try terminal.prompt()
    // `$` alone is the last result in the REPL; an ambiguous Tab lists the candidates.
    terminal.enter("usage")
    try terminal.expect("\"Tier\": \"free\"")
    try terminal.prompt()
    terminal.type("$.Keys" + Key.tab)
    try terminal.expect("$.KeysAllowed  $.KeysCreated")
    terminal.type("C" + Key.tab)
    try terminal.expect("reated")
    terminal.type(Key.enter)
    try terminal.expect("\n1\n")
    try terminal.prompt()
    terminal.type("key export al" + Key.tab)
    try terminal.expect("pha ")
    terminal.type(Key.killLine + "key list --t" + Key.tab)
    try terminal.expect("able ")
    terminal.type(Key.killLine + Key.endOfFile)
    #expect(try terminal.waitForExit() == 0)
  }

  @Test func filePathsCompleteInStrings() throws {
    let folder = REPLTests.freshHome() + "-files"
    try FileManager.default.createDirectory(atPath: folder + "/nested", withIntermediateDirectories: true)
    try Data("{\"n\": 1}".utf8).write(to: URL(fileURLWithPath: folder + "/numbers.json"))
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    try terminal.prompt()
    terminal.type("read(\"\(folder)/num" + Key.tab)
    try terminal.expect("bers.json\"")
    terminal.type(") | json | $.n" + Key.enter)
    try terminal.expect("\n1\n")
    try terminal.prompt()
    terminal.type("source \"\(folder)/ne" + Key.tab)
    try terminal.expect("sted/")
    // The standard library's names complete like any other: an ambiguous prefix lists them.
    terminal.type(Key.killLine + "\"  db1 \" | tri" + Key.tab)
    try terminal.expect("m")
    terminal.type(Key.tab)
    try terminal.expect("trim        trim_end    trim_start")
    terminal.type("_s" + Key.tab)
    try terminal.expect("tart")
    terminal.type(Key.enter)
    try terminal.expect("\n\"db1 \"\n")
    try terminal.prompt()
    terminal.type("format_t" + Key.tab)
    try terminal.expect("ime")
    terminal.type(Key.killLine + Key.endOfFile)
    #expect(try terminal.waitForExit() == 0)
  }
}
