import NIOCore
import NIOHTTPTypes

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps a client that does not read its replies from holding memory: while `maximumPending`
/// replies are written but not yet taken by the socket, or the channel's outbound buffer is over
/// its high-water mark, no further request is passed on (pipelined requests already read wait
/// here, a few bytes each) and no more are read from the socket; a connection that stays
/// unwritable for `writeTimeout` is reset.
final class SlowReaderHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  static let defaultMaximumPending = 4
  /// Request parts held back at most (a head and an end per request without a body): more than
  /// one read from the socket brings, since reading stops while parts are held.
  static let maximumHeldParts = 4096

  private let writeTimeout: TimeAmount
  private let maximumPending: Int
  /// Requests passed on whose replies the socket has not taken yet: counted from a request's
  /// end, so that a burst of pipelined requests read at once is not all passed on before the
  /// first reply is written.
  private var pending = 0
  /// A read asked for while reading was held.
  private var readWanted = false
  /// Request parts read but held back, oldest first.
  private var held: [NIOAny] = []
  /// Whether a request's head has been passed on and its end not yet.
  private var inRequest = false
  private var closing = false
  private var deadline: Scheduled<Void>?

  init(writeTimeout: TimeAmount, maximumPending: Int = SlowReaderHandler.defaultMaximumPending) {
    self.writeTimeout = writeTimeout
    self.maximumPending = maximumPending
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
    let written = promise ?? context.eventLoop.makePromise()
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    written.futureResult.whenComplete { _ in
      let (handler, context) = bound.value
      handler.pending -= 1
      handler.resumeReadingIfAllowed(context)
    }
    context.write(data, promise: written)
  }

  func read(context: ChannelHandlerContext) {
    guard held.isEmpty, mayProceed, context.channel.isWritable else {
      readWanted = true
      return
    }
    context.read()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      deadline?.cancel()
      deadline = nil
      resumeReadingIfAllowed(context)
    } else if deadline == nil {
      let channel = context.channel
      deadline = context.eventLoop.scheduleTask(in: writeTimeout) {
        // A reset rather than a FIN: a FIN would wait behind the unread replies in the kernel's
        // send buffer (megabytes, held for minutes); a reset frees them at once.
        guard let socket = channel as? SocketOptionProvider else { return channel.close(promise: nil) }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
      }
    }
    context.fireChannelWritabilityChanged()
  }

  private var mayProceed: Bool { pending < maximumPending }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    // Far more pipelined requests than replies taken: a client that reads nothing. Each decoded
    // request costs kilobytes, so past the bound the connection is closed instead of kept.
    guard held.count < SlowReaderHandler.maximumHeldParts else {
      if !closing {
        closing = true
        context.close(promise: nil)
      }
      return
    }
    held.append(data)
    deliver(context)
  }

  /// Passes on held parts: the rest of a request under way, and new requests while replies are
  /// being taken.
  private func deliver(_ context: ChannelHandlerContext) {
    var delivered = false
    while !held.isEmpty {
      if !inRequest && !(mayProceed && context.channel.isWritable) { break }
      let part = held.removeFirst()
      switch unwrapInboundIn(part) {
      case .head: inRequest = true
      case .end:
        inRequest = false
        pending += 1
      case .body: break
      }
      context.fireChannelRead(part)
      delivered = true
    }
    if delivered { context.fireChannelReadComplete() }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    // Passed on with the parts, once they are.
  }

  private func resumeReadingIfAllowed(_ context: ChannelHandlerContext) {
    deliver(context)
    guard readWanted, held.isEmpty, mayProceed, context.channel.isWritable else { return }
    readWanted = false
    context.read()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    deadline?.cancel()
    deadline = nil
  }

  func channelInactive(context: ChannelHandlerContext) {
    deadline?.cancel()
    deadline = nil
    context.fireChannelInactive()
  }
}
