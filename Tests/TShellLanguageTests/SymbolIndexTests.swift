import TShellLanguage
import Testing

@Suite("Symbol index and unset variables")
struct SymbolIndexTests {
  static func program(_ text: String) throws -> Program {
    try Parser.parse(SourceFile(name: "t.tmp", text: text), symbols: SymbolTable())
  }

  static func text(_ source: String, _ span: SourceSpan) -> String {
    String(decoding: Array(source.utf8)[span.start..<span.end], as: UTF8.self)
  }

  @Test func declarationsAndUsesOfFunctionsAndVariables() throws {
    let text = "fn add($a, $b) { return $a + $b }\n$x = add(1, 2)\nfor $i in [$x] { echo $i }\n$x = $x.y\n"
    let index = SymbolIndex(try Self.program(text))
    let shown = index.occurrences.map { "\($0.isDeclaration ? "decl" : "use") \(Self.text(text, $0.span))" }
    #expect(
      shown == [
        "decl add", "decl $a", "decl $b", "use $a", "use $b", "decl $x", "use add", "decl $i", "use $x", "use echo",
        "use $i", "decl $x", "use $x",
      ])
    let last = try #require(index.occurrences.last)
    #expect(index.declaration(of: "x", .variable, before: last.span.start)?.span == SourceSpan(34, 36))
    #expect(index.occurrences(of: "add", .function).count == 2)
  }

  @Test func testsAndSourcedFiles() throws {
    let index = SymbolIndex(try Self.program("source \"lib/a.tmp\"\ntest \"it works\" {\n  assert true\n}\n"))
    #expect(index.tests.map(\.name) == ["it works"])
    #expect(index.sourcedFiles.map(\.path) == ["lib/a.tmp"])
    #expect(SymbolIndex.sourcedPath("../b.tmp", from: "scripts/lib/a.tmp") == "scripts/b.tmp")
  }

  @Test(arguments: [
    ("$count = 1\necho $cuont\n", ["$cuont is read here, but nothing before it sets it (did you mean $count?)"]),
    ("echo $later\n$later = 1\n", ["$later is read here, but nothing before it sets it"]),
    ("if true { $inner = 1 }\necho $inner\n", ["$inner is read here, but nothing before it sets it"]),
    ("fn f() { echo $late }\n$late = 1\n", []),
    ("for $i in [1] { echo $i }\ntry { 1 } catch $e { echo $e }\necho $1 $args\n", []),
    ("source \"lib.tmp\"\necho $anything\n", []),
    ("setup { $base = 1 }\ntest \"t\" { assert $base == 1 }\n", []),
    ("echo $gone $gone\n", ["$gone is read here, but nothing before it sets it"]),
  ])
  func unsetVariableWarnings(_ text: String, _ expected: [String]) throws {
    let warnings = try Self.program(text).unsetVariableWarnings
    #expect(warnings.map { $0.message + ($0.hint.map { " (\($0))" } ?? "") } == expected)
    #expect(warnings.allSatisfy { $0.isWarning })
  }
}
