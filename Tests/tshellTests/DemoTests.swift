import Foundation
import TShellTestSupport
import Testing

@Suite("tshell demo (process)")
struct DemoTests {
  /// Peer IDs, the token's expiry and the embedded server's port vary from run to run.
  static func masked(_ text: String) -> String {
    text.replacingOccurrences(of: #"12D3KooW[1-9A-HJ-NP-Za-km-z]{44}"#, with: "PEER", options: .regularExpression)
      .replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "TIME", options: .regularExpression)
      .replacingOccurrences(of: #"127\.0\.0\.1:\d+"#, with: "127.0.0.1:PORT", options: .regularExpression)
  }

  static let expected = """
    ── 1/9 Register an account ───────────────────────────────────────────────────
    Every endpoint of the Temporal v2 Account API is a command. register makes an
    account; the password comes from a variable here (on a terminal, tshell asks).
    tshell> register ann ann@example.com --password-env DEMO_PW | $.UserName
    "ann"

    ── 2/9 Verify the address ────────────────────────────────────────────────────
    The server mails a verification link. This demo runs tshell's embedded server,
    whose outbox tshell can read: verify follows the newest link.
    tshell> verify
    "email verified"

    ── 3/9 Log in ────────────────────────────────────────────────────────────────
    login keeps the token for later commands and runs. A command's value is JSON:
    | $.expire picks one member with an RFC 9535 JSONPath selector.
    tshell> login ann --password-env DEMO_PW | $.expire
    "TIME"

    ── 4/9 Usage and limits ──────────────────────────────────────────────────────
    A pipe can also build a new value from the one it receives.
    tshell> usage | {tier: $.Tier, keys: $.KeysAllowed}
    {
      "tier": "free",
      "keys": 5
    }

    ── 5/9 Keys in a loop ────────────────────────────────────────────────────────
    Variables, loops and pipes: a loop used as a value collects what each
    iteration gives. (for --parallel N runs iterations side by side.)
    tshell> $made = for $name in ["laptop", "phone"] { key new $name | $.name }
    tshell> $made
    [
      "ann-laptop",
      "ann-phone"
    ]

    ── 6/9 The keys as a table ───────────────────────────────────────────────────
    Some commands have a table view for people.
    tshell> key list --table
    NAME        PEER ID
    ann-laptop  PEER
    ann-phone   PEER

    ── 7/9 Export a key and decode it ────────────────────────────────────────────
    Exporting moves a key off the server as mnemonic words (0600 file); key
    decode turns them into a key file that ipfs key import accepts.
    tshell> key export laptop --yes --out laptop.words
    tshell> key decode laptop.words --out laptop.key | $.peer_id
    "PEER"

    ── 8/9 A script file ─────────────────────────────────────────────────────────
    The same language in a .tmp file runs with tshell FILE, for batch work
    and cron jobs. Here is one:
      │ # report.tmp: what the account holds
      │ $usage = usage
      │ $keys = key list | $.key_names
      │ echo "${length($keys)} of ${usage.KeysAllowed} keys used:"
      │ for $key in $keys { echo "  $key" }
    sh$ tshell report.tmp
    1 of 5 keys used:
      ann-phone

    ── 9/9 See the HTTP request ──────────────────────────────────────────────────
    --dry-run prints each request as a curl command line and sends nothing
    (the token shows as $TSHELL_TOKEN).
    tshell> usage --dry-run
    curl 'http://127.0.0.1:PORT/v2/account/usage' -H 'User-Agent: tshell/0.1.0' -H 'Accept: application/json' -H "Authorization: Bearer $TSHELL_TOKEN"

    That was tshell's embedded server, in a temporary home that is now removed.
    Next: tshell (the REPL, with completion and history), tshell --api URL FILE.tmp
    or connect URL for a real server. Inside tshell, help lists every command and
    builtin (help key export, help for); man tshell covers the command line.

    """

  @Test func fastRunsTheWholeTourOnAThrowawayHome() throws {
    let home = TShellProcess.freshHome("demo-user")
    let result = try TShellProcess.run(
      ["demo", "--fast"], environment: ["TSHELL_HOME": home, "TSHELL_API": "http://127.0.0.1:1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Self.masked(result.stdout) == Self.expected)
    // The user's home and API setting are left alone, and the tour's own home is gone.
    #expect(!FileManager.default.fileExists(atPath: home))
    let used = try #require(
      result.stderr.firstMatch(of: #/using the embedded server in (\S+)/embedded/#).map { String($0.1) })
    #expect(used.contains("tshell-demo-"))
    #expect(!FileManager.default.fileExists(atPath: used))
    for line in result.stdout.split(separator: "\n") where !line.hasPrefix("curl ") {
      #expect(line.count <= 80, "\(line)")
    }
  }

  @Test func stepStartsLaterAfterRunningTheEarlierStepsQuietly() throws {
    let result = try TShellProcess.run(
      ["demo", "--fast", "--step", "8"], environment: ["TSHELL_HOME": TShellProcess.freshHome()])
    #expect(result.status == 0)
    #expect(Self.masked(result.stdout).hasPrefix("── 8/9 A script file"))
    #expect(result.stdout.contains("1 of 5 keys used:\n  ann-phone\n"))
    let wrong = try TShellProcess.run(["demo", "--step", "10"])
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("--step must be from 1 to 9, not 10"))
  }

  @Test func onATerminalEachStepWaitsForEnter() throws {
    let terminal = try PseudoTerminal(["demo"], environment: ["TSHELL_HOME": TShellProcess.freshHome(), "NO_COLOR": "1"])
    try terminal.expect("\"ann\"")
    try terminal.expect("[Enter: next step, q: quit] ")
    #expect(!terminal.output.contains("2/9"))
    terminal.type(PseudoTerminal.Key.enter)
    try terminal.expect("── 2/9 Verify the address")
    try terminal.expect("\"email verified\"")
    try terminal.expect("[Enter: next step, q: quit] ")
    terminal.type(PseudoTerminal.Key.enter)
    try terminal.expect("── 3/9 Log in")
    try terminal.expect("[Enter: next step, q: quit] ")
    terminal.enter("q")
    #expect(try terminal.waitForExit() == 0)
    #expect(!terminal.output.contains("4/9"))
  }

  @Test func qStopsAtOnceWithoutEnter() throws {
    let terminal = try PseudoTerminal(["demo"], environment: ["TSHELL_HOME": TShellProcess.freshHome(), "NO_COLOR": "1"])
    try terminal.expect("[Enter: next step, q: quit] ")
    terminal.type("q")
    #expect(try terminal.waitForExit() == 0)
    #expect(!terminal.output.contains("2/9"))
  }

  /// Ctrl-C at a pause, or the terminal going away (SIGHUP), ends the tour with 130 and leaves
  /// none of its temporary files (the embedded server's database and secrets) behind.
  @Test(arguments: ["Ctrl-C", "SIGHUP", "SIGTERM"])
  func aSignalEndsTheTourAndRemovesItsFiles(signal: String) throws {
    let temporary = TShellProcess.freshHome("demo-tmp")
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    let terminal = try PseudoTerminal(
      ["demo"], environment: ["TSHELL_HOME": TShellProcess.freshHome(), "NO_COLOR": "1", "TMPDIR": temporary])
    try terminal.expect("[Enter: next step, q: quit] ")
    let made = try FileManager.default.contentsOfDirectory(atPath: temporary)
    #expect(made.count == 1 && made[0].hasPrefix("tshell-demo-"), "\(made)")
    switch signal {
    case "Ctrl-C": terminal.type(PseudoTerminal.Key.interrupt)
    case "SIGHUP": terminal.send(signal: SIGHUP)
    default: terminal.send(signal: SIGTERM)
    }
    #expect(try terminal.waitForExit() == 130)
    #expect(terminal.screen.contains("tshell demo: interrupted; its temporary files are removed"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
  }
}
