import TShellJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to the standard streams with plain `write(2)` calls, without Foundation.
public enum StandardStreams {
  /// Writes all of `bytes` to `descriptor`, retrying short writes; false when the stream is gone.
  @discardableResult
  public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Bool {
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

  public static func writeOutput(_ text: String) {
    var text = text
    text.withUTF8 { _ = write($0, to: STDOUT_FILENO) }
  }

  public static func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write($0, to: STDERR_FILENO) }
  }

  public static var isOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  public static var isInputTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// Whether results on stdout may be coloured (a terminal, `NO_COLOR` unset, `TERM` not dumb).
  public static var outputColors: Bool {
    JSONFormat.wantsColors(isTerminal: isOutputTerminal, environment: { EnvironmentVariables.process[$0] })
  }
  public static var isErrorTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Whether diagnostics on stderr may be coloured.
  public static var errorColors: Bool {
    isErrorTerminal && (EnvironmentVariables.process["NO_COLOR"]?.isEmpty ?? true)
  }

  /// Runs `body` with stdout and stderr sent to /dev/null (`tshell demo --step N` runs the steps
  /// before N this way).
  public static func silenced<T>(_ body: () throws -> T) rethrows -> T {
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

/// Where a run writes: standard output (which the host buffers) and standard error. The
/// process's own streams, or in tests whatever captures them.
public struct ConsoleStreams: Sendable {
  /// Writes bytes to standard output; false when the stream is gone.
  public var output: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
  /// Writes text to standard error.
  public var error: @Sendable (String) -> Void
  /// Whether standard output is a terminal (then it is not buffered).
  public var outputIsTerminal: Bool
  /// Whether standard error is a terminal (progress lines go there only then).
  public var errorIsTerminal: Bool

  public init(
    output: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Bool, error: @escaping @Sendable (String) -> Void,
    outputIsTerminal: Bool = false, errorIsTerminal: Bool = false
  ) {
    self.output = output
    self.error = error
    self.outputIsTerminal = outputIsTerminal
    self.errorIsTerminal = errorIsTerminal
  }

  /// The process's standard output and error.
  public static var standard: ConsoleStreams {
    ConsoleStreams(
      output: { StandardStreams.write($0, to: STDOUT_FILENO) }, error: { StandardStreams.writeError($0) },
      outputIsTerminal: StandardStreams.isOutputTerminal, errorIsTerminal: StandardStreams.isErrorTerminal)
  }
}
