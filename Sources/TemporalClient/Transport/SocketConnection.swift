#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One TCP connection whose reads and writes wait no longer than a deadline. It closes its socket
/// when released.
///
/// Reads and writes block for at most `sliceMilliseconds` at a time (the socket's own timeouts),
/// so that a prompt answer costs one system call and a slow one is still checked against the
/// deadline and Ctrl-C, which interrupts the wait at once.
final class SocketConnection {
  /// The longest a read or write blocks before the deadline and cancellation are looked at again.
  static let sliceMilliseconds = 100
  private let descriptor: Int32
  /// The socket's receive and send timeouts as last set (none until connected).
  private var timeoutMilliseconds = 0

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit {
    close(descriptor)
  }

  /// Connects to `host:port` (each address the name resolves to, in turn) before `deadline`.
  static func open(host: String, port: Int, deadline: Deadline) throws(SocketFailure) -> SocketConnection {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    #if canImport(Darwin)
      hints.ai_socktype = SOCK_STREAM
    #else
      hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #endif
    var addresses: UnsafeMutablePointer<addrinfo>?
    let resolved = getaddrinfo(host, String(port), &hints, &addresses)
    guard resolved == 0, let first = addresses else {
      throw SocketFailure.unresolved(String(cString: gai_strerror(resolved)))
    }
    defer { freeaddrinfo(first) }
    var failure = SocketFailure.refused
    var next: UnsafeMutablePointer<addrinfo>? = first
    while let address = next {
      next = address.pointee.ai_next
      do {
        return try attempt(address.pointee, deadline: deadline)
      } catch {
        failure = error
        if error == .timedOut || error == .cancelled { break }
      }
    }
    throw failure
  }

  private static func attempt(_ address: addrinfo, deadline: Deadline) throws(SocketFailure) -> SocketConnection {
    let descriptor = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
    guard descriptor >= 0 else { throw SocketFailure.system(errno) }
    let connection = SocketConnection(descriptor: descriptor)
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    var on: Int32 = 1
    // Requests are written whole; waiting to coalesce them only adds latency.
    _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    #if canImport(Darwin)
      _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    #endif
    if connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
      guard errno == EINPROGRESS else { throw SocketFailure.from(errno) }
      try connection.waitUntilConnected(by: deadline)
      var error: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
      guard error == 0 else { throw SocketFailure.from(error) }
    }
    // Connected: from now on the socket's timeouts bound each wait (`bound(by:)`).
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    return connection
  }

  /// Writes all of `bytes`.
  func write(_ bytes: [UInt8], deadline: Deadline) throws(SocketFailure) {
    var offset = 0
    while offset < bytes.count {
      try bound(by: deadline)
      let sent = bytes.withUnsafeBytes { buffer in
        buffer.baseAddress.map { send(descriptor, $0 + offset, buffer.count - offset, SocketConnection.sendFlags) } ?? 0
      }
      if sent > 0 {
        offset += sent
      } else if !SocketConnection.waitEnded(errno) {
        throw SocketFailure.from(errno)
      }
    }
  }

  /// Reads what is available (waiting for something until `deadline`); empty at the end of the stream.
  func read(into buffer: inout [UInt8], deadline: Deadline) throws(SocketFailure) -> Int {
    while true {
      try bound(by: deadline)
      let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if received >= 0 { return received }
      guard SocketConnection.waitEnded(errno) else { throw SocketFailure.from(errno) }
    }
  }

  /// Whether an idle connection may carry another request: the peer has neither closed it nor
  /// sent anything unasked.
  var isReusable: Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, 0) == 0
  }

  /// Throws when the deadline has passed or was called off; otherwise makes the next blocking
  /// read or write end by the deadline, and within a slice.
  private func bound(by deadline: Deadline) throws(SocketFailure) {
    let wanted = try SocketConnection.nextWait(before: deadline)
    guard wanted != timeoutMilliseconds else { return }
    var limit = timeval(tv_sec: wanted / 1000, tv_usec: .init((wanted % 1000) * 1000))
    let size = socklen_t(MemoryLayout<timeval>.size)
    guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, size) == 0,
      setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, size) == 0
    else { throw SocketFailure.system(errno) }
    timeoutMilliseconds = wanted
  }

  /// How long the next wait may last, in milliseconds: a slice, or less when the deadline is
  /// nearer. Throws when the deadline has passed or was called off.
  private static func nextWait(before deadline: Deadline) throws(SocketFailure) -> Int {
    if deadline.isCancelled { throw SocketFailure.cancelled }
    let remaining = deadline.remainingMilliseconds
    guard remaining > 0 else { throw SocketFailure.timedOut }
    return min(remaining, sliceMilliseconds)
  }

  /// Whether a blocking read or write failed only because its wait ended: the slice ran out, or
  /// a signal (Ctrl-C) interrupted it.
  private static func waitEnded(_ code: Int32) -> Bool {
    code == EAGAIN || code == EWOULDBLOCK || code == EINTR
  }

  /// Waits for a non-blocking connect to finish, looking at the deadline's cancellation at least
  /// every slice (and at once when Ctrl-C interrupts the wait).
  private func waitUntilConnected(by deadline: Deadline) throws(SocketFailure) {
    while true {
      let wait = try SocketConnection.nextWait(before: deadline)
      var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
      let ready = poll(&entry, 1, Int32(wait))
      if ready > 0 { return }
      if ready < 0, errno != EINTR { throw SocketFailure.system(errno) }
    }
  }

  #if canImport(Darwin)
    private static let sendFlags: Int32 = 0
  #else
    private static let sendFlags = Int32(MSG_NOSIGNAL)
  #endif
}

/// Why a socket operation failed.
enum SocketFailure: Error, Equatable {
  case refused
  case timedOut
  case cancelled
  case reset
  case unresolved(String)
  case system(Int32)

  static func from(_ code: Int32) -> SocketFailure {
    switch code {
    case ECONNREFUSED: return .refused
    case ETIMEDOUT: return .timedOut
    case ECONNRESET, EPIPE: return .reset
    default: return .system(code)
    }
  }

  var reason: String {
    switch self {
    case .refused: return "connection refused"
    case .timedOut: return "connection timed out"
    case .cancelled: return "cancelled"
    case .reset: return "the connection was reset"
    case .unresolved(let message): return "cannot resolve the host name (\(message))"
    case .system(let code): return String(cString: strerror(code))
    }
  }
}

/// A point in time on the monotonic clock, and whether waiting for it was called off.
struct Deadline {
  private let nanoseconds: UInt64
  private let cancelled: @Sendable () -> Bool

  /// `seconds` from now; `cancelled` says when to stop waiting early (Ctrl-C).
  init(secondsFromNow seconds: Double, cancelled: @escaping @Sendable () -> Bool = { false }) {
    nanoseconds = Deadline.now() + UInt64(max(0, seconds) * 1e9)
    self.cancelled = cancelled
  }

  var isCancelled: Bool { cancelled() }

  var remainingMilliseconds: Int {
    let now = Deadline.now()
    return now >= nanoseconds ? 0 : Int((nanoseconds - now + 999_999) / 1_000_000)
  }

  private static func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}
