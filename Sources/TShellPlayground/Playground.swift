import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// `tshell playground`: the page, the tour, `/health`, and a WebSocket per visitor, each a
/// sandboxed tshell session of its own.
public enum Playground {
  /// The close code a visitor gets when every session is taken (the page then shows "full").
  static let fullCloseCode: UInt16 = 4429
  /// The largest WebSocket frame and message a visitor may send (keys and sizes are small).
  static let maximumMessageBytes = 1 << 16

  /// Serves until the process is interrupted; `listening` gets the host and the bound port.
  public static func serve(
    _ configuration: PlaygroundConfiguration, logger: Logger, listening: @escaping @Sendable (String, Int) -> Void
  ) async throws {
    let slots = SessionSlots(capacity: configuration.maxSessions)
    let assets = PlaygroundAssets()
    let router = Router()
    router.get("/health") { _, _ -> Response in
      let body = "{\"status\":\"ok\",\"sessions\":\(slots.count),\"max_sessions\":\(slots.capacity)}\n"
      return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    router.get("/ws") { _, _ -> Response in
      text(.badRequest, "this is the playground's WebSocket endpoint: the page at / connects to it\n")
    }
    let files: @Sendable (Request, BasicRequestContext) -> Response = { request, _ in
      let path = request.uri.path
      if path == "/" && slots.isFull, let full = assets.files["/full"] { return page(full, status: .serviceUnavailable) }
      guard let file = assets.files[path] else { return text(.notFound, "not found\n") }
      return page(file, status: .ok)
    }
    router.get("/", use: files)
    router.get("/**", use: files)
    let session = PlaygroundSession(configuration: configuration)
    let app = Application(
      router: router,
      server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: maximumMessageBytes))) { request, _, _ in
        // A refused upgrade gets 400 from the framework; a full playground upgrades and says so
        // with a close code, which the page turns into the "full" page.
        guard request.path == "/ws", isSameOrigin(request.headerFields[.origin], request.authority) else {
          return .dontUpgrade
        }
        return .upgrade([:]) { inbound, outbound, _ in
          guard slots.take() else {
            try await outbound.close(.init(codeNumber: Int(fullCloseCode)), reason: "full, try again in a minute")
            return
          }
          defer { slots.release() }
          try await session.run(inbound: inbound, outbound: outbound)
        }
      },
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tshell"),
      onServerRunning: { channel in listening(configuration.host, channel.localAddress?.port ?? configuration.port) },
      logger: logger)
    try await app.runService()
  }

  /// Whether the request comes from the playground's own page: a browser's `Origin` names the
  /// host the request went to (clients that are not browsers send none).
  static func isSameOrigin(_ origin: String?, _ authority: String?) -> Bool {
    guard let origin else { return true }
    guard let host = authority, let url = URL(string: origin), let originHost = url.host else { return false }
    let port = url.port.map { ":\($0)" } ?? ""
    return originHost + port == host || "[\(originHost)]" + port == host
  }

  private static func page(_ file: PlaygroundAssets.File, status: HTTPResponse.Status) -> Response {
    var headers: HTTPFields = [.contentType: file.contentType]
    // xterm.js styles its rows in the page (style elements and attributes).
    headers[.contentSecurityPolicy] =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'"
    headers[.xContentTypeOptions] = "nosniff"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
  }

  private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
    Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
  }
}
