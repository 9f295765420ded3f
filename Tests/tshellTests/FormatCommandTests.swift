import Foundation
import TShellTestSupport
import Testing

/// `tshell fmt`, run as a user runs it: files rewritten in place, `--check` for CI, files that do
/// not parse left alone, and every example and golden script kept formatted.
@Suite("tshell fmt")
struct FormatCommandTests {
  static let root = TShellProcess.packageRoot
  static let unformatted = "if $x>1{\necho   $x\n}\n"
  static let formatted = "if $x > 1 {\n  echo $x\n}\n"

  @Test func formatsFilesInPlaceKeepingTheirMode() throws {
    let file = try TShellProcess.temporaryFile(Self.unformatted, name: "job.tmp")
    try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: file.path)
    let result = try TShellProcess.run(["fmt", file.path])
    #expect(result.status == 0)
    #expect(result.stdout == "" && result.stderr == "")
    #expect(try String(contentsOf: file, encoding: .utf8) == Self.formatted)
    let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
    #expect(mode == 0o750)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
    #expect(leftovers == ["job.tmp"])
  }

  @Test func checkNamesTheFilesThatWouldChangeAndChangesNothing() throws {
    let messy = try TShellProcess.temporaryFile(Self.unformatted, name: "messy.tmp")
    let tidy = try TShellProcess.temporaryFile(Self.formatted, name: "tidy.tmp")
    let result = try TShellProcess.run(["fmt", "--check", tidy.path, messy.path])
    #expect(result.status == 1)
    #expect(result.stdout == messy.path + "\n")
    #expect(result.stderr == "")
    #expect(try String(contentsOf: messy, encoding: .utf8) == Self.unformatted)
    #expect(try TShellProcess.run(["fmt", "--check", tidy.path]).status == 0)
  }

  @Test func aFileThatDoesNotParseIsLeftAloneWithItsDiagnostic() throws {
    let broken = try TShellProcess.temporaryFile("echo  1\n$x = (1 +\n", name: "broken.tmp")
    let messy = try TShellProcess.temporaryFile(Self.unformatted, name: "messy.tmp")
    let result = try TShellProcess.run(["fmt", broken.path, messy.path])
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix("\(broken.path):2:9: error: expected an expression after '+', but the file ended\n2 | $x = (1 +\n"))
    #expect(try String(contentsOf: broken, encoding: .utf8) == "echo  1\n$x = (1 +\n")
    #expect(try String(contentsOf: messy, encoding: .utf8) == Self.formatted)
  }

  @Test func standardInputIsFormattedToStandardOutput() throws {
    let result = try TShellProcess.run(["fmt"], stdin: Self.unformatted)
    #expect(result.status == 0)
    #expect(result.stdout == Self.formatted)
    let check = try TShellProcess.run(["fmt", "--check", "-"], stdin: Self.unformatted)
    #expect(check.status == 1)
    #expect(check.stdout == "<stdin>\n")
  }

  @Test func aMissingFileIsAnError() throws {
    let result = try TShellProcess.run(["fmt", "/nonexistent/job.tmp"])
    #expect(result.status == 2)
    #expect(result.stderr == "tshell fmt: cannot open /nonexistent/job.tmp: No such file or directory\n")
  }

  /// Every example and golden script that parses is formatted (except the golden scripts that
  /// pin a layout, or whose expected output quotes their source); those that do not parse are
  /// the golden cases of syntax errors.
  @Test func everyExampleAndGoldenScriptIsFormatted() throws {
    let scripts = try Self.scripts()
    let result = try TShellProcess.run(["fmt", "--check"] + scripts, directory: Self.root)
    #expect(result.stdout == "", "not formatted (tshell fmt FILE formats them)")
    let unparsed = Set(result.stderr.matches(of: #/(?m)^(\S+\.tmp):\d+:\d+: error: /#).map { String($0.1) })
    for file in unparsed {
      let expected = try String(contentsOf: Self.root.appendingPathComponent(file.dropLast(4) + ".expected"), encoding: .utf8)
      #expect(file.hasPrefix("Tests/Golden/") && expected.hasPrefix("status: 2\n"), "\(file) does not parse")
    }
    #expect(result.status == (unparsed.isEmpty ? 0 : 2))
    #expect(scripts.count - unparsed.count >= 150)
  }

  /// The scripts `tshell fmt --check` holds to the layout, relative to the package root.
  static func scripts() throws -> [String] {
    let manager = FileManager.default
    let optedOut = try String(contentsOf: root.appendingPathComponent("Tests/Golden/unformatted.txt"), encoding: .utf8)
      .split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: " ").first.map(String.init) }
    var scripts: [String] = []
    for folder in ["examples", "Tests/Golden"] {
      let enumerator = manager.enumerator(atPath: root.appendingPathComponent(folder).path)
      while let path = enumerator?.nextObject() as? String {
        guard path.hasSuffix(".tmp"), !optedOut.contains(path) else { continue }
        let file = "\(folder)/\(path)"
        if folder == "Tests/Golden", try quotesItsSource(file) { continue }
        scripts.append(file)
      }
    }
    return scripts.sorted()
  }

  /// Whether a golden script's expected output shows one of its lines (a diagnostic's excerpt),
  /// which a new layout would change.
  static func quotesItsSource(_ file: String) throws -> Bool {
    let expectedFile = root.appendingPathComponent(file.dropLast(4) + ".expected")
    guard let expected = try? String(contentsOf: expectedFile, encoding: .utf8) else { return false }
    let source = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
    return source.split(separator: "\n").contains { line in
      !line.allSatisfy { $0 == " " } && expected.contains("| " + line)
    }
  }

  /// Programs laid out badly on purpose (`Tests/Formatting`): formatted exactly as their
  /// `.formatted` file says, and printing the same before and after.
  @Test(arguments: ["operators", "blocks"])
  func formattingChangesNothingAProgramDoes(_ name: String) throws {
    let folder = Self.root.appendingPathComponent("Tests/Formatting")
    let original = try String(contentsOf: folder.appendingPathComponent(name + ".tmp"), encoding: .utf8)
    let expected = try String(contentsOf: folder.appendingPathComponent(name + ".formatted"), encoding: .utf8)
    let formatted = try TShellProcess.run(["fmt"], stdin: original)
    #expect(formatted.status == 0)
    #expect(formatted.stdout == expected)
    #expect(try TShellProcess.run(["fmt"], stdin: expected).stdout == expected)
    let before = try TShellProcess.run(["-"], stdin: original)
    let after = try TShellProcess.run(["-"], stdin: formatted.stdout)
    #expect(before.status == 0)
    #expect(after.status == before.status && after.stdout == before.stdout && after.stderr == before.stderr)
  }
}
