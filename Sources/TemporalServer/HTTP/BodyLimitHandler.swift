import HTTPTypes
import NIOCore
import NIOHTTPTypes
import TShellJSON
import TemporalAPI

/// Answers 413 and closes the connection when a request body is larger than `limit`: at once
/// when its Content-Length says so, or as soon as a body sent without one grows past it, so an
/// oversized body is never read to its end.
final class BodyLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  /// The largest `--max-body-size`: request bodies are forms and small JSON documents.
  static let largestLimit = 64 << 20

  private let limit: Int
  private var received = 0
  private var refused = false

  init(limit: Int) {
    self.limit = limit
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !refused else { return }
    switch unwrapInboundIn(data) {
    case .head(let head):
      received = 0
      if let announced = head.headerFields[.contentLength].flatMap(Int.init), announced > limit {
        return refuse(context)
      }
    case .body(let chunk):
      received += chunk.readableBytes
      if received > limit { return refuse(context) }
    case .end:
      break
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    // A handler that was already answering the refused request answers no one.
    guard !refused else {
      promise?.fail(ChannelError.ioOnClosedChannel)
      return
    }
    context.write(data, promise: promise)
  }

  private func refuse(_ context: ChannelHandlerContext) {
    refused = true
    var printer = JSONPrinter(format: .compact, capacity: 96)
    printer.write(APIEnvelope(code: 413, response: .string(APIMessage.bodyTooLarge(limit))).json)
    let body = ByteBuffer(bytes: printer.output)
    var head = HTTPResponse(status: .contentTooLarge)
    head.headerFields[.contentType] = "application/json; charset=utf-8"
    head.headerFields[.contentLength] = String(body.readableBytes)
    head.headerFields[.connection] = "close"
    head.headerFields[.cacheControl] = "no-store"
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(body)), promise: nil)
    let channel = context.channel
    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
  }
}
