import Foundation

/// A TCP connection to 127.0.0.1 driven byte by byte, as slow or abusive clients do.
public final class RawConnection {
  private let descriptor: Int32

  /// Connects from `source` (another loopback address such as 127.0.0.2: another client) when given.
  public init(port: Int, from source: String? = nil) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    if let source {
      var local = sockaddr_in()
      local.sin_family = sa_family_t(AF_INET)
      local.sin_addr.s_addr = inet_addr(source)
      let bound = withUnsafePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      guard bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    }
    guard descriptor >= 0, RawConnection.connect(descriptor, toLoopbackPort: port) else { throw POSIXError(.ECONNREFUSED) }
  }

  /// Connects a TCP socket to 127.0.0.1:`port`; false when nothing accepts.
  static func connect(_ descriptor: Int32, toLoopbackPort port: Int) -> Bool {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    } == 0
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

  /// Whether the server ends the connection within `seconds`, without reading anything from it:
  /// as a client that never reads its replies sees it (the end or a reset, past unread data).
  public func isEnded(within seconds: Double) -> Bool {
    RawConnection.isEnded(descriptor, within: seconds)
  }

  private static func isEnded(_ descriptor: Int32, within seconds: Double) -> Bool {
    let readHangUp: Int16 = 0x2000  // POLLRDHUP, which Glibc's module does not export
    var poller = pollfd(fd: descriptor, events: readHangUp, revents: 0)
    guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return false }
    return poller.revents & (readHangUp | Int16(POLLHUP) | Int16(POLLERR)) != 0
  }

  /// `isEnded(within:)` on a thread of its own, for tests whose server runs in-process.
  public func ended(within seconds: Double) async -> Bool {
    let descriptor = descriptor
    let ended = await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: RawConnection.isEnded(descriptor, within: seconds)) }.start()
    }
    // The descriptor stays open until the thread is done with it.
    withExtendedLifetime(self) {}
    return ended
  }

  /// Sends `count` pipelined requests as fast as the socket takes them, without reading; how
  /// many went out before the server stopped taking them (or closed).
  public func pipeline(_ request: String, count: Int) -> Int {
    var sent = 0
    let bytes = Array(request.utf8)
    var flags = fcntl(descriptor, F_GETFL)
    flags |= O_NONBLOCK
    _ = fcntl(descriptor, F_SETFL, flags)
    defer { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
    while sent < count {
      let written = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard written == bytes.count else { break }
      sent += 1
    }
    return sent
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
