import Foundation
import TShellTestSupport
import Testing

/// The `.tmp` programs of `Tests/Golden`, each run as a script by the real binary; stdout, stderr
/// and the exit status must equal its `.expected` file. A first line `# args: a b` passes
/// arguments, `# options: --check` options of tshell. Elapsed times (`time: 1.2 ms`) are masked, since they vary from run to run.
///
/// A mismatch shows a unified diff. `TSHELL_RECORD=1` rewrites every `.expected` file that
/// differs (and prints the diff of what changed); `TSHELL_RECORD=builtins` only those under
/// `builtins/`, `TSHELL_RECORD=builtins/help` only that case.
@Suite("Golden scripts")
struct GoldenTests {
  static let folder = TShellProcess.packageRoot.appendingPathComponent("Tests/Golden")

  static let cases: [String] = {
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    var names: [String] = []
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".tmp"), !path.contains("/lib/") else { continue }
      names.append(String(path.dropLast(4)))
    }
    return names.sorted()
  }()

  @Test func thereAreEnoughCases() {
    #expect(GoldenTests.cases.count >= 150)
  }

  @Test(arguments: GoldenTests.cases)
  func script(_ name: String) throws {
    let folder = GoldenTests.folder
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
    let source = try String(contentsOf: folder.appendingPathComponent(name + ".tmp"), encoding: .utf8)
    var arguments = [name + ".tmp"]
    if let first = source.split(separator: "\n", omittingEmptySubsequences: false).first {
      if first.hasPrefix("# args:") { arguments += first.dropFirst("# args:".count).split(separator: " ").map(String.init) }
      if first.hasPrefix("# options:") {
        arguments = first.dropFirst("# options:".count).split(separator: " ").map(String.init) + arguments
      }
    }
    let expectedFile = folder.appendingPathComponent(name + ".expected")
    // A new case has no expected file yet: record mode writes it.
    let expected =
      GoldenTests.records(name)
      ? (try? String(contentsOf: expectedFile, encoding: .utf8)) ?? "" : try String(contentsOf: expectedFile, encoding: .utf8)
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-golden-home").path
    let result = try TShellProcess.run(
      arguments, environment: ["TSHELL_GOLDEN": "golden-value", "TSHELL_HOME": home], directory: folder)
    let actual = "status: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
    guard GoldenTests.masked(actual) != GoldenTests.masked(expected) else { return }
    let diff = UnifiedDiff.between(expected, actual, oldName: "Tests/Golden/\(name).expected", newName: "\(name).tmp as run")
    if GoldenTests.records(name) {
      try Data(actual.utf8).write(to: expectedFile)
      print("recorded Tests/Golden/\(name).expected:\n\(diff)")
    } else {
      Issue.record(
        "Tests/Golden/\(name).tmp does not give what \(name).expected says (TSHELL_RECORD=\(name) rewrites it):\n\(diff)")
    }
  }

  /// Whether `TSHELL_RECORD` asks to rewrite the expected file of `name`.
  static func records(_ name: String) -> Bool {
    guard let scope = ProcessInfo.processInfo.environment["TSHELL_RECORD"], !scope.isEmpty, scope != "0" else { return false }
    return scope == "1" || name == scope || name.hasPrefix(scope.hasSuffix("/") ? scope : scope + "/")
  }

  static func masked(_ text: String) -> String {
    text.replacing(/time: [0-9.]+ m?s/, with: "time: <elapsed>")
  }
}
