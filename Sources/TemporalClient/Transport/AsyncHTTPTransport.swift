import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The real transport: one AsyncHTTPClient with keep-alive connections (TLS for https URLs).
/// `send` blocks its caller (never an event loop) until the exchange completes.
public final class AsyncHTTPTransport: HTTPTransport {
  private let client: HTTPClient

  /// A client whose connections time out after `connectTimeout` seconds.
  public init(connectTimeout: Double) {
    var configuration = HTTPClient.Configuration()
    configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
    configuration.connectionPool = .init(idleTimeout: .seconds(60))
    configuration.decompression = .enabled(limit: .ratio(100))
    client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  deinit {
    try? client.syncShutdown()
  }

  public func send(_ request: HTTPRequestSpec, timeout: Double) throws(TransportError) -> HTTPResponseSpec {
    let outgoing: HTTPClient.Request
    do {
      var headers = HTTPHeaders()
      for header in request.headers { headers.add(name: header.name, value: header.value) }
      outgoing = try HTTPClient.Request(
        url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers,
        body: request.body.map { .bytes($0) })
    } catch {
      throw TransportError(.invalidURL, "'\(request.url)' is not a URL tshell can use: \(error)")
    }
    let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
    do {
      let response = try client.execute(request: outgoing, deadline: deadline).wait()
      let body = response.body.map { Array($0.readableBytesView) } ?? []
      return HTTPResponseSpec(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body)
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
      throw TransportError(.timeout, "no answer from \(AsyncHTTPTransport.origin(request.url)) within \(TransportError.seconds(timeout))")
    } catch {
      throw TransportError(.connection, "cannot reach \(AsyncHTTPTransport.origin(request.url)): \(AsyncHTTPTransport.reason(error))")
    }
  }

  static func origin(_ url: String) -> String {
    guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return url }
    return "\(scheme)://\(host)" + (parsed.port.map { ":\($0)" } ?? "")
  }

  private static func reason(_ error: Error) -> String {
    let text = "\(error)"
    if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
    if text.contains("connectTimeout") { return "connection timed out" }
    return text
  }
}
