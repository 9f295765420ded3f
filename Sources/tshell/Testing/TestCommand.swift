import ArgumentParser
import Foundation
import TShellCommands

/// `tshell test [PATH…]`: runs every `*.test.tmp` file, each in a process of its own, and
/// reports per test on the console, as TAP 14 or as JUnit XML.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell test",
    abstract: "Run the *.test.tmp files under PATHs (default: tests/, else the current folder).",
    discussion: """
      A file is one test, or holds test "name" { … } blocks that are tests of their own (setup { … } \
      runs once before them; a failing test does not stop the others). assert fails a test; skip \
      "reason" skips it.

      A run never reads or writes your own TSHELL_HOME: the files share a throwaway home and \
      embedded server (or --api), removed afterwards; with --fresh each file gets its own.

      Exit codes: 0 all passed, 1 a test failed, 2 a usage or syntax error.

      Examples:
        tshell test
        tshell test examples/tests --fresh --junit report.xml
        tshell test --api https://api.example.com --tap smoke.test.tmp
      """
  )

  @Argument(help: ArgumentHelp("Test files or folders to search for *.test.tmp.", valueName: "path"), completion: .file())
  var paths: [String] = []

  @Option(help: ArgumentHelp("Run only tests whose name (or file) contains TEXT.", valueName: "text"))
  var filter: String?

  @Option(help: ArgumentHelp("Files run side by side (output stays in order).", valueName: "n"))
  var jobs = 1

  @Flag(help: "Give each file its own throwaway TSHELL_HOME and embedded server (else the run shares one).")
  var fresh = false

  @Option(help: ArgumentHelp("Run against this API instead of the configured one.", valueName: "url"))
  var api: String?

  @Option(help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "file"), completion: .file())
  var junit: String?

  @Flag(help: "Print TAP version 14 instead of the console report.")
  var tap = false

  @Flag(help: "Stop at the first failing test.")
  var failFast = false

  @Option(help: .hidden) var runFile: String?
  @Option(help: .hidden) var report: String?

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    // Checked before the run, so that a long run does not end in a report that cannot be written.
    if let junit {
      let folder = (junit as NSString).deletingLastPathComponent
      var isFolder: ObjCBool = false
      guard folder.isEmpty || (FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
      else { throw ValidationError("--junit \(junit): no such folder \(folder)") }
    }
  }

  func run() throws {
    if let runFile, let report {
      let runner = TestFileRunner(file: runFile, filter: filter, failFast: failFast)
      throw CommandFailure(message: "", exitCode: runner.run(reportingTo: report))
    }
    let files = try TestFiles.find(paths)
    var report = TestReport()
    var sawSyntaxError = false
    let runs = TestProcesses(files: files, jobs: failFast ? 1 : jobs, fresh: fresh, api: api, filter: filter, failFast: failFast)
    defer { runs.removeSharedHome() }
    for index in files.indices {
      guard let result = runs.result(index) else { break }
      if result.status == 2 { sawSyntaxError = true }
      for record in result.records {
        report.records.append(record)
        if !tap { StandardStreams.writeOutput(TestReport.consoleLines(record)) }
      }
      if failFast && result.records.contains(where: { $0.status == .failed }) {
        runs.cancel()
        break
      }
    }
    StandardStreams.writeOutput(tap ? report.tap : report.summary + "\n")
    if let junit {
      guard FileManager.default.createFile(atPath: junit, contents: Data(report.junit.utf8)) else {
        throw CommandFailure(message: "tshell test: cannot write \(junit)", exitCode: 2)
      }
    }
    if sawSyntaxError { throw CommandFailure(message: "", exitCode: 2) }
    if report.failed > 0 { throw CommandFailure(message: "", exitCode: 1) }
  }
}

/// The test files a command line names: files as given, folders searched for `*.test.tmp`.
enum TestFiles {
  static func find(_ paths: [String]) throws -> [String] {
    let manager = FileManager.default
    let roots = paths.isEmpty ? [manager.fileExists(atPath: "tests") ? "tests" : "."] : paths
    var files: [String] = []
    for root in roots {
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: root, isDirectory: &isFolder) else {
        throw CommandFailure(message: "tshell test: \(root): no such file or folder", exitCode: 2)
      }
      guard isFolder.boolValue else {
        files.append(root)
        continue
      }
      let found = (manager.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".test.tmp") }
      files += found.sorted().map { root == "." ? $0 : (root as NSString).appendingPathComponent($0) }
    }
    guard !files.isEmpty else {
      throw CommandFailure(message: "tshell test: no *.test.tmp files under \(roots.joined(separator: ", "))", exitCode: 2)
    }
    return files
  }
}
