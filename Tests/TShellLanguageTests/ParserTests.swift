import Dispatch
import TShellLanguage
import TShellTestSupport
import Testing

@Suite("Parser")
struct ParserTests {
  @Test(arguments: [
    ("1 + 1", true), ("for $i in [1] {", false), ("for $i in [1] {\n  echo $i", false), ("for $i in [1] {\n  echo $i\n}", true),
    ("\"open string", false), ("'open raw", false), ("[1,", false), ("{a: 1,", false), ("echo 1 |", false), ("echo (1 +", false),
    ("fn f($a) {", false), ("if true { 1 } else {", false), ("\"${1 +", false), ("echo }", true), ("1 +", false),
    ("try {", false), ("$x = ", false), ("", true), ("# just a comment", true),
  ])
  func completeness(_ text: String, _ complete: Bool) {
    #expect(Parser.isComplete(text) == complete, "\(text)")
  }

  @Test func commandsAndWords() throws {
    let program = try Parser.parse(
      SourceFile(name: "t", text: "key new batch-$i --type=rsa --yes (1 + 2) [1] \"s\""), symbols: SymbolTable())
    guard case .expression(.command(let call)) = program.statements.first else {
      Issue.record("expected a command")
      return
    }
    #expect(call.name == "key")
    #expect(call.words.count == 7)
    if case .flag(let name, let value, _) = call.words[2] {
      #expect(name == "type")
      guard case .literal(.string("rsa"), _)? = value else {
        Issue.record("expected the flag's value")
        return
      }
    } else {
      Issue.record("expected a flag")
    }
  }

  @Test func pathsEndAtSpaces() throws {
    let program = try Parser.parse(SourceFile(name: "t", text: "echo $u.a .b"), symbols: SymbolTable())
    guard case .expression(.command(let call)) = program.statements.first else {
      Issue.record("expected a command")
      return
    }
    #expect(call.words.count == 2)
  }
}

/// Random and mutated programs must only ever produce programs or diagnostics, quickly.
@Suite("Parser robustness")
struct ParserFuzzTests {
  static let seeds = [
    "$s = 0; for $i in range(0, 10) { $s = $s + $i }\necho \"sum ${s}\"",
    "fn f($a, $b) { if $a > $b { return $a } else { return [$b, {k: $a}] } }\nf(1, 2) | $[?@ > 1]",
    "try { key export $name --yes | join(\" \") | write(\"k/$name.words\") } catch $e { echo ${e.message} }",
    "$u = usage; $u.MonthlyDataLimitBytes / 1073741824 ?? 0\nwhile $x < 3 { $x = $x + 1; continue }",
  ]

  @Test(.timeLimit(.minutes(2)))
  func mutatedPrograms() {
    var random = SplitMix64(seed: 4)
    let alphabet = Array("${}[]()\"'|;,.:=!<>&?+-*/%#@\\ \n\tabcfinorstuvx0123456789é".unicodeScalars)
    for _ in 0..<20_000 {
      var scalars = Array(ParserFuzzTests.seeds[Int(random.next() % UInt64(ParserFuzzTests.seeds.count))].unicodeScalars)
      for _ in 0..<(1 + random.next() % 5) {
        let position = Int(random.next() % UInt64(scalars.count + 1))
        if random.next() % 2 == 0 && position < scalars.count {
          scalars.remove(at: position)
        } else {
          scalars.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
        }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      check(text)
    }
  }

  @Test(.timeLimit(.minutes(2)))
  func randomText() {
    var random = SplitMix64(seed: 99)
    let alphabet = Array("${}[]()\"'|;,.:=!<>&?+-*/%#@\\ \nabefiltnr0123".unicodeScalars)
    for _ in 0..<20_000 {
      var text = ""
      for _ in 0..<(random.next() % 40) { text.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
      check(text)
    }
  }

  /// Parses `text`; when it parses, runs it with a step budget so that loops cannot hang the test.
  private func check(_ text: String) {
    do {
      let host = TestHost()
      let cancellation = CancellationToken()
      let interpreter = Interpreter(host: host, cancellation: cancellation)
      let program = try interpreter.parse(text, name: "<fuzz>")
      var steps = 0
      interpreter.trace = { _, _ in
        steps += 1
        if steps > 2_000 { cancellation.cancel() }
      }
      // Loops with empty bodies run no statements to count; a watchdog stops them too.
      let watchdog = DispatchWorkItem { cancellation.cancel() }
      DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: watchdog)
      defer { watchdog.cancel() }
      try interpreter.run(program)
    } catch let error as LanguageError {
      _ = error.render(colors: true)
      if let span = error.span { #expect(span.start >= 0 && span.start <= text.utf8.count + 1) }
    } catch {
      // `exit` ends fuzzed programs too.
      #expect(error is ExitRequest)
    }
  }
}
