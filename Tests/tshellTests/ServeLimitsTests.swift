import Foundation
import TShellTestSupport
import Testing

@Suite("tshell serve: connection cap (process)")
struct ServeLimitsTests {
  @Test func connectionsOverTheCapWaitForOneToClose() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-cap-\(UUID().uuidString)").path
    let server = try ServerProcess(dataDirectory: directory, extraArguments: ["--max-connections", "2"])
    defer {
      server.stop()
      try? FileManager.default.removeItem(atPath: directory)
    }
    let port = try #require(URL(string: server.baseURL)?.port)
    // Accepting takes a few connections at a time: make sure the two are in before the third.
    // Each from an address of its own: one address may hold only a quarter of the cap.
    var held: [RawConnection] = []
    for index in 0..<2 {
      let connection = try RawConnection(port: port, from: "127.0.0.\(index + 2)")
      connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(connection.read(for: 10, until: "ok").hasPrefix("HTTP/1.1 200"))
      held.append(connection)
    }
    let waiting = try RawConnection(port: port, from: "127.0.0.4")
    waiting.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    #expect(waiting.read(for: 0.5) == "")
    held.removeFirst()
    let answer = waiting.read(for: 10, until: "ok")
    #expect(answer.hasPrefix("HTTP/1.1 200"))
    #expect(answer.hasSuffix("ok"))
    #expect(held.count == 1)
  }
}
