import Foundation
import TShellTestSupport

/// A `tshell playground --port 0` process for a test, with its sessions' homes in a folder of
/// the test's own (TMPDIR), and visitors that wait for the REPL's prompt.
final class PlaygroundHarness: @unchecked Sendable {
  let process: RunningProcess
  let port: Int
  /// Where the sessions' homes are made.
  let sessionsFolder: String
  /// The end of the REPL's prompt (`embedded> `, `ann@embedded> `, coloured).
  static let prompt = "embedded\u{1B}[0m> "

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  init(_ arguments: [String] = []) throws {
    sessionsFolder = TShellProcess.freshHome("playground")
    try FileManager.default.createDirectory(atPath: sessionsFolder, withIntermediateDirectories: true)
    process = try RunningProcess(["playground", "--port", "0"] + arguments, environment: ["TMPDIR": sessionsFolder])
    guard process.waitForOutput(containing: "\n", timeout: 60),
      let line = process.stdout.split(separator: "\n").first, line.hasPrefix("listening on http://127.0.0.1:"),
      let port = Int(line.split(separator: ":").last ?? "")
    else { throw Failure(description: "the playground did not start: \(process.stdout) \(process.stderr)") }
    self.port = port
  }

  deinit {
    process.interrupt()
    _ = process.finish(timeout: 30)
    try? FileManager.default.removeItem(atPath: sessionsFolder)
  }

  /// A visitor whose session is at its first prompt.
  func visitor() throws -> WebSocketVisitor {
    let visitor = try WebSocketVisitor(port: port)
    guard visitor.upgraded else { throw Failure(description: "no upgrade: \(visitor.handshake)") }
    guard visitor.wait(for: PlaygroundHarness.prompt, timeout: 60) else {
      throw Failure(description: "no prompt: \(visitor.output)")
    }
    return visitor
  }

  /// A GET of `path`: the status line and the body.
  func get(_ path: String) throws -> (status: String, body: String) {
    let connection = try RawConnection(port: port)
    connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
    let answer = connection.read(for: 30)
    let parts = answer.components(separatedBy: "\r\n\r\n")
    return (parts[0].components(separatedBy: "\r\n")[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
  }

  /// The number of sessions `/health` reports.
  func sessions() throws -> Int {
    let body = try get("/health").body
    guard let range = body.range(of: "\"sessions\":") else { throw Failure(description: "no sessions in \(body)") }
    return Int(body[range.upperBound...].prefix { $0.isNumber }) ?? -1
  }

  /// Waits until `/health` reports `count` sessions; false after `timeout` seconds.
  func waitForSessions(_ count: Int, timeout: Double = 30) throws -> Bool {
    try poll(for: timeout) { try sessions() == count ? true : nil } ?? false
  }

  /// `attempt`'s first answer that is not nil, asked again and again; nil after `timeout` seconds.
  func poll<T>(for timeout: Double, _ attempt: () throws -> T?) rethrows -> T? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let answer = try attempt() { return answer }
    }
    return nil
  }

  /// The homes of the sessions now open.
  var homes: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: sessionsFolder)) ?? []).filter {
      $0.hasPrefix("tshell-playground-")
    }
  }

  /// Types `line` and Enter, and waits for the prompt after the output; the output between.
  func run(_ line: String, in visitor: WebSocketVisitor, timeout: Double = 60) -> String? {
    let mark = visitor.count
    visitor.type(line + "\r")
    guard visitor.wait(for: PlaygroundHarness.prompt, after: mark, timeout: timeout) else { return nil }
    let text = visitor.output
    let bytes = Array(text.utf8)
    return PlaygroundHarness.plain(String(decoding: bytes[min(mark, bytes.count)...], as: UTF8.self))
  }

  /// `text` without the terminal's colour sequences.
  static func plain(_ text: String) -> String {
    text.replacing(/\x1B\[[0-9;]*m/, with: "")
  }
}

extension PlaygroundHarness {
  /// The sessions' processes.
  func childProcesses() -> [Int32] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/task")) ?? []
    return tasks.flatMap { task in
      ((try? String(contentsOfFile: "/proc/\(process.pid)/task/\(task)/children", encoding: .utf8)) ?? "")
        .split(separator: " ").compactMap { Int32($0) }
    }
  }

  /// Waits for a child process of the playground that is not in `known` (a session's home is
  /// made before its process is spawned) and gives it; nil at the timeout.
  func waitForChild(notIn known: [Int32], timeout: Double = 30) -> Int32? {
    poll(for: timeout) { childProcesses().first { !known.contains($0) } }
  }

  /// What process `pid` has written so far (`wchar` of /proc/PID/io).
  func bytesWritten(by pid: Int32) -> Int {
    let io = (try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)) ?? ""
    let line = io.split(separator: "\n").first { $0.hasPrefix("wchar:") } ?? ""
    return Int(line.split(separator: " ").last ?? "") ?? 0
  }

  /// Waits until process `pid` has written at least `bytes` and then stays asleep without
  /// writing more across several requests to the playground; false after `timeout` seconds.
  func waitUntilBlocked(_ pid: Int32, afterWriting bytes: Int, timeout: Double = 60) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var unchanged = 0
    var last = -1
    while Date() < deadline {
      let written = bytesWritten(by: pid)
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
      // The state follows the command's closing parenthesis.
      let state = stat.split(separator: ")").last?.split(separator: " ").first ?? ""
      unchanged = written >= bytes && written == last && state == "S" ? unchanged + 1 : 0
      if unchanged >= 20 { return true }
      last = written
      _ = try? sessions()
    }
    return false
  }
}

/// A process's resident memory in bytes, from /proc.
func residentBytes(_ pid: Int32) -> Int {
  guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
  else { return 0 }
  return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}
