import AsyncHTTPClient
import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The real transport: one AsyncHTTPClient with keep-alive connections (TLS for https URLs).
/// `send` blocks its caller (never an event loop) until the exchange completes.
public final class AsyncHTTPTransport: HTTPTransport {
  private let client: HTTPClient
  private let cancelled: @Sendable () -> Bool
  /// Why `--cacert` could not be used; every request fails with it.
  private let setupFailure: TransportError?

  /// A client whose connections time out after `connectTimeout` seconds; a request is cancelled
  /// (within 100 ms) once `cancelled` says so.
  public init(
    connectTimeout: Double, certificateAuthorities: String? = nil, cancelled: @escaping @Sendable () -> Bool = { false }
  ) {
    self.cancelled = cancelled
    var configuration = HTTPClient.Configuration()
    var setupFailure: TransportError? = nil
    if let certificateAuthorities {
      do {
        let roots = try NIOSSLCertificate.fromPEMFile(certificateAuthorities)
        guard !roots.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(roots)
        configuration.tlsConfiguration = tls
      } catch {
        setupFailure = TransportError(
          .invalidURL, "--cacert: \(certificateAuthorities) is not a readable PEM file of certificates")
      }
    }
    self.setupFailure = setupFailure
    configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
    configuration.connectionPool = .init(idleTimeout: .seconds(60))
    configuration.decompression = .enabled(limit: .ratio(100))
    client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  deinit {
    try? client.syncShutdown()
  }

  public func send(_ request: HTTPRequestSpec, timeout: Double) throws(TransportError) -> HTTPResponseSpec {
    if let setupFailure { throw setupFailure }
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
      let task = client.execute(request: outgoing, delegate: ResponseAccumulator(request: outgoing), deadline: deadline)
      let response = try wait(for: task)
      let body = response.body.map { Array($0.readableBytesView) } ?? []
      return HTTPResponseSpec(
        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body)
    } catch let error as HTTPClientError where error == .cancelled && cancelled() {
      throw TransportError(.cancelled, "cancelled")
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
      throw TransportError(
        .timeout, "no answer from \(AsyncHTTPTransport.origin(request.url)) within \(TransportError.seconds(timeout))")
    } catch {
      throw TransportError(
        .connection, "cannot reach \(AsyncHTTPTransport.origin(request.url)): \(AsyncHTTPTransport.reason(error))")
    }
  }

  /// The task's response; cancels the task when `cancelled` says so while waiting.
  private func wait(for task: HTTPClient.Task<HTTPClient.Response>) throws -> HTTPClient.Response {
    let done = DispatchSemaphore(value: 0)
    task.futureResult.whenComplete { _ in done.signal() }
    while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
      if cancelled() { task.cancel() }
    }
    return try task.futureResult.wait()
  }

  static func origin(_ url: String) -> String {
    guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return url }
    return "\(scheme)://\(host)" + (parsed.port.map { ":\($0)" } ?? "")
  }

  private static func reason(_ error: Error) -> String {
    let text = "\(error)"
    if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
    if text.contains("connectTimeout") { return "connection timed out" }
    if text.contains("CERTIFICATE_VERIFY_FAILED") {
      return "the server's TLS certificate is not trusted; give its certificate authority with --cacert FILE or TSHELL_CACERT"
    }
    if text.contains("handshakeFailed") { return "the TLS handshake failed (\(text))" }
    return text
  }
}
