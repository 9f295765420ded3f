import Foundation

/// A TCP connection to 127.0.0.1 driven byte by byte, as slow or abusive clients do.
public final class RawConnection {
  private let descriptor: Int32

  public init(port: Int) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard descriptor >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
  }

  deinit { close(descriptor) }

  /// Sends `text`; false once the server has closed the connection.
  @discardableResult
  public func send(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
  }

  /// Whether the server closes the connection within `seconds` (reading and dropping any answer).
  public func closes(within seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 50) > 0 else { continue }
      if recv(descriptor, &buffer, buffer.count, 0) <= 0 { return true }
    }
    return false
  }

  /// The bytes that arrive within `seconds`, up to the connection's end or up to `end`.
  public func read(for seconds: Double, until end: String? = nil) -> String {
    RawConnection.read(descriptor, for: seconds, until: end)
  }

  /// `read(for:until:)` on a thread of its own: a test whose server runs in-process must not
  /// block one of Swift Concurrency's few threads, which the server's handlers need.
  public func answer(for seconds: Double, until end: String? = nil) async -> String {
    let descriptor = descriptor
    let text = await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: RawConnection.read(descriptor, for: seconds, until: end)) }.start()
    }
    // The descriptor stays open until the thread is done with it.
    withExtendedLifetime(self) {}
    return text
  }

  private static func read(_ descriptor: Int32, for seconds: Double, until end: String?) -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 50) > 0 else { continue }
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count <= 0 { break }
      received += buffer[..<count]
      if let end, String(decoding: received, as: UTF8.self).hasSuffix(end) { break }
    }
    return String(decoding: received, as: UTF8.self)
  }
}
