import Foundation
import TShellPlayground

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `tshell` binary on a pseudo-terminal, driven like a person at a keyboard: type keys,
/// wait for text on the screen, and read what the session showed.
public final class PseudoTerminal: @unchecked Sendable {
  /// Keys as the terminal sends them.
  public enum Key {
    public static let enter = "\r"
    public static let tab = "\t"
    public static let interrupt = "\u{03}"
    public static let endOfFile = "\u{04}"
    public static let backspace = "\u{7F}"
    public static let lineStart = "\u{01}"
    public static let lineEnd = "\u{05}"
    public static let killLine = "\u{15}"
    public static let reverseSearch = "\u{12}"
    public static let suspend = "\u{1A}"
    public static let up = "\u{1B}[A"
    public static let left = "\u{1B}[D"
    public static let right = "\u{1B}[C"
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  private let master: Int32
  private let pid: pid_t
  private var raw: [UInt8] = []
  /// Where the next `expect` starts looking, in `screen`.
  private var searchStart: String.Index?
  private var exitStatus: Int32?
  /// Whether the terminal's other side has been closed (the process and its children ended).
  private var closed = false

  /// Starts `tshell arguments…` on a new terminal of `columns`×`rows` with `environment` added
  /// to a small fixed one (TERM=xterm, a UTF-8 locale, no ~/.editrc).
  public init(
    _ arguments: [String], environment: [String: String], columns: UInt16 = 100, rows: UInt16 = 40,
    executable: String = TShellProcess.binary.path
  ) throws {
    var env = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
      "TERM": "xterm", "LANG": "C.UTF-8", "EDITRC": "/dev/null",
    ]
    env.merge(environment) { $1 }
    do {
      (master, pid) = try PseudoTerminalSpawn.start(
        [executable] + arguments, environment: env, columns: columns, rows: rows)
    } catch {
      throw Failure(description: "cannot start tshell: \(error)")
    }
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    close(master)
  }

  /// Sends `signal` to the process (SIGHUP as when its terminal window is closed).
  public func send(signal: Int32) {
    kill(pid, signal)
  }

  /// Sends `keys` as typed.
  public func type(_ keys: String) {
    var bytes = Array(keys.utf8)
    _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits for the end of a prompt (`ann@embedded> `, `...> `) and for libedit to take the
  /// terminal out of line mode: keys typed before then would meet the kernel's line editing.
  public func prompt(line: Int = #line) throws {
    try expect("> ", line: line)
    try waitUntil("the editor takes the terminal", line: line) { !isInLineMode }
  }

  /// Whether the terminal is in line mode (the kernel edits lines) rather than libedit's.
  public var isInLineMode: Bool {
    var modes = termios()
    return tcgetattr(master, &modes) == 0 && modes.c_lflag & UInt32(ICANON) != 0
  }

  /// Whether Ctrl-C and Ctrl-Z make signals (ISIG) rather than reach the program as characters.
  public var makesSignals: Bool {
    var modes = termios()
    return tcgetattr(master, &modes) == 0 && modes.c_lflag & UInt32(ISIG) != 0
  }

  /// Types `line` and Enter.
  public func enter(_ line: String) {
    type(line + Key.enter)
  }

  /// Everything shown so far, with colour and cursor codes removed and line ends as `\n`.
  public var screen: String { PseudoTerminal.plain(raw) }

  /// Everything shown so far, exactly as the program wrote it.
  public var output: String { String(decoding: raw, as: UTF8.self) }

  /// Waits until `text` appears after the previous match and returns what came before it.
  @discardableResult
  public func expect(_ text: String, timeout: Double = 20, line: Int = #line) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let shown = screen
      let start = searchStart.flatMap { $0 <= shown.endIndex ? $0 : nil } ?? shown.startIndex
      if let range = shown.range(of: text, range: start..<shown.endIndex) {
        searchStart = range.upperBound
        return String(shown[start..<range.lowerBound])
      }
      guard Date() < deadline, readAvailable(waitingUpTo: 0.05) else {
        throw Failure(
          description:
            "line \(line): did not see \(text.debugDescription) after:\n\(shown[..<start].suffix(400))\n---\n\(shown[start...])")
      }
    }
  }

  /// Waits, reading the screen, until `condition` holds; fails after `timeout` seconds.
  public func waitUntil(_ what: String, timeout: Double = 20, line: Int = #line, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
      guard Date() < deadline, readAvailable(waitingUpTo: 0.01) else {
        throw Failure(description: "line \(line): waited in vain until \(what); the screen shows:\n\(screen)")
      }
    }
  }

  /// Waits until a command runs: the editor has handed the terminal back to line mode.
  public func waitForCommand(line: Int = #line) throws {
    try waitUntil("a command runs (line mode)", line: line) { isInLineMode }
  }

  /// At the next prompt, Ctrl-D; returns the exit status.
  public func endSession(line: Int = #line) throws -> Int32 {
    try prompt(line: line)
    type(Key.endOfFile)
    return try waitForExit()
  }

  /// Waits for the process to end and returns its exit status.
  public func waitForExit(timeout: Double = 20) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      // Once the terminal is closed the process is ending: wait for it.
      let open = readAvailable(waitingUpTo: 0.02)
      var status: Int32 = 0
      if waitpid(pid, &status, open ? WNOHANG : 0) == pid {
        readToEnd()
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = code
        return code
      }
    }
    let state =
      (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.split(separator: "\n").filter {
        $0.hasPrefix("State") || $0.hasPrefix("Threads") || $0.hasPrefix("SigBlk") || $0.hasPrefix("SigPnd")
          || $0.hasPrefix("ShdPnd")
      } ?? []
    let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    let taskInfo = tasks.map { t in (try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/wchan", encoding: .utf8)) ?? "" }
    var modes = termios()
    tcgetattr(master, &modes)
    let flags =
      "lflag=\(String(modes.c_lflag, radix: 16)) icanon=\(modes.c_lflag & UInt32(ICANON) != 0) echo=\(modes.c_lflag & UInt32(ECHO) != 0)"
    throw Failure(description: "tshell did not exit (\(flags) \(state) \(wchan) \(taskInfo)); the screen shows:\n\(screen)")
  }

  /// Appends what the terminal has to `raw`; false once the other side is closed.
  private func readAvailable(waitingUpTo seconds: Double) -> Bool {
    guard !closed else { return false }
    var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, Int32(seconds * 1000)) >= 0 else { return errno == EINTR }
    guard descriptor.revents != 0 else { return true }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
    guard count > 0 else {
      // EIO: every process that had the terminal open has closed it.
      closed = true
      return false
    }
    raw.append(contentsOf: buffer[..<count])
    return true
  }

  /// Reads what the ended process left on the terminal, up to its closing.
  private func readToEnd() {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline, readAvailable(waitingUpTo: 0.05) {}
  }

  /// `bytes` as text without escape sequences, bells and carriage returns.
  public static func plain(_ bytes: [UInt8]) -> String {
    var result: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x1B, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") {
        index += 2
        while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
        index += 1
        continue
      }
      if byte != 0x0D && byte != 0x07 { result.append(byte) }
      index += 1
    }
    return String(decoding: result, as: UTF8.self)
  }
}
