import TShellJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to the standard streams with plain `write(2)` calls, without Foundation.
enum StandardStreams {
  /// Writes all of `bytes` to `descriptor`, retrying short writes; false when the stream is gone.
  @discardableResult
  static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Bool {
    guard var pointer = bytes.baseAddress else { return true }
    var remaining = bytes.count
    while remaining > 0 {
      let written = Glibc.write(descriptor, pointer, remaining)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      pointer += written
      remaining -= written
    }
    return true
  }

  static func writeOutput(_ text: String) {
    var text = text
    text.withUTF8 { _ = write($0, to: STDOUT_FILENO) }
  }

  static func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write($0, to: STDERR_FILENO) }
  }

  static var isOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  static var isInputTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// Whether results on stdout may be coloured (a terminal, `NO_COLOR` unset, `TERM` not dumb).
  static var outputColors: Bool {
    JSONFormat.wantsColors(isTerminal: isOutputTerminal, environment: Environment.variable)
  }
  static var isErrorTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Whether diagnostics on stderr may be coloured.
  static var errorColors: Bool {
    isErrorTerminal && (Environment.variable("NO_COLOR")?.isEmpty ?? true)
  }

  /// Runs `body` with stdout and stderr sent to /dev/null (`tshell demo --step N` runs the steps
  /// before N this way).
  static func silenced<T>(_ body: () throws -> T) rethrows -> T {
    let savedOutput = dup(STDOUT_FILENO)
    let savedError = dup(STDERR_FILENO)
    let null = open("/dev/null", O_WRONLY)
    if null >= 0 {
      dup2(null, STDOUT_FILENO)
      dup2(null, STDERR_FILENO)
      close(null)
    }
    defer {
      if savedOutput >= 0 {
        dup2(savedOutput, STDOUT_FILENO)
        close(savedOutput)
      }
      if savedError >= 0 {
        dup2(savedError, STDERR_FILENO)
        close(savedError)
      }
    }
    return try body()
  }

}

/// Ends the process at once with `code`.
func terminate(_ code: Int32) -> Never {
  exit(code)
}
