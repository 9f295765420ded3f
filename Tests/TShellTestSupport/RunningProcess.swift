import Foundation

/// A `tshell` process the test talks to while it runs: what it has written so far, a wait for a
/// text to appear, signals, and an end awaited with a deadline (a hang fails the test instead of
/// blocking it).
public final class RunningProcess: @unchecked Sendable {
  private let process = Process()
  private let condition = NSCondition()
  // Guarded by `condition`: written by the reader threads, read by the test.
  private var stdoutData = Data()
  private var stderrData = Data()
  private var openStreams = 2

  /// Starts `tshell arguments…` with standard input from /dev/null and no colours.
  public init(_ arguments: [String], environment: [String: String] = [:]) throws {
    process.executableURL = TShellProcess.binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.merge(environment) { $1 }
    process.environment = env
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    read(output.fileHandleForReading, errors: false)
    read(errors.fileHandleForReading, errors: true)
  }

  private func read(_ handle: FileHandle, errors: Bool) {
    let thread = Thread { [self] in
      while true {
        let chunk = handle.availableData
        condition.withLock {
          if chunk.isEmpty {
            openStreams -= 1
          } else if errors {
            stderrData.append(chunk)
          } else {
            stdoutData.append(chunk)
          }
          condition.broadcast()
        }
        if chunk.isEmpty { return }
      }
    }
    thread.start()
  }

  public var stdout: String { condition.withLock { String(decoding: stdoutData, as: UTF8.self) } }
  public var stderr: String { condition.withLock { String(decoding: stderrData, as: UTF8.self) } }

  /// The process's id.
  public var pid: Int32 { process.processIdentifier }

  /// Waits until standard error contains `text`; false after `timeout` seconds.
  public func waitForError(containing text: String, timeout: Double = 10) -> Bool {
    wait(for: text, inErrors: true, timeout: timeout)
  }

  /// Waits until standard output contains `text`; false after `timeout` seconds.
  public func waitForOutput(containing text: String, timeout: Double = 10) -> Bool {
    wait(for: text, inErrors: false, timeout: timeout)
  }

  private func wait(for text: String, inErrors: Bool, timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    return condition.withLock {
      while !String(decoding: inErrors ? stderrData : stdoutData, as: UTF8.self).contains(text) {
        guard condition.wait(until: deadline) else { return false }
      }
      return true
    }
  }

  /// Sends SIGINT, as Ctrl-C does.
  public func interrupt() { process.interrupt() }

  /// The exit status once the process has ended and its streams are read; nil when it has not
  /// ended after `timeout` seconds (it is then killed).
  public func finish(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    let ended = condition.withLock {
      while openStreams > 0 {
        guard condition.wait(until: deadline) else { return false }
      }
      return true
    }
    guard ended else {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return nil
    }
    process.waitUntilExit()
    return process.terminationStatus
  }
}
