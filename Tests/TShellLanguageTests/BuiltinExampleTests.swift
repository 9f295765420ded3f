import Foundation
import TShellTestSupport
import Testing

@testable import TShellLanguage

/// docs/language.md's builtin tables against the registry: one row per builtin with its usage
/// and example (the ones `help` prints), and every example, run on a host that answers from
/// memory, gives what its row says.
@Suite("Builtin examples")
struct BuiltinExampleTests {
  /// A row of a builtins table: `| usage | summary | example | gives |`.
  struct Row: Sendable, CustomTestStringConvertible {
    var line: Int
    var usage: String
    var example: String
    var gives: String
    var name: String { String(usage.prefix { $0.isLetter || $0.isNumber || $0 == "_" }) }
    var testDescription: String { name }
  }

  static let rows: [Row] = {
    let page = TShellProcess.packageRoot.appendingPathComponent("docs/language.md")
    guard let text = try? String(contentsOf: page, encoding: .utf8) else { return [] }
    var rows: [Row] = []
    var inBuiltins = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.hasPrefix("## ") { inBuiltins = line == "## Builtins" }
      guard inBuiltins, line.hasPrefix("| `") else { continue }
      let cells = BuiltinExampleTests.cells(String(line))
      guard cells.count == 4 else { continue }
      rows.append(Row(line: index + 1, usage: code(cells[0]), example: code(cells[2]), gives: cells[3]))
    }
    return rows
  }()

  /// The cells of a table row, split at `|` that are not escaped.
  static func cells(_ line: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var escaped = false
    for character in line.dropFirst().dropLast() {
      if escaped {
        cell += character == "|" ? "|" : "\\" + String(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        cell = ""
      } else {
        cell.append(character)
      }
    }
    cells.append(cell.trimmingCharacters(in: .whitespaces))
    return cells
  }

  /// The text of a cell that is one code span.
  static func code(_ cell: String) -> String {
    cell.hasPrefix("`") && cell.hasSuffix("`") && cell.count > 1 ? String(cell.dropFirst().dropLast()) : cell
  }

  @Test func everyBuiltinHasOneRow() {
    #expect(Self.rows.map(\.name).sorted() == BuiltinRegistry.standard.names)
  }

  /// Every builtin is called by a case of Tests/Golden, which runs it in the real binary.
  @Test func everyBuiltinHasAGoldenCase() throws {
    let folder = TShellProcess.packageRoot.appendingPathComponent("Tests/Golden")
    var text = ""
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    var cases = 0
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".tmp") else { continue }
      text += try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) + "\n"
      cases += 1
    }
    #expect(cases > 150)
    let missing = BuiltinRegistry.standard.names.filter { name in
      !text.contains(name + "(") && !text.contains("| " + name) && !text.contains("\n" + name + " ")
        && !text.contains("\n" + name + "\n")
    }
    #expect(missing == [])
  }

  @Test(arguments: BuiltinExampleTests.rows)
  func exampleGivesWhatItsRowSays(_ row: Row) throws {
    let builtin = try #require(BuiltinRegistry.standard[row.name], "docs/language.md:\(row.line)")
    #expect(row.usage == builtin.usage, "docs/language.md:\(row.line)")
    #expect(row.example == builtin.example, "docs/language.md:\(row.line)")
    let host = TestHost()
    host.files = ["names.txt": "laptop\nphone\n", "note.txt": "hi\n"]
    let interpreter = Interpreter(host: host, arguments: [])
    try interpreter.run(try interpreter.parse(row.example, name: "<example>"))
    if row.gives == "—" {
      #expect(host.results.isEmpty && host.output.isEmpty, "docs/language.md:\(row.line)")
    } else if row.gives.hasPrefix("prints `") {
      let shown = row.gives.dropFirst("prints `".count).prefix { $0 != "`" }
      #expect(host.output.split(separator: "\n").first.map(String.init) == String(shown), "docs/language.md:\(row.line)")
    } else {
      #expect(host.results.map { JSONPrinter.string($0) } == [Self.code(row.gives)], "docs/language.md:\(row.line)")
    }
  }
}
