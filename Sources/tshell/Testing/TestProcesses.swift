import Foundation
import TShellJSON

/// The processes that run test files, at most `jobs` at a time; results are taken in file order.
final class TestProcesses: @unchecked Sendable {
  struct Result {
    var status: Int32
    var records: [TestRecord]
  }

  private let files: [String]
  private let fresh: Bool
  private let api: String?
  private let filter: String?
  private let failFast: Bool
  /// The throwaway home the files share without `--fresh`: a run never reads or writes the
  /// user's own (their login stays as it was, and the run's accounts go with the folder).
  private let sharedHome: String?
  /// Guards `results`, `next` and `cancelled`; `done[i]` is signalled once `results[i]` is set.
  private let lock = NSLock()
  private var results: [Result?]
  private var next = 0
  private var cancelled = false
  private let done: [DispatchSemaphore]

  init(files: [String], jobs: Int, fresh: Bool, api: String?, filter: String?, failFast: Bool) {
    (self.files, self.fresh, self.api, self.filter, self.failFast) = (files, fresh, api, filter, failFast)
    sharedHome = fresh ? nil : TemporaryFolder.make("tshell-test-home")
    results = Array(repeating: nil, count: files.count)
    done = files.map { _ in DispatchSemaphore(value: 0) }
    for _ in 0..<min(jobs, files.count) {
      Thread.detachNewThread { [self] in self.work() }
    }
  }

  /// The result of file `index`, waiting for it; nil when the run was cancelled before it.
  func result(_ index: Int) -> Result? {
    done[index].wait()
    return lock.withLock { results[index] }
  }

  /// Removes the shared throwaway home, once every file has run.
  func removeSharedHome() {
    if let sharedHome { try? FileManager.default.removeItem(atPath: sharedHome) }
  }

  /// Starts no more files (those running finish).
  func cancel() {
    lock.withLock { cancelled = true }
  }

  private func work() {
    while true {
      let index: Int? = lock.withLock {
        guard next < files.count else { return nil }
        defer { next += 1 }
        return next
      }
      guard let index else { return }
      let result = lock.withLock { cancelled } ? nil : run(files[index])
      lock.withLock { results[index] = result }
      done[index].signal()
    }
  }

  /// Runs `tshell test --run-file FILE` and reads its report.
  private func run(_ file: String) -> Result {
    let scratch = TemporaryFolder.make("tshell-test")
    defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
    guard let scratch else { return failure(file, "cannot make a temporary folder") }
    let reportPath = scratch + "/report.ndjson"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestProcesses.executable)
    var arguments = ["test", "--run-file", file, "--report", reportPath]
    if let filter { arguments += ["--filter", filter] }
    if failFast { arguments.append("--fail-fast") }
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    if let api { environment["TSHELL_API"] = api }
    // Test files that make accounts take their password from here (--password-env).
    if environment["TSHELL_TEST_PASSWORD"]?.isEmpty ?? true { environment["TSHELL_TEST_PASSWORD"] = TestProcesses.password }
    guard let home = fresh ? scratch + "/home" : sharedHome.map({ $0 + "/home" }) else {
      return failure(file, "cannot make a temporary folder")
    }
    environment["TSHELL_HOME"] = home
    // The user's own token belongs to the user's server, not to this run's embedded one.
    if api == nil { environment["TSHELL_TOKEN"] = nil }
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do {
      try process.run()
    } catch {
      return failure(file, "cannot start \(TestProcesses.executable): \(error)")
    }
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let text = (try? String(contentsOfFile: reportPath, encoding: .utf8)) ?? ""
    let records = text.split(separator: "\n").compactMap { line in
      (try? JSONValue(parsing: String(line))).flatMap(TestRecord.init)
    }
    if records.isEmpty && process.terminationStatus != 0 {
      return failure(file, "the test process ended with status \(process.terminationStatus)\n\(printed)")
    }
    return Result(status: process.terminationStatus, records: records)
  }

  private func failure(_ file: String, _ message: String) -> Result {
    Result(
      status: 1,
      records: [
        TestRecord(file: file, name: TestFileRunner(file: file).wholeFileName, status: .failed, seconds: 0, message: message)
      ])
  }

  /// A password for the accounts of this run's tests.
  static let password = "test-" + UUID().uuidString

  /// This executable, to run each file in.
  static let executable: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    return count > 0
      ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
  }()
}

/// A new folder under the system's temporary folder.
enum TemporaryFolder {
  static func make(_ prefix: String) -> String? {
    var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { return nil }
    return String(cString: made)
  }
}
