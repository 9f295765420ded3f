import Foundation
import Testing

@testable import TemporalClient

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Socket transport")
struct SocketTransportTests {
  @Test func keepsConnectionsAndReconnectsWhenTheServerClosedOne() throws {
    // Each connection answers one request, then the server closes it: the second request finds
    // its kept connection closed and must go again on a new one.
    let server = try ScriptedServer(requestsPerConnection: 1) { _ in
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
    }
    let transport = SocketTransport(connectTimeout: 5)
    for _ in 0..<3 {
      let response = try transport.send(HTTPRequestSpec(method: "GET", url: server.url + "/v2/account/usage"), timeout: 5)
      #expect(response.status == 200)
      #expect(response.body == Array("ok".utf8))
    }
    #expect(server.connections == 3)
  }

  @Test func sendsTheRequestLineHostLengthAndBody() throws {
    let server = try ScriptedServer(requestsPerConnection: 10) { _ in "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" }
    let transport = SocketTransport(connectTimeout: 5)
    let request = HTTPRequestSpec(
      method: "POST", url: server.url + "/v2/forgot/username?x=1",
      headers: [("User-Agent", "tshell/test"), ("Content-Type", "application/x-www-form-urlencoded")], body: Array("a=b".utf8))
    _ = try transport.send(request, timeout: 5)
    _ = try transport.send(HTTPRequestSpec(method: "GET", url: server.url), timeout: 5)
    #expect(
      server.requests == [
        "POST /v2/forgot/username?x=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUser-Agent: tshell/test\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n",
      ])
    #expect(server.connections == 1)
  }

  @Test func aSilentServerTimesOut() throws {
    let server = try ScriptedServer(requestsPerConnection: 1) { _ in nil }
    let transport = SocketTransport(connectTimeout: 5)
    #expect(throws: TransportError(.timeout, "no answer from \(server.url) within 0.2 s")) {
      try transport.send(HTTPRequestSpec(method: "GET", url: server.url + "/v2/account/usage"), timeout: 0.2)
    }
  }

  @Test func aWaitingRequestEndsWhenCancelled() throws {
    let server = try ScriptedServer(requestsPerConnection: 1) { _ in nil }
    let cancelAt = Date().addingTimeInterval(0.3)
    let transport = SocketTransport(connectTimeout: 5, cancelled: { Date() >= cancelAt })
    // It gives up as cancelled, not with the 30 s timeout's error.
    #expect(throws: TransportError(.cancelled, "cancelled")) {
      try transport.send(HTTPRequestSpec(method: "GET", url: server.url + "/v2/account/usage"), timeout: 30)
    }
  }

  @Test func aClosedPortIsRefused() throws {
    let port = try ScriptedServer.unusedPort()
    #expect(throws: TransportError(.connection, "cannot reach http://127.0.0.1:\(port): connection refused")) {
      try SocketTransport(connectTimeout: 5).send(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(port)/"), timeout: 5)
    }
  }

  @Test func urlsItCannotUse() {
    #expect(PlainHTTPURL("https://example.com") == nil)
    #expect(PlainHTTPURL("http://user@example.com/") == nil)
    #expect(PlainHTTPURL("http://example.com:99999/") == nil)
    let url = PlainHTTPURL("http://[::1]:8080?q=1")
    #expect(url?.host == "::1")
    #expect(url?.port == 8080)
    #expect(url?.path == "/?q=1")
    #expect(url?.hostHeader == "[::1]:8080")
    // A line break in the path would end the request line early (and start a header of the
    // URL's choosing); "\r\n" is one Character, so it is looked for in the bytes.
    #expect(PlainHTTPURL("http://example.com/a\r\nX-Injected:1") == nil)
    #expect(PlainHTTPURL("http://example.com/a\nb") == nil)
    #expect(PlainHTTPURL("http://example.com:80/a?b=c#d")?.path == "/a?b=c")
    #expect(PlainHTTPURL("http://example.com:80/a?b=c#d")?.origin == "http://example.com:80")
    #expect(PlainHTTPURL("http://example.com:/") == nil)
    #expect(PlainHTTPURL("http://:80/") == nil)
    #expect(PlainHTTPURL("http://[::1/") == nil)
    #expect(PlainHTTPURL("http://[::1]x/") == nil)
    let plain = PlainHTTPURL("http://example.com")
    #expect(plain?.host == "example.com")
    #expect(plain?.port == 80)
    #expect(plain?.path == "/")
    #expect(plain?.hostHeader == "example.com")
  }
}

/// A TCP server on 127.0.0.1 that answers each request with `respond` (nil: never answers) and
/// closes a connection after `requestsPerConnection` requests.
final class ScriptedServer: @unchecked Sendable {
  let port: Int
  private let listener: Int32
  private let state = Recorded()

  var url: String { "http://127.0.0.1:\(port)" }
  var connections: Int { state.lock.withLock { state.connections } }
  var requests: [String] { state.lock.withLock { state.requests } }

  /// What the server saw.
  private final class Recorded: @unchecked Sendable {
    let lock = NSLock()
    var connections = 0
    var requests: [String] = []
  }

  init(requestsPerConnection: Int, respond: @escaping @Sendable (String) -> String?) throws {
    (listener, port) = try Self.listen()
    let listener = self.listener
    let state = self.state
    let thread = Thread {
      while true {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        state.lock.withLock { state.connections += 1 }
        Thread {
          defer { close(connection) }
          for _ in 0..<requestsPerConnection {
            guard let request = Self.readRequest(connection) else { return }
            state.lock.withLock { state.requests.append(request) }
            guard let answer = respond(request) else {
              // No answer: hold the connection until the client gives up and closes it.
              var byte: UInt8 = 0
              while recv(connection, &byte, 1, 0) > 0 {}
              return
            }
            _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
          }
        }.start()
      }
    }
    thread.start()
  }

  deinit {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  static func unusedPort() throws -> Int {
    let (descriptor, port) = try listen()
    close(descriptor)
    return port
  }

  private static func listen() throws -> (Int32, Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
      }
    }
    guard bound, Glibc.listen(descriptor, 16) == 0 else { throw CancellationError() }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// The head and (by Content-Length) the body of one request; nil when the peer closed.
  private static func readRequest(_ connection: Int32) -> String? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      if let end = String(decoding: bytes, as: UTF8.self).range(of: "\r\n\r\n") {
        let text = String(decoding: bytes, as: UTF8.self)
        let head = text[..<end.lowerBound]
        let length =
          head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
          .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { return text }
      }
      let count = recv(connection, &chunk, chunk.count, 0)
      guard count > 0 else { return nil }
      bytes += chunk[..<count]
    }
  }
}
