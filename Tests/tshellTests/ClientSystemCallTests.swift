import Foundation
import TShellTestSupport
import Testing

/// Where strace is installed (`scripts/test` installs it).
enum Strace {
  static let path = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// What the client asks of the kernel per API call, counted by strace: a batch of calls is
/// bound by these round trips, and each system call on the same cores as the server costs it.
@Suite("the client's system calls (strace)", .enabled(if: Strace.path != nil))
struct ClientSystemCallTests {

  /// The system calls `tshell -c code` made, by name: how many, and how many failed.
  static func counted(_ code: String, fixture: ClientCommandTests.Fixture) throws -> [String: (calls: Int, errors: Int)] {
    let summary = fixture.home + ".strace"
    let traced = try ToolProcess.run(
      try #require(Strace.path),
      ["-f", "-c", "-o", summary, "-e", "trace=poll,ppoll,recvfrom,sendto,read,write"]
        + [TShellProcess.binary.path, "--api", fixture.server.baseURL, "-c", code],
      environment: ["TSHELL_HOME": fixture.home])
    #expect(traced.status == 0, "\(traced.output)")
    var counts: [String: (calls: Int, errors: Int)] = [:]
    // Rows: % time, seconds, usecs/call, calls, [errors,] syscall.
    for line in try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count >= 5, let name = fields.last, Double(fields[0]) != nil, let calls = Int(fields[3]) else { continue }
      counts[String(name)] = (calls, fields.count == 6 ? Int(fields[4]) ?? 0 : 0)
    }
    return counts
  }

  /// A kept connection's prompt answer is waited for inside its one read: the only polls are the
  /// checks that a kept connection is still open, and the connect.
  @Test func aPromptAnswerIsWaitedForInItsRead() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("sam")
    let calls = 40
    let counts = try Self.counted("for $i in range(0, \(calls)) { usage }", fixture: fixture)
    #expect(counts["sendto"]?.calls == calls, "\(counts)")
    let polls = (counts["poll"]?.calls ?? 0) + (counts["ppoll"]?.calls ?? 0)
    #expect(polls <= calls + 1, "\(counts)")
    #expect((counts["recvfrom"]?.calls ?? 0) >= calls, "\(counts)")
  }
}
