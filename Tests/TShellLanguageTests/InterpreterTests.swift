import TShellLanguage
import Testing

@Suite("Interpreter")
struct InterpreterTests {
  @Test func topLevelStatementsPrintTheirValues() throws {
    let host = try run("1 + 1; $x = 5; $x; echo hi; if true { 7 }")
    #expect(host.results == [2, 5])
    #expect(host.output == "hi\n")
  }

  @Test func hostCommandsGetWordsAndBoundFlags() throws {
    let host = try run("key new demo --type rsa --bits=4096 --yes")
    let invocation = try #require(host.invocations.first)
    #expect(invocation.name == "key new")
    #expect(invocation.arguments == ["demo"])
    #expect(invocation.flag("type") == "rsa")
    #expect(invocation.flag("bits") == 4096)
    #expect(invocation.flag("yes") == true)
    #expect(host.results == [["name": "demo"]])
  }

  @Test func pathsThatDifferOnlyInCaseGetAHintWhereWarningsAreOn() throws {
    let host = TestHost()
    let interpreter = Interpreter(host: host)
    let program = #"$u = {KeysAllowed: 5, Limits: {MonthlyBytes: 1}}; $u.keysallowed; $u.limits.monthlybytes; $u.nothing"#
    try interpreter.run(try interpreter.parse(program, name: "<test>"))
    #expect(host.results == [.null, .null, .null])
    #expect(host.errors.isEmpty)
    interpreter.warnsAboutPathCase = true
    try interpreter.run(try interpreter.parse(program, name: "<test>"))
    #expect(
      host.errors == """
        warning: $u.keysallowed matches nothing; did you mean $u.KeysAllowed?
        warning: $u.limits.monthlybytes matches nothing; did you mean $u.Limits.MonthlyBytes?

        """)
  }

  @Test func loopsReportTheirProgressRangesToo() throws {
    #expect(try run("for $i in range(0, 3) { }").progress == ["1/3", "2/3", "3/3", "done"])
    #expect(try run("for $i in range(10, 0, -4) { }").progress == ["1/3", "2/3", "3/3", "done"])
    #expect(try run("for $i in [1, 2] { }").progress == ["1/2", "2/2", "done"])
    #expect(try run("for $i in range(0, 1) { }; for $i in [1] { }").progress == [])
  }

  @Test func subcommandsResolveToTheirFullNames() throws {
    // A dynamic subcommand word, a flag before it, and the call form all resolve the same way.
    let host = try run(#"$sub = "new"; key $sub a --type ed25519; key --yes new b; key("new", "c")"#)
    #expect(host.invocations.map(\.name) == ["key new", "key new", "key new"])
    #expect(host.invocations.map(\.arguments) == [["a"], ["b"], ["c"]])
    #expect(host.invocations[1].flag("yes") == true)
    for (code, message, hint) in [
      ("key", "key needs a subcommand: key list, key new", nil),
      ("key 3", "key needs a subcommand: key list, key new", nil),
      ("key lsit", "unknown command 'key lsit'", "did you mean `key list`?"),
      ("key zzz", "unknown command 'key zzz'", "the commands are key list, key new"),
    ] as [(String, String, String?)] {
      let error = #expect(throws: LanguageError.self, "\(code)") { try run(code) }
      #expect(error?.kind == .usage, "\(code)")
      #expect(error?.message == message, "\(code)")
      #expect(error?.hint == hint, "\(code)")
      #expect(error?.span != nil, "\(code)")
    }
  }

  @Test func flagsAreTheResolvedSubcommands() throws {
    // --type is a flag of key new, not of key list; --typ is a typo of it; --help prints the help.
    let error = #expect(throws: LanguageError.self) { try run("key list --type x") }
    #expect(error?.message == "key list has no flag --type")
    #expect(error?.hint == "usage: key list")
    #expect(error?.kind == .usage)
    let typo = #expect(throws: LanguageError.self) { try run("key new x --typ rsa") }
    #expect(typo?.message == "key new has no flag --typ")
    #expect(typo?.hint == "did you mean --type?")
    let help = try run("key new --help")
    #expect(help.invocations.isEmpty)
    #expect(help.output == "key new NAME [--type T]\n  makes a key\n  flags: --type T, --bits N, --yes\n")
  }

  @Test func designExamplesRun() throws {
    let host = try run(
      """
      $keys = key list
      key list | $.key_names[*]
      for $name in key list | $.key_names[?search(@, "a-")] {
        [$name, "words"] | join(" ") | write("keys/$name.words")
      }
      try { usage } catch $e { echo "not allowed: ${e.message} (${e.status})" }
      fn mb($bytes) { return $bytes / 1048576 }
      mb(3145728)
      """)
    #expect(host.results == [["a-1", "a-2"], 3])
    #expect(host.files == ["keys/a-1.words": "a-1 words", "keys/a-2.words": "a-2 words"])
    #expect(host.output == "not allowed: account is not verified (403)\n")
  }

  @Test func apiErrorsCarryStatusAndExitCode() throws {
    do {
      _ = try run("usage")
      Issue.record("expected an error")
    } catch let error as LanguageError {
      #expect(error.kind == .api)
      #expect(error.status == 403)
      #expect(error.exitCode == 4)
      #expect(
        error.render(colors: false) == """
          <test>:1:1: error: account is not verified (HTTP 403)
          1 | usage
            | ^~~~~
          """)
      #expect(error.value["response"] == "account is not verified")
    }
  }

  @Test func unknownSubcommandSuggestsTheCommand() throws {
    do {
      _ = try run("ky list")
      Issue.record("expected an error")
    } catch let error as LanguageError {
      #expect(error.hint == "did you mean `key`?")
    }
  }

  @Test func cancellationStopsALongLoop() throws {
    let host = TestHost()
    let cancellation = CancellationToken()
    let interpreter = Interpreter(host: host, cancellation: cancellation)
    host.onSleep = { cancellation.cancel() }
    do {
      try interpreter.run(try interpreter.parse("$i = 0\nwhile true { $i = $i + 1; if $i == 1000 { sleep 1 } }", name: "<test>"))
      Issue.record("expected an interruption")
    } catch let error as LanguageError {
      #expect(error.kind == .interrupted)
      #expect(error.exitCode == 130)
    }
    #expect(interpreter.globalValue("i") == 1000)
  }

  @Test func exitRequestsAStatus() throws {
    #expect(throws: ExitRequest.self) { try run("exit 3") }
  }

  @Test func integersStayExact() throws {
    let host = try run("9007199254740993 + 0; 2 * 3; 10 / 4; 10 / 5; 9223372036854775807 + 1")
    #expect(host.results.map { JSONPrinter.string($0) } == ["9007199254740993", "6", "2.5", "2", "9.223372036854776e+18"])
  }

  @Test func argumentsAreVariables() throws {
    let host = try run("$args; $1; $2", arguments: ["a", "b"])
    #expect(host.results == [["a", "b"], "a", "b"])
  }

  @Test func traceSeesEveryStatement() throws {
    let host = TestHost()
    let interpreter = Interpreter(host: host)
    var traced: [String] = []
    interpreter.trace = { source, statement in traced.append(source.text(of: statement.span)) }
    try interpreter.run(try interpreter.parse("$x = 1\nfor $i in [1, 2] { $x = $x + $i }", name: "<test>"))
    #expect(traced == ["$x = 1", "for $i in [1, 2] { $x = $x + $i }", "$x = $x + $i", "$x = $x + $i"])
  }

  /// `text` as `--trace` and diagnostics show it, with `commands` as the host's.
  static func redacted(_ text: String, commands: [CommandDescription] = []) throws -> String {
    let source = SourceFile(name: "<test>", text: text)
    let program = try Parser.parse(source, symbols: SymbolTable())
    let masks = Redaction.masks(in: program.statements, resolver: CommandResolver(commands: commands))
    return Redaction.apply(masks, to: source, in: SourceSpan(0, source.text.utf8.count))
  }

  @Test func redactsSecrets() throws {
    let redacted = InterpreterTests.redacted
    #expect(try redacted("login al --password hunter2 --yes", []) == "login al --password *** --yes")
    #expect(try redacted("connect --token=abc", []) == "connect --token=***")
    #expect(try redacted("connect --token='a b c' | x", []) == "connect --token=*** | x")
    #expect(try redacted("login al --password-env PASS", []) == "login al --password-env PASS")
    #expect(
      try redacted("password change --old-password-env OLD --new-password-env NEW", [])
        == "password change --old-password-env OLD --new-password-env NEW")
    #expect(
      try redacted("post /x password=hunter2 token=abc name=ann", []) == "post /x password=*** token=*** name=ann")
    #expect(try redacted("post /x \"password=a b c\" name=ann", []) == "post /x password=*** name=ann")
    #expect(try redacted("connect --password | next", []) == "connect --password | next")
    let login = [
      CommandDescription(
        name: "login", group: "account", summary: "", usage: "", flags: [FlagDescription("password-env", value: "VAR")],
        secretArgument: 1)
    ]
    #expect(
      try redacted("login ann --password-env ANN_PASSWORD | $.expire", login)
        == "login ann --password-env ANN_PASSWORD | $.expire")
    #expect(try redacted("login ann hunter2 | $.expire", login) == "login ann *** | $.expire")
    #expect(try redacted("login ann \"correct horse battery\"", login) == "login ann ***")
    #expect(try redacted("$t = (login ann 'a b'); echo $t", login) == "$t = (login ann ***); echo $t")
    #expect(try redacted("login(\"ann\", \"a b\")", login) == "login(\"ann\", ***)")
    #expect(try redacted("echo password", login) == "echo password")
  }

  @Test func historyKeepsOutSecretsAndWhereTheyComeFrom() throws {
    func keptOut(_ text: String) throws -> Bool {
      let program = try Parser.parse(SourceFile(name: "<test>", text: text), symbols: SymbolTable())
      return Redaction.keepsOutOfHistory(program.statements, resolver: CommandResolver(commands: []))
    }
    #expect(try keptOut("post /x secret=s"))
    #expect(try keptOut("x --jwt-secret s"))
    #expect(try keptOut("if true { x --password-env P }"))
    #expect(try !keptOut("echo password"))
  }
}
