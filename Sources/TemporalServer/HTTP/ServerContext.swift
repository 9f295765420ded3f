import Hummingbird
import NIOCore

/// Per-request state: the client's address (for the rate limit), the request ID, and the user
/// the token names once the auth check has run.
public struct ServerContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The peer's address.
  public let remoteAddress: SocketAddress?
  /// The `X-Request-Id` of this exchange.
  public var requestID: String
  /// The authenticated username.
  public var username: String?
  /// The address requests count against: the peer's, or behind a trusted proxy the one it names.
  public var client: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress
    requestID = RandomText.uuid()
    client = remoteAddress?.ipAddress ?? "unknown"
  }

  /// `BodyLimitHandler` has refused larger bodies before a handler collects one.
  public var maxUploadSize: Int { BodyLimitHandler.largestLimit }
}
