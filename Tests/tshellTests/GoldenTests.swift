import Foundation
import Testing

/// The `.tmp` programs of `Tests/Golden`, each run as a script by the real binary; stdout, stderr
/// and the exit status must equal its `.expected` file. A first line `# args: a b` passes
/// arguments. Elapsed times (`time: 1.2 ms`) are masked, since they vary from run to run.
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
    if let first = source.split(separator: "\n", omittingEmptySubsequences: false).first, first.hasPrefix("# args:") {
      arguments += first.dropFirst("# args:".count).split(separator: " ").map(String.init)
    }
    let expected = try String(contentsOf: folder.appendingPathComponent(name + ".expected"), encoding: .utf8)
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-golden-home").path
    let result = try TShellProcess.run(arguments, environment: ["TSHELL_GOLDEN": "golden-value", "TSHELL_HOME": home], directory: folder)
    let actual = "status: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
    #expect(GoldenTests.masked(actual) == GoldenTests.masked(expected))
  }

  static func masked(_ text: String) -> String {
    text.replacing(/time: [0-9.]+ m?s/, with: "time: <elapsed>")
  }
}
