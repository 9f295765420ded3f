import Foundation
import TShellCommands
import TShellJSON
import TShellLanguage

/// Runs one test file in a fresh interpreter (the process `tshell test` starts for it) and
/// writes a `TestRecord` per test to the report file, one JSON object per line.
struct TestFileRunner {
  var file: String
  var filter: String?
  var failFast = false

  /// The exit status: 0 all passed or skipped, 1 a failure, 2 the file does not parse.
  func run(reportingTo reportPath: String) -> Int32 {
    var records: [TestRecord] = []
    let status = run { records.append($0) }
    let lines = records.map { JSONPrinter.string($0.json) + "\n" }.joined()
    guard FileManager.default.createFile(atPath: reportPath, contents: Data(lines.utf8)) else {
      StandardStreams.writeError("tshell test: cannot write \(reportPath)\n")
      return 2
    }
    return status
  }

  /// The name of a file that is a test as a whole: its base name without `.test.tmp`.
  var wholeFileName: String {
    let base = (file as NSString).lastPathComponent
    return base.hasSuffix(".test.tmp") ? String(base.dropLast(".test.tmp".count)) : base
  }

  func run(_ report: @escaping (TestRecord) -> Void) -> Int32 {
    let text: String
    do {
      text = try InputFile.readText(file)
    } catch {
      report(TestRecord(file: file, name: wholeFileName, status: .failed, seconds: 0, message: error.message))
      return 2
    }
    let shell = Shell(.console(format: ResultFormat(style: .pretty, colors: false)))
    let (host, interpreter) = (shell.host, shell.interpreter)
    defer { host.output.flush() }
    let program: Program
    do {
      program = try interpreter.parse(text, name: file)
    } catch {
      report(
        TestRecord(
          file: file, name: wholeFileName, status: .failed, seconds: 0, message: error.message,
          diagnostic: error.render(colors: false), line: error.line))
      return 2
    }
    let hasBlocks = program.statements.contains { if case .test = $0 { return true } else { return false } }
    var failed = false
    if hasBlocks {
      let needle = filter?.lowercased()
      interpreter.testFilter = { name in
        !(failFast && failed) && (needle.map { name.lowercased().contains($0) } ?? true)
      }
      interpreter.testReporter = { outcome in
        if case .failed = outcome.result { failed = true }
        report(TestFileRunner.record(outcome, file: self.file))
      }
    } else if let filter, !wholeFileName.lowercased().contains(filter.lowercased()) {
      return 0
    }
    let started = ContinuousClock.now
    let name = hasBlocks ? "(outside tests)" : wholeFileName
    let outcome = interpreter.outcome(of: program)
    let seconds = (ContinuousClock.now - started).seconds
    switch outcome {
    case .finished, .exited(0):
      if !hasBlocks { report(TestRecord(file: file, name: name, status: .passed, seconds: seconds)) }
    case .exited(let code):
      failed = true
      report(TestRecord(file: file, name: name, status: .failed, seconds: seconds, message: "exit \(code)"))
    case .skipped(let reason, _):
      report(TestRecord(file: file, name: name, status: .skipped, seconds: seconds, message: reason))
    case .failed(let error):
      failed = true
      report(
        TestRecord(
          file: file, name: name, status: .failed, seconds: seconds, message: error.message,
          diagnostic: error.render(colors: false), line: error.line))
    }
    return failed ? 1 : 0
  }

  static func record(_ outcome: TestOutcome, file: String) -> TestRecord {
    let seconds = outcome.duration.seconds
    switch outcome.result {
    case .passed:
      return TestRecord(file: file, name: outcome.name, status: .passed, seconds: seconds, line: outcome.line)
    case .skipped(let reason):
      return TestRecord(file: file, name: outcome.name, status: .skipped, seconds: seconds, message: reason, line: outcome.line)
    case .failed(let error):
      return TestRecord(
        file: file, name: outcome.name, status: .failed, seconds: seconds, message: error.message,
        diagnostic: error.render(colors: false), line: error.line ?? outcome.line)
    }
  }
}

extension LanguageError {
  /// The line the error points at, when it points into a file.
  var line: Int? {
    guard let source, let span else { return nil }
    return source.location(of: span.start).line
  }
}
