import Foundation
import TShellCommands
import TShellLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The language's outside world on the console, for scripts and the REPL: stdout, stderr, files,
/// the environment, time, and the command layer.
final class ConsoleHost: LanguageHost, @unchecked Sendable {
  let output = BufferedOutput()
  var format: ResultFormat
  var historyLines: [String] = []
  /// The API commands and helpers; set once the client environment exists.
  var shell: CommandShell?
  /// The value the last top-level statement printed (the REPL completes its keys).
  private(set) var lastResult: JSONValue?
  /// What each command (`usage`, `key list`, …) returned last (the REPL completes `CMD | $.`).
  private(set) var commandResults: [String: JSONValue] = [:]
  /// In the REPL, results taller than the screen go through this.
  var pager: ResultPager?
  private let lock = NSLock()
  private var callsInLoop = 0
  private var progressShown = false

  init(format: ResultFormat) {
    self.format = format
  }

  func printResult(_ value: JSONValue) {
    lock.withLock {
      lastResult = value
      guard let pager else { return output.write(format.render(value)) }
      pager.show(format.render(value), output: output) { StandardStreams.writeError($0) }
    }
  }

  func writeOutput(_ text: String) {
    lock.withLock { output.write(text) }
  }

  func writeError(_ text: String) {
    lock.withLock {
      output.flush()
      if progressShown {
        StandardStreams.writeError("\r\u{1B}[K")
        progressShown = false
      }
      StandardStreams.writeError(text)
    }
  }

  func readFile(_ path: String) throws -> String {
    do {
      return try InputFile.read(path).text
    } catch {
      throw LanguageError(.runtime, error.message.replacingPrefix("cannot open ", with: "cannot read "))
    }
  }

  func writeFile(_ path: String, contents: String, append: Bool) throws {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
    let descriptor = open(path, flags, 0o644)
    guard descriptor >= 0 else {
      throw LanguageError(.runtime, "cannot write \(path): \(InputFile.describe(errno))")
    }
    defer { close(descriptor) }
    var text = contents
    let written = text.withUTF8 { StandardStreams.write($0, to: descriptor) }
    guard written else { throw LanguageError(.runtime, "cannot write \(path): \(InputFile.describe(errno))") }
  }

  func environmentVariable(_ name: String) -> String? {
    Environment.variable(name)
  }

  func sleep(seconds: Double, cancellation: CancellationToken) throws {
    output.flush()
    let deadline = monotonicSeconds() + seconds
    while true {
      try cancellation.check()
      let remaining = deadline - monotonicSeconds()
      guard remaining > 0 else { return }
      usleep(useconds_t(min(remaining, 0.05) * 1_000_000))
    }
  }

  func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  func history() -> [String] { historyLines }

  var commands: [CommandDescription] { shell?.descriptions ?? [] }

  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? {
    guard let shell else { throw LanguageError(.runtime, "unknown command '\(invocation.name)'") }
    lock.withLock {
      output.flush()
      callsInLoop += 1
    }
    let result = try shell.run(invocation)
    if let result { lock.withLock { commandResults[invocation.name] = result } }
    return result
  }

  /// The value the command of this full name (`key list`) returned last.
  func result(ofCommand name: String) -> JSONValue? {
    lock.withLock { commandResults[name] }
  }

  /// Progress lines go to a terminal only.
  let reportsLoopProgress = StandardStreams.isErrorTerminal

  /// A progress line on stderr (a terminal only) for loops that make API calls and run longer than a second.
  func loopDidAdvance(completed: Int, total: Int, elapsed: Double) {
    guard elapsed >= 1, StandardStreams.isErrorTerminal else { return }
    lock.withLock {
      guard callsInLoop > 0 else { return }
      let rate = Double(completed) / elapsed
      let remaining = rate > 0 ? Int((Double(total - completed) / rate).rounded(.up)) : 0
      let text = "  \(completed)/\(total)  \(String(format: "%.1f", rate))/s  ETA \(remaining)s"
      StandardStreams.writeError("\r\u{1B}[K" + text)
      progressShown = true
    }
  }

  func loopDidFinish() {
    lock.withLock {
      callsInLoop = 0
      if progressShown {
        StandardStreams.writeError("\r\u{1B}[K")
        progressShown = false
      }
    }
  }
}

extension String {
  func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
