import NIOCore
import Synchronization

/// How many connections each client address has open, shared by the connections of a server.
final class ConnectionShare: Sendable {
  /// Connections one address may hold: a quarter of the cap, so that one client cannot take
  /// every slot from the others.
  let perAddress: Int
  private let open = Mutex<[String: Int]>([:])
  /// Every connection open now (trusted proxies' too), and those closed for their address's share.
  private let totals = Mutex((open: 0, refused: 0))

  init(maximumConnections: Int) {
    perAddress = max(1, maximumConnections / 4)
  }

  /// Counts a new connection from `address`; false (and nothing counted) past its share.
  func admit(_ address: String) -> Bool {
    open.withLock { open in
      let count = open[address, default: 0]
      guard count < perAddress else { return false }
      open[address] = count + 1
      return true
    }
  }

  var openConnections: Int { totals.withLock { $0.open } }
  var refusedConnections: Int { totals.withLock { $0.refused } }

  func connectionOpened() { totals.withLock { $0.open += 1 } }
  func connectionClosed() { totals.withLock { $0.open -= 1 } }
  func connectionRefused() { totals.withLock { $0.refused += 1 } }

  func release(_ address: String) {
    open.withLock { open in
      let count = open[address, default: 1] - 1
      open[address] = count > 0 ? count : nil
    }
  }
}

/// Closes a connection whose client address already holds its share of the connection cap;
/// trusted proxies, which carry many clients, are exempt.
final class AddressShareHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  private let share: ConnectionShare
  private let proxies: TrustedProxies
  private var counted: String?

  init(share: ConnectionShare, proxies: TrustedProxies) {
    self.share = share
    self.proxies = proxies
  }

  func handlerAdded(context: ChannelHandlerContext) {
    share.connectionOpened()
    guard let peer = context.channel.remoteAddress?.ipAddress else { return }
    let address = ClientKey.of(peer)
    guard !proxies.isTrusted(address) else { return }
    if share.admit(address) {
      counted = address
    } else {
      share.connectionRefused()
      context.channel.close(promise: nil)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    share.connectionClosed()
    if let counted { share.release(counted) }
    counted = nil
  }
}
