#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TShellLanguage

/// The language's outside world for scripts and the REPL: stdout, stderr, files, environment, time.
final class ScriptHost: LanguageHost {
  let output = BufferedOutput()
  var format: ResultFormat
  var historyLines: [String] = []

  init(format: ResultFormat) {
    self.format = format
  }

  func printResult(_ value: JSONValue) {
    output.write(format.render(value))
  }

  func writeOutput(_ text: String) {
    output.write(text)
  }

  func writeError(_ text: String) {
    output.flush()
    StandardStreams.writeError(text)
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
    getenv(name).map { String(cString: $0) }
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

  var commands: [CommandDescription] { [] }

  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? {
    throw LanguageError(.runtime, "unknown command '\(invocation.name)'")
  }
}

extension String {
  func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
