#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Questions on the terminal (`/dev/tty`): passwords with echo off, and yes/no confirmations.
/// Never used when standard input is not a terminal: scripts get an error instead.
public struct TerminalPrompt: Sendable {
  public init() {}

  /// Whether prompting is possible.
  public var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  /// Reads a line with echo off, or nil when there is no terminal.
  public func readSecret(_ prompt: String) -> String? {
    guard isInteractive, let tty = fopen("/dev/tty", "r+") else { return nil }
    defer { fclose(tty) }
    let descriptor = fileno(tty)
    var saved = termios()
    tcgetattr(descriptor, &saved)
    var silent = saved
    silent.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(descriptor, TCSAFLUSH, &silent)
    defer {
      tcsetattr(descriptor, TCSAFLUSH, &saved)
      fputs("\n", tty)
    }
    fputs(prompt, tty)
    fflush(tty)
    return readLine(tty)
  }

  /// Asks a yes/no question; false unless the answer starts with y.
  public func confirm(_ question: String) -> Bool {
    guard isInteractive, let tty = fopen("/dev/tty", "r+") else { return false }
    defer { fclose(tty) }
    fputs(question + " [y/N] ", tty)
    fflush(tty)
    guard let answer = readLine(tty) else { return false }
    return answer.lowercased().hasPrefix("y")
  }

  private func readLine(_ file: UnsafeMutablePointer<FILE>) -> String? {
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    guard getline(&line, &capacity, file) >= 0, let line else { return nil }
    var text = String(cString: line)
    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
    return text
  }
}
