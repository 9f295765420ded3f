import Foundation
import Testing

/// A one-answer HTTP server on 127.0.0.1: every request gets the same response, and each arrival
/// is counted, so a test can act once tshell is waiting.
final class FixedAnswerServer: @unchecked Sendable {
  let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var arrivals = 0

  /// Listens on a port the system chooses and answers every request with `response`.
  init(response: String) throws {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.listener = listener
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(listener, pointer, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, pointer, &length) == 0
      }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    port = Int(UInt16(bigEndian: address.sin_port))
    Thread.detachNewThread { [self] in
      while true {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var request: [UInt8] = []
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
          let count = read(connection, &buffer, buffer.count)
          guard count > 0 else { break }
          request += buffer[..<count]
        }
        _ = response.withCString { write(connection, $0, strlen($0)) }
        lock.withLock { arrivals += 1 }
        // Kept open: the client decides when the exchange is over.
      }
    }
  }

  var requestCount: Int { lock.withLock { arrivals } }

  /// Stops accepting (the accepting thread ends).
  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }
}

extension Array where Element: Equatable {
  fileprivate func ends(with suffix: [Element]) -> Bool {
    count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
  }
}

@Suite("Ctrl-C (process)")
struct InterruptTests {
  /// The server says 503 and `Retry-After: 20`; Ctrl-C during that wait ends the script with
  /// 130, and the surrounding `try` does not catch it.
  @Test func ctrlCDuringARetryWaitExits130UncaughtByTry() throws {
    let server = try FixedAnswerServer(
      response: "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 20\r\nContent-Length: 4\r\nContent-Type: text/plain\r\n\r\nbusy")
    defer { server.stop() }
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-interrupt-\(UUID().uuidString)").path
    let process = Process()
    process.executableURL = TShellProcess.binary
    process.arguments = ["--api", "http://127.0.0.1:\(server.port)", "-c",
      #"try { get /v2/account/usage } catch $e { echo "caught: ${e.message}" }; echo after"#]
    process.environment = ["TSHELL_HOME": home, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // The first answer has come: tshell is now waiting 20 s before it asks again.
    let deadline = Date().addingTimeInterval(30)
    while server.requestCount == 0 && Date() < deadline { usleep(10_000) }
    #expect(server.requestCount == 1)
    usleep(200_000)
    process.interrupt()
    let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(stdout == "")
    #expect(stderr.hasPrefix("<command line>:1:7: error: interrupted\n"))
    #expect(server.requestCount == 1)
  }
}
