import Foundation

/// Plain-HTTP requests over keep-alive TCP connections, with blocking I/O on the caller's thread.
/// The interpreter waits for every answer anyway, so this spares each exchange the two thread
/// hand-offs of an event-loop client: sequential API calls run at the speed of the server.
/// Idle connections are kept per origin and shared by the threads of `for --parallel`.
public final class SocketTransport: HTTPTransport, @unchecked Sendable {
  private let connectTimeout: Double
  private let cancelled: @Sendable () -> Bool
  private let lock = NSLock()
  private var idle: [String: [SocketConnection]] = [:]
  /// Idle connections kept per origin (one per thread of the widest parallel loop).
  static let maximumIdle = 64

  /// A transport whose connections must be established within `connectTimeout` seconds; a
  /// request stops waiting (within 100 ms) once `cancelled` says so.
  public init(connectTimeout: Double, cancelled: @escaping @Sendable () -> Bool = { false }) {
    self.connectTimeout = connectTimeout
    self.cancelled = cancelled
  }

  public func send(_ request: HTTPRequestSpec, timeout: Double) throws(TransportError) -> HTTPResponseSpec {
    guard let target = PlainHTTPURL(request.url) else {
      throw TransportError(.invalidURL, "'\(request.url)' is not a URL tshell can use")
    }
    let deadline = Deadline(secondsFromNow: timeout, cancelled: cancelled)
    let bytes = Self.serialize(request, target: target)
    // A kept connection the server closed meanwhile fails before any answer arrives; the request
    // then never reached the server, so it goes again once on a new connection.
    if let reused = takeIdle(target.origin) {
      if let response = try exchange(
        bytes, on: reused, request: request, target: target, timeout: timeout, deadline: deadline, reused: true)
      {
        return response
      }
    }
    let connection: SocketConnection
    let connectWithin = min(connectTimeout, timeout)
    do {
      connection = try SocketConnection.open(
        host: target.host, port: target.port, deadline: Deadline(secondsFromNow: connectWithin, cancelled: cancelled))
    } catch .cancelled {
      throw TransportError(.cancelled, "cancelled")
    } catch .timedOut {
      throw TransportError(
        .timeout, "cannot reach \(target.origin): no connection within \(TransportError.seconds(connectWithin))")
    } catch {
      throw TransportError(.connection, "cannot reach \(target.origin): \(error.reason)")
    }
    guard
      let response = try exchange(
        bytes, on: connection, request: request, target: target, timeout: timeout, deadline: deadline, reused: false)
    else {
      throw TransportError(.connection, "cannot reach \(target.origin): the connection closed before a response arrived")
    }
    return response
  }

  /// Sends the request and reads the answer; nil when a reused connection turned out closed.
  private func exchange(
    _ bytes: [UInt8], on connection: SocketConnection, request: HTTPRequestSpec, target: PlainHTTPURL,
    timeout: Double, deadline: Deadline, reused: Bool
  ) throws(TransportError) -> HTTPResponseSpec? {
    var parser = HTTP1ResponseParser(headRequest: request.method == "HEAD")
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    do {
      try connection.write(bytes, deadline: deadline)
      while true {
        let count = try connection.read(into: &chunk, deadline: deadline)
        let progress = count == 0 ? try parser.finish() : try parser.consume(chunk[..<count])
        if case .complete(let keepAlive) = progress {
          if keepAlive { putIdle(connection, target.origin) }
          return HTTPResponseSpec(status: parser.status, headers: parser.headers, body: parser.body)
        }
      }
    } catch let failure as SocketFailure {
      if failure == .cancelled { throw TransportError(.cancelled, "cancelled") }
      if failure == .timedOut {
        throw TransportError(.timeout, "no answer from \(target.origin) within \(TransportError.seconds(timeout))")
      }
      if reused, !parser.started { return nil }
      throw TransportError(.connection, "cannot reach \(target.origin): \(failure.reason)")
    } catch let malformed as HTTP1ResponseParser.Malformed {
      if reused, !parser.started { return nil }
      throw TransportError(.connection, "cannot use the answer of \(target.origin): \(malformed.reason)")
    } catch {
      throw TransportError(.connection, "cannot reach \(target.origin): \(error)")
    }
  }

  private func takeIdle(_ origin: String) -> SocketConnection? {
    while let connection = lock.withLock({ idle[origin]?.popLast() }) {
      if connection.isReusable { return connection }
    }
    return nil
  }

  private func putIdle(_ connection: SocketConnection, _ origin: String) {
    lock.withLock {
      if idle[origin, default: []].count < Self.maximumIdle { idle[origin, default: []].append(connection) }
    }
  }

  /// The request line, the headers (with `Host` and `Content-Length`) and the body.
  static func serialize(_ request: HTTPRequestSpec, target: PlainHTTPURL) -> [UInt8] {
    var head = "\(request.method) \(target.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
    for header in request.headers where !["host", "content-length"].contains(header.name.lowercased()) {
      head += "\(header.name): \(header.value)\r\n"
    }
    if let body = request.body {
      head += "Content-Length: \(body.count)\r\n"
    } else if request.method == "POST" || request.method == "PUT" {
      head += "Content-Length: 0\r\n"
    }
    head += "\r\n"
    var bytes = Array(head.utf8)
    if let body = request.body { bytes += body }
    return bytes
  }
}

/// The parts of an `http://` URL a request needs.
struct PlainHTTPURL {
  var host: String
  var port: Int
  /// `Host` as sent: the host, with the port when it is not 80.
  var hostHeader: String
  /// The path with its query (`/` when empty).
  var path: String
  var origin: String

  /// Parses the URL's bytes: a request is made from it on every call, and the delimiters are all
  /// ASCII (a Character would hide "\r\n", one grapheme, from a search for "\r" or "\n").
  init?(_ text: String) {
    var text = text
    guard let parsed = text.withUTF8({ PlainHTTPURL.parse($0) }) else { return nil }
    self = parsed
  }

  private init(host: String, port: Int, authority: String, path: String) {
    self.host = host
    self.port = port
    hostHeader = authority
    self.path = path
    origin = "http://" + authority
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainHTTPURL? {
    guard bytes.starts(with: "http://".utf8) else { return nil }
    let rest = bytes[7...]
    let authorityEnd = rest.firstIndex { $0 == ascii("/") || $0 == ascii("?") || $0 == ascii("#") } ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard !authority.isEmpty, !authority.contains(ascii("@")) else { return nil }
    let pathBytes = rest[authorityEnd...].prefix { $0 != ascii("#") }
    guard !pathBytes.contains(where: { $0 == ascii(" ") || $0 == ascii("\r") || $0 == ascii("\n") }) else { return nil }
    var path = String(decoding: pathBytes, as: UTF8.self)
    if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
    var hostPart = authority
    var port = 80
    if authority.first == ascii("[") {
      guard let close = authority.firstIndex(of: ascii("]")) else { return nil }
      hostPart = authority[(authority.startIndex + 1)..<close]
      let after = authority[(close + 1)...]
      if !after.isEmpty {
        guard after.first == ascii(":"), let number = number(after.dropFirst()) else { return nil }
        port = number
      }
    } else if let colon = authority.lastIndex(of: ascii(":")) {
      hostPart = authority[..<colon]
      guard let number = number(authority[(colon + 1)...]) else { return nil }
      port = number
    }
    guard !hostPart.isEmpty, (1...65535).contains(port) else { return nil }
    return PlainHTTPURL(
      host: String(decoding: hostPart, as: UTF8.self), port: port,
      authority: String(decoding: authority, as: UTF8.self), path: path)
  }

  private static func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }

  private static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    Int(String(decoding: bytes, as: UTF8.self))
  }
}
