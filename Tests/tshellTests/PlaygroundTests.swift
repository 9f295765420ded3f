import Foundation
import TShellTestSupport
import Testing

@Suite("tshell playground: sessions over the WebSocket (process)", .serialized)
struct PlaygroundTests {
  @Test("the sandbox refuses programs, other endpoints, the environment and files outside its home")
  func sandboxRefusals() throws {
    let playground = try PlaygroundHarness()
    let visitor = try playground.visitor()
    let refusals = [
      ("exec(\"ls\")", "exec: running programs is not available in the sandbox"),
      ("connect http://127.0.0.1:9", "other endpoints are not available in the sandbox: it has its own embedded server"),
      ("env(\"HOME\")", "env: the environment is not available in the sandbox"),
      ("read(\"/etc/passwd\")", "cannot read /etc/passwd: the sandbox allows files only in its home"),
      ("source \"../x.tmp\"", "cannot read ../x.tmp: the sandbox allows files only in its home"),
      ("write(\"x\", \"/tmp/escaped.txt\")", "cannot write /tmp/escaped.txt: the sandbox allows files only in its home"),
    ]
    for (line, message) in refusals {
      let output = try #require(playground.run(line, in: visitor))
      #expect(output.contains(message), "\(line): \(output)")
    }
    // Inside its home, files work; the tour's script is there.
    let written = try #require(playground.run("write(\"hello\", \"note.txt\"); read(\"note.txt\")", in: visitor))
    #expect(written.contains("\"hello\""))
    let listed = try #require(playground.run("glob(\"*\")", in: visitor))
    #expect(listed.contains("\"note.txt\"") && listed.contains("\"report.tmp\""), "\(listed)")
    // The session is still answering after every refusal.
    #expect(try #require(playground.run("40 + 2", in: visitor)).contains("42"))
  }

  @Test("each visitor has a session of its own, and its home is removed when the tab closes")
  func separateSessionsAndCleanup() throws {
    let playground = try PlaygroundHarness()
    let first = try playground.visitor()
    let second = try playground.visitor()
    #expect(try playground.sessions() == 2)
    #expect(playground.homes.count == 2)
    // A session's process holds its terminal and its own descriptors, none of the playground's
    // sockets (its listener, other visitors' connections).
    for child in playground.childProcesses() {
      let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child)/fd")) ?? []
      let sockets = descriptors.compactMap {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child)/fd/\($0)")
      }
      .filter { $0.hasPrefix("socket:") }
      #expect(sockets.isEmpty, "process \(child) holds \(sockets)")
    }
    _ = playground.run("$secret = 7", in: first)
    let other = try #require(playground.run("$secret", in: second))
    #expect(other.contains("error: undefined variable $secret"), "\(other)")
    first.leave()
    second.leave()
    #expect(try playground.waitForSessions(0))
    #expect(playground.homes.isEmpty, "\(playground.homes)")
  }

  @Test("a loop that never ends meets the CPU limit, and other sessions keep answering")
  func cpuLimit() throws {
    let playground = try PlaygroundHarness(["--cpu-limit", "2"])
    let spinning = try playground.visitor()
    let other = try playground.visitor()
    spinning.type("while true {}\r")
    #expect(try #require(playground.run("40 + 2", in: other)).contains("42"))
    #expect(spinning.wait(for: "[session ended: it used its 2 s of CPU time; reload the page for a new one]"))
    #expect(spinning.waitForEnd().ended)
    #expect(try #require(playground.run("6 * 7", in: other)).contains("42"))
    #expect(try playground.waitForSessions(1))
  }

  @Test("a session without a key for --idle-timeout seconds ends with a message, and its home goes")
  func idleTimeout() throws {
    let playground = try PlaygroundHarness(["--idle-timeout", "1"])
    let visitor = try playground.visitor()
    #expect(visitor.wait(for: "[session ended: no key for 1 s; reload the page for a new one]"))
    #expect(visitor.waitForEnd().ended)
    #expect(try playground.waitForSessions(0))
    #expect(playground.homes.isEmpty)
  }

  @Test("a session ends at --session-timeout even while the visitor types")
  func sessionTimeout() throws {
    let playground = try PlaygroundHarness(["--session-timeout", "1"])
    let visitor = try playground.visitor()
    _ = playground.run("1 + 1", in: visitor)
    #expect(visitor.wait(for: "[session ended: sessions last at most 1 s; reload the page for a new one]"))
    #expect(visitor.waitForEnd().ended)
    #expect(try playground.waitForSessions(0))
  }

  @Test("a flood of output is cut at the sandbox's limit, and the prompt comes back")
  func outputFlood() throws {
    let playground = try PlaygroundHarness()
    let visitor = try playground.visitor()
    let output = try #require(
      playground.run("for $i in range(0, 1000000) { echo(\"0123456789012345678901234567890123456789\") }", in: visitor))
    #expect(output.contains("output limit: the sandbox prints at most 1024 KiB per input; the rest is dropped"))
    // The terminal ends lines with \r\n: 41 bytes of each 40-character line arrive as 42.
    #expect(output.utf8.count > 1 << 20 && output.utf8.count < (1 << 20) * 42 / 41 + 4096, "\(output.utf8.count) bytes")
    #expect(try #require(playground.run("1 + 1", in: visitor)).contains("2"))
  }

  @Test("a visitor who never reads stops the session's output instead of filling the server's memory")
  func visitorWhoNeverReads() throws {
    let playground = try PlaygroundHarness()
    let reader = try playground.visitor()
    let before = residentBytes(playground.process.pid)
    let sessionsBefore = playground.childProcesses()
    let stalled = try WebSocketVisitor(port: playground.port, reading: false)
    #expect(stalled.upgraded)
    // 40 inputs of 1 MiB each: far more than the sockets and the terminal hold.
    let flood = "for $i in range(0, 30000) { echo(\"0123456789012345678901234567890123456789\") }\r"
    for _ in 0..<40 { stalled.type(flood) }
    #expect(try playground.waitForSessions(2))
    let child = try #require(playground.waitForChild(notIn: sessionsBefore))
    // Blocked writing to its terminal: asleep with most of its output still to write.
    #expect(playground.waitUntilBlocked(child, afterWriting: 2 << 20))
    let written = playground.bytesWritten(by: child)
    #expect(written < 30 << 20, "\(written) bytes written")
    let grown = residentBytes(playground.process.pid) - before
    #expect(grown < 24 << 20, "the server grew by \(grown >> 20) MiB")
    // The other session is unaffected.
    #expect(try #require(playground.run("40 + 2", in: reader)).contains("42"))
  }

  @Test("20 sessions at once each answer")
  func twentySessions() async throws {
    let playground = try PlaygroundHarness()
    let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
      for number in 0..<20 {
        group.addTask {
          try await Task.detached {
            let visitor = try playground.visitor()
            let output = playground.run("$me = \(number); $me * 1000 + 7", in: visitor, timeout: 120)
            return output?.contains("\(number * 1000 + 7)") == true
          }.value
        }
      }
      return try await group.reduce(into: [Bool]()) { $0.append($1) }
    }
    #expect(answers.count == 20 && answers.allSatisfy { $0 })
    #expect(try playground.sessions() == 20)
  }

  @Test("the binary serves the page, xterm.js and its licence as they are in the source tree, and the tour")
  func assets() throws {
    let playground = try PlaygroundHarness()
    let module = TShellProcess.packageRoot.appendingPathComponent("Sources/TShellPlayground").path
    let files = [
      ("/", "Page/index.html"), ("/full", "Page/full.html"), ("/assets/playground.js", "Page/playground.js"),
      ("/assets/playground.css", "Page/playground.css"), ("/assets/xterm.js", "Vendor/xterm.min.js"),
      ("/assets/xterm-addon-fit.js", "Vendor/xterm-addon-fit.min.js"), ("/assets/xterm.css", "Vendor/xterm.min.css"),
      ("/licenses", "Vendor/xterm.copyright"),
    ]
    for (path, file) in files {
      let served = try playground.get(path)
      let source = try String(contentsOfFile: module + "/" + file, encoding: .utf8)
      // A stale copy means scripts/lib/embed_playground.py was not run after a change.
      #expect(served.status == "HTTP/1.1 200 OK" && served.body == source, "\(path) differs from \(file)")
    }
    let tour = try playground.get("/tour.json").body
    #expect(tour.hasPrefix("[{\"title\":\"Register an account\",\"explanation\":\"Every endpoint"))
    #expect(tour.contains("\"code\":\"verify\""))
    #expect(try playground.get("/nothing").status == "HTTP/1.1 404 Not Found")
  }

  @Test("the session cap answers with the full page; cross-origin upgrades are refused")
  func capAndOrigin() throws {
    let playground = try PlaygroundHarness(["--max-sessions", "1"])
    let foreign = try WebSocketVisitor(port: playground.port, origin: "http://evil.example")
    #expect(!foreign.upgraded)
    #expect(foreign.handshake.hasPrefix("HTTP/1.1 400"), "\(foreign.handshake)")
    let page = try playground.get("/")
    #expect(page.status == "HTTP/1.1 200 OK" && page.body.contains("<title>tshell playground</title>"))
    let first = try playground.visitor()
    let full = try WebSocketVisitor(port: playground.port)
    let ending = full.waitForEnd()
    #expect(ending.ended && ending.code == 4429, "\(ending)")
    let fullPage = try playground.get("/")
    #expect(fullPage.status == "HTTP/1.1 503 Service Unavailable")
    #expect(fullPage.body.contains("Every session is taken right now: try again in a minute."))
    first.leave()
    #expect(try playground.waitForSessions(0))
    #expect(try playground.get("/").status == "HTTP/1.1 200 OK")
  }
}
