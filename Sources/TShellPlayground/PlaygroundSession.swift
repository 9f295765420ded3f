import Foundation
import HummingbirdWebSocket
import NIOCore
import Synchronization
import TShellCommands

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One visitor's session: a fresh home with the tour's files, `tshell --sandbox` on a terminal
/// in it, and the WebSocket relaying keys, window sizes and output until one side ends or a
/// time limit passes; then the process is ended and the home removed.
struct PlaygroundSession {
  let configuration: PlaygroundConfiguration

  /// How a session ended, and what the visitor reads about it.
  enum Ending: Sendable {
    case processEnded
    case visitorLeft
    case idle
    case tooLong

    func message(_ configuration: PlaygroundConfiguration, status: Int32?) -> String? {
      switch self {
      case .visitorLeft: return nil
      case .idle: return "session ended: no key for \(Self.duration(configuration.idleTimeout)); reload the page for a new one"
      case .tooLong:
        return
          "session ended: sessions last at most \(Self.duration(configuration.sessionTimeout)); reload the page for a new one"
      case .processEnded:
        // Ended by the kernel at RLIMIT_CPU (SIGXCPU, or SIGKILL at the hard limit).
        let signal = (status ?? 0) & 0x7f
        if signal == SIGXCPU || signal == SIGKILL {
          return "session ended: it used its \(configuration.cpuLimit) s of CPU time; reload the page for a new one"
        }
        if signal != 0 {
          return "session ended: tshell stopped (signal \(signal), most likely out of memory); reload the page for a new one"
        }
        return "session ended; reload the page for a new one"
      }
    }

    private static func duration(_ seconds: Double) -> String {
      seconds >= 120 ? "\(Int(seconds / 60)) minutes" : "\(Int(seconds)) s"
    }
  }

  /// Runs the session over the WebSocket until it ends.
  func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
    let home = try makeHome()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let process: TerminalProcess
    do {
      process = try TerminalProcess([configuration.executable, "--sandbox"], environment: environment(home: home))
    } catch {
      try await outbound.write(.binary(ByteBuffer(string: "the playground cannot start a session: \(error)\r\n")))
      return
    }
    let activity = LastActivity()
    let ending = await withTaskGroup(of: Ending.self) { group in
      group.addTask { await relayOutput(process.terminal, to: outbound) }
      group.addTask { await relayInput(inbound, to: process.terminal, activity: activity) }
      group.addTask { await watchClock(activity) }
      let first = await group.next() ?? .visitorLeft
      group.cancelAll()
      return first
    }
    if ending != .processEnded { process.kill() }
    process.terminal.stop()
    let status = await process.exitStatus()
    if let message = ending.message(configuration, status: status) {
      try? await outbound.write(.binary(ByteBuffer(string: "\r\n\u{1B}[1m[\(message)]\u{1B}[0m\r\n")))
    }
  }

  /// What the process prints, to the visitor, a chunk at a time.
  private func relayOutput(_ terminal: TerminalChannel, to outbound: WebSocketOutboundWriter) async -> Ending {
    for await chunk in terminal.output {
      do {
        try await outbound.write(.binary(ByteBuffer(bytes: chunk)))
      } catch {
        return .visitorLeft
      }
      terminal.consumed()
    }
    return .processEnded
  }

  /// Keys (binary frames) to the terminal; `resize COLUMNS ROWS` (text frames) to its size.
  private func relayInput(_ inbound: WebSocketInboundStream, to terminal: TerminalChannel, activity: LastActivity) async
    -> Ending
  {
    do {
      for try await message in inbound.messages(maxSize: Playground.maximumMessageBytes) {
        switch message {
        case .binary(let keys):
          activity.touch()
          guard await terminal.write(Array(buffer: keys)) else { return .processEnded }
        case .text(let text):
          let words = text.split(separator: " ")
          if words.count == 3, words[0] == "resize", let columns = UInt16(words[1]), let rows = UInt16(words[2]),
            (2...1000).contains(columns), (2...1000).contains(rows)
          {
            terminal.resize(columns: columns, rows: rows)
          }
        }
      }
    } catch {}
    return .visitorLeft
  }

  /// Ends the session at its total or idle time limit.
  private func watchClock(_ activity: LastActivity) async -> Ending {
    let start = ContinuousClock.now
    while true {
      let now = ContinuousClock.now
      if now - start >= .seconds(configuration.sessionTimeout) { return .tooLong }
      if now - activity.last >= .seconds(configuration.idleTimeout) { return .idle }
      do {
        try await Task.sleep(for: .milliseconds(250))
      } catch {
        return .visitorLeft
      }
    }
  }

  /// A new private directory for the session, holding the tour's files.
  private func makeHome() throws -> String {
    var template = Array((configuration.temporaryDirectory + "/tshell-playground-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw PseudoTerminalSpawn.Failure(description: "cannot make a home: \(String(cString: strerror(errno)))")
    }
    let home = String(cString: made)
    for step in DemoStep.all {
      if let file = step.file { try file.text.write(toFile: home + "/" + file.name, atomically: false, encoding: .utf8) }
    }
    return home
  }

  /// The process's whole environment: its home, a terminal, the tour's password, the CPU limit.
  private func environment(home: String) -> [String: String] {
    [
      "HOME": home, "TSHELL_HOME": home, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8",
      "EDITRC": "/dev/null", "DEMO_PW": "demo-" + UUID().uuidString,
      "TSHELL_SANDBOX_CPU_SECONDS": String(configuration.cpuLimit),
      // A crash report is for a developer, not for the visitor's terminal (the ending says what happened).
      "SWIFT_BACKTRACE": "enable=no",
    ]
  }
}

/// When the visitor last typed.
final class LastActivity: Sendable {
  private let instant = Mutex(ContinuousClock.now)

  var last: ContinuousClock.Instant { instant.withLock { $0 } }

  func touch() {
    instant.withLock { $0 = .now }
  }
}
