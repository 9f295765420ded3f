import Foundation

/// A one-answer HTTP server on 127.0.0.1: every request gets the same response, and each arrival
/// is counted, so a test can act once tshell is waiting.
public final class FixedAnswerServer: @unchecked Sendable {
  public let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var arrivals = 0
  private let answered = DispatchSemaphore(value: 0)

  /// Listens on a port the system chooses and answers every request with `response`.
  public init(response: String) throws {
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
        answered.signal()
        // Kept open: the client decides when the exchange is over.
      }
    }
  }

  public var requestCount: Int { lock.withLock { arrivals } }

  /// Waits until one more request has been answered; false after `timeout` seconds.
  public func waitForRequest(timeout: Double) -> Bool {
    answered.wait(timeout: .now() + timeout) == .success
  }

  /// Stops accepting (the accepting thread ends).
  public func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }
}

extension Array where Element: Equatable {
  fileprivate func ends(with suffix: [Element]) -> Bool {
    count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
  }
}
