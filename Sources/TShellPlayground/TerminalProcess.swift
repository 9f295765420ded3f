import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A session's process on a pseudo-terminal of its own (`PseudoTerminalSpawn`).
final class TerminalProcess: Sendable {
  let pid: pid_t
  /// The terminal's side the playground reads and writes (the process has the other one).
  let terminal: TerminalChannel

  /// Starts `arguments[0]` with `arguments` and exactly `environment`, on a new terminal of
  /// `columns`×`rows`.
  init(_ arguments: [String], environment: [String: String], columns: UInt16 = 80, rows: UInt16 = 24) throws {
    let started = try PseudoTerminalSpawn.start(arguments, environment: environment, columns: columns, rows: rows)
    pid = started.pid
    terminal = TerminalChannel(descriptor: started.terminal)
  }

  /// Ends the process and anything it started (its whole process group), at once.
  func kill() {
    // The process leads a session and process group of its own (PseudoTerminalSpawn).
    _ = Glibc.kill(-pid, SIGKILL)
  }

  /// Waits for the process to end (on a thread of its own: waitpid blocks) and gives its status
  /// as waitpid does.
  func exitStatus() async -> Int32 {
    let pid = pid
    return await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        continuation.resume(returning: status)
      }
    }
  }
}
