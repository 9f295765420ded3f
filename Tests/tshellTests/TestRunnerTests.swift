import Foundation
import TShellJSON
import TShellTestSupport
import Testing

/// `tshell test`: the console report, TAP 14 and JUnit XML (checked with the parsers CI tools
/// use), failures, filters, and a deployed server.
@Suite("tshell test (process)")
struct TestRunnerTests {
  static let examples = TShellProcess.packageRoot.appendingPathComponent("examples/tests").path

  /// Runs python3 with `script`; nil when python3 or the module it needs is missing.
  static func python(_ script: String) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? text : nil
  }

  static func canImport(_ module: String) -> Bool {
    (try? python("import \(module)")) != nil
  }

  @Test func theExampleTestsPassWithFreshHomesAndWriteJUnit() throws {
    let folder = TShellProcess.freshHome("junit")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let report = folder + "/report.xml"
    let result = try TShellProcess.run(["test", Self.examples, "--fresh", "--jobs", "2", "--junit", report])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.hasSuffix("\n17 passed, 0 failed\n"))
    #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("✓ ") }.count == 17)
    let xml = try String(contentsOfFile: report, encoding: .utf8)
    #expect(xml.contains(#"<testsuites name="tshell test" tests="17" failures="0" errors="0" skipped="0""#))
    if Self.canImport("junitparser") {
      let counts = try Self.python(
        "import junitparser; x = junitparser.JUnitXml.fromfile('\(report)'); print(x.tests, x.failures, x.skipped, len(list(x)))")
      #expect(counts == "17 0 0 4\n")
    }
  }

  static let failing = """
    setup { $n = 2 }
    test "passes" { assert $n == 2 }
    test "fails" { assert {keys: ["a", "b"]} == {keys: ["a", "c"]} }
    test "skipped" { skip "not today" }
    test "passes after a failure" { assert true }

    """

  @Test func aFailingFileGivesExit1TheDiagnosticAndTheCounts() throws {
    let file = try TShellProcess.temporaryFile(Self.failing, name: "mixed.test.tmp")
    let result = try TShellProcess.run(["test", file.path])
    #expect(result.status == 1)
    #expect(
      result.stdout.replacing(/\(\d+ ms\)|\(<1 ms\)/, with: "(T)") == """
        ✓ \(file.path) › passes (T)
        ✗ \(file.path) › fails (T)
            \(file.path):3:23: error: assertion failed: {keys: ["a", "b"]} == {keys: ["a", "c"]}
            3 | test "fails" { assert {keys: ["a", "b"]} == {keys: ["a", "c"]} }
              |                       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
              = hint: first difference at $['keys'][1]: "b" != "c"
                      left:  {"keys":["a","b"]}
                      right: {"keys":["a","c"]}
        - \(file.path) › skipped (skipped: not today)
        ✓ \(file.path) › passes after a failure (T)
        2 passed, 1 failed, 1 skipped

        """)
    let tap = try TShellProcess.run(["test", file.path, "--tap"])
    #expect(tap.status == 1)
    #expect(tap.stdout.hasPrefix("TAP version 14\nok 1 - \(file.path) › passes\nnot ok 2 - \(file.path) › fails\n  ---\n"))
    #expect(tap.stdout.contains("ok 3 - \(file.path) › skipped # SKIP not today\n"))
    #expect(tap.stdout.hasSuffix("1..4\n# 2 passed, 1 failed, 1 skipped\n"))
    if Self.canImport("tap.parser") && Self.canImport("yaml") {
      let tapFile = try TShellProcess.temporaryFile(tap.stdout, name: "out.tap")
      let summary = try Self.python(
        """
        from tap.parser import Parser
        lines = [l for l in Parser().parse_file('\(tapFile.path)') if l.category == 'test']
        print(len(lines), sum(1 for l in lines if not l.ok), sum(1 for l in lines if l.skip), lines[1].yaml_block['message'])
        """)
      #expect(summary == "4 1 1 assertion failed: {keys: [\"a\", \"b\"]} == {keys: [\"a\", \"c\"]}\n")
    }
    let filtered = try TShellProcess.run(["test", file.path, "--filter", "PASSES"])
    #expect(filtered.status == 0)
    #expect(filtered.stdout.hasSuffix("2 passed, 0 failed\n"))
    let failFast = try TShellProcess.run(["test", file.path, "--fail-fast"])
    #expect(failFast.status == 1)
    #expect(failFast.stdout.hasSuffix("1 passed, 1 failed\n"))
  }

  @Test func syntaxErrorsAndMissingFilesAreUsageErrors() throws {
    let broken = try TShellProcess.temporaryFile("test \"x\" { assert (1 }\n", name: "broken.test.tmp")
    let result = try TShellProcess.run(["test", broken.path])
    #expect(result.status == 2)
    #expect(result.stdout.contains("✗ \(broken.path) ("))
    #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    let missing = try TShellProcess.run(["test", "/nonexistent/folder"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "tshell test: /nonexistent/folder: no such file or folder\n")
    let empty = TShellProcess.freshHome("empty")
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    let none = try TShellProcess.run(["test", empty])
    #expect(none.status == 2)
    #expect(none.stderr == "tshell test: no *.test.tmp files under \(empty)\n")
  }

  @Test func againstADeployedServer() throws {
    let server = try ServerProcess(dataDirectory: TShellProcess.freshHome("test-server"))
    defer { server.stop() }
    let result = try TShellProcess.run(
      ["test", Self.examples, "--api", server.baseURL],
      environment: ["TSHELL_HOME": TShellProcess.freshHome(), "TSHELL_MAIL_DIR": server.dataDirectory + "/mail"])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.hasSuffix("\n17 passed, 0 failed\n"))
  }

  /// Without --fresh the files share a throwaway home: the user's login and the embedded
  /// server's accounts are the same after two runs, and the second run passes like the first.
  @Test func runsLeaveTheUsersHomeAlone() throws {
    let home = TShellProcess.freshHome("own-home")
    let environment = ["TSHELL_HOME": home, "MY_PW": "my own password"]
    let login = try TShellProcess.run(
      ["-c", "register me me@example.com --password-env MY_PW; verify; login me --password-env MY_PW | $.user"],
      environment: environment)
    #expect(login.stdout.hasSuffix("\"me\"\n"), "\(login.stderr)")
    let before = try FileManager.default.contentsOfDirectory(atPath: home).sorted()
    let tokens = try String(contentsOfFile: home + "/tokens.json", encoding: .utf8)
    for run in 1...2 {
      let result = try TShellProcess.run(["test", Self.examples], environment: environment)
      #expect(result.status == 0, "run \(run): \(result.stdout)")
      #expect(result.stdout.hasSuffix("\n17 passed, 0 failed\n"), "run \(run)")
    }
    #expect(try TShellProcess.run(["-c", "whoami"], environment: environment).stdout == "\"me\"\n")
    let accounts = try TShellProcess.run(["admin", "users", "--embedded", "--json"], environment: environment)
    #expect(accounts.status == 0, "\(accounts.stderr)")
    let names = try JSONValue(parsing: accounts.stdout).arrayValue?.compactMap { $0["username"]?.stringValue }
    #expect(names == ["me"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: home).sorted() == before)
    #expect(try String(contentsOfFile: home + "/tokens.json", encoding: .utf8) == tokens)
  }

  /// An assertion is reported as written, parentheses included, in every format.
  @Test func assertionsAreQuotedAsWritten() throws {
    let file = try TShellProcess.temporaryFile("assert (1 + 1) == 3\n", name: "paren.test.tmp")
    let folder = TShellProcess.freshHome("paren")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let console = try TShellProcess.run(["test", file.path, "--junit", folder + "/report.xml"])
    #expect(console.status == 1)
    #expect(console.stdout.contains(":1:8: error: assertion failed: (1 + 1) == 3\n"))
    let junit = try String(contentsOfFile: folder + "/report.xml", encoding: .utf8)
    #expect(junit.contains("assertion failed: (1 + 1) == 3"))
    let tap = try TShellProcess.run(["test", file.path, "--tap"])
    #expect(tap.stdout.contains("message: \"assertion failed: (1 + 1) == 3\""), "\(tap.stdout)")
  }

  /// A report that cannot be written is found before anything runs.
  @Test func aJUnitFileInAMissingFolderStopsTheRunFirst() throws {
    let file = try TShellProcess.temporaryFile("assert true\n", name: "ok.test.tmp")
    let result = try TShellProcess.run(["test", file.path, "--junit", "/nonexistent/folder/report.xml"])
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("--junit /nonexistent/folder/report.xml: no such folder /nonexistent/folder"))
  }
}
