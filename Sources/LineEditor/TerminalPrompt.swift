import CLineEditorSupport

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

  /// What `readSecret` got.
  public enum LineAnswer: Equatable, Sendable {
    case line(String)
    /// Ctrl-C while waiting.
    case interrupted
    /// No terminal, or the input ended.
    case closed
  }

  /// Reads a line with echo off.
  public func readSecret(_ prompt: String) -> LineAnswer {
    guard isInteractive, let tty = fopen("/dev/tty", "r+") else { return .closed }
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
    // A Ctrl-C that lands after the prompt but before the read would be lost to a blocking read:
    // the wait watches the interrupt pipe next to the terminal (emptied of older Ctrl-Cs first).
    let interrupts = les_editor_interrupt_descriptor()
    if interrupts >= 0 { TerminalPrompt.drain(interrupts) }
    fputs(prompt, tty)
    fflush(tty)
    if interrupts >= 0 {
      var watched = [
        pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: interrupts, events: Int16(POLLIN), revents: 0),
      ]
      while poll(&watched, 2, -1) < 0 && errno == EINTR {}
      if watched[1].revents != 0 {
        TerminalPrompt.drain(interrupts)
        return .interrupted
      }
    }
    if let line = readLine(tty) { return .line(line) }
    // Ctrl-C's handler does not restart the read: EINTR is the interruption.
    return errno == EINTR ? .interrupted : .closed
  }

  /// Empties the (non-blocking) interrupt pipe.
  private static func drain(_ descriptor: Int32) {
    var bytes = [UInt8](repeating: 0, count: 64)
    while read(descriptor, &bytes, bytes.count) > 0 {}
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

  /// What `readKey` got.
  public enum KeyAnswer: Equatable, Sendable {
    case key(UInt8)
    /// Ctrl-C (or what `interruptDescriptor` reports) came first.
    case interrupted
    /// No terminal, or it was closed.
    case closed
  }

  /// Shows `prompt` and reads one key, without waiting for Enter and without echo; the terminal's
  /// modes are restored before it returns. Ctrl-C still interrupts: it makes `interruptDescriptor`
  /// (an `InterruptWatcher`'s) readable, which the wait watches next to the terminal.
  public func readKey(_ prompt: String, interruptDescriptor: Int32?) -> KeyAnswer {
    guard isInteractive, let tty = fopen("/dev/tty", "r+") else { return .closed }
    defer { fclose(tty) }
    let descriptor = fileno(tty)
    var saved = termios()
    guard tcgetattr(descriptor, &saved) == 0 else { return .closed }
    var single = saved
    single.c_lflag &= ~tcflag_t(ICANON | ECHO)
    withUnsafeMutableBytes(of: &single.c_cc) { characters in
      characters[Int(VMIN)] = 1
      characters[Int(VTIME)] = 0
    }
    tcsetattr(descriptor, TCSAFLUSH, &single)
    defer { tcsetattr(descriptor, TCSAFLUSH, &saved) }
    fputs(prompt, tty)
    fflush(tty)
    var watched = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
    if let interruptDescriptor { watched.append(pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0)) }
    while true {
      let ready = poll(&watched, nfds_t(watched.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        return .closed
      }
      if watched.count > 1, watched[1].revents != 0 {
        var drained = [UInt8](repeating: 0, count: 64)
        _ = read(watched[1].fd, &drained, drained.count)
        return .interrupted
      }
      var byte: UInt8 = 0
      let count = read(descriptor, &byte, 1)
      if count == 1 { return .key(byte) }
      if count < 0 && errno == EINTR { continue }
      return .closed
    }
  }

  /// A line without its end; nil at the end of input or on an error, with `errno` as getline
  /// left it (EINTR after Ctrl-C).
  private func readLine(_ file: UnsafeMutablePointer<FILE>) -> String? {
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    let count = getline(&line, &capacity, file)
    let error = errno
    defer {
      free(line)
      errno = error
    }
    guard count >= 0, let line else { return nil }
    var text = String(cString: line)
    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
    return text
  }
}
