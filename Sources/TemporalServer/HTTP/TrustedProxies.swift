import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The address ranges whose `X-Forwarded-For` is believed (`--trusted-proxy`): behind them, the
/// client is the last address in the header that is not itself a trusted proxy; from anyone
/// else the header is ignored, so a client cannot pick the address its requests count against.
public struct TrustedProxies: Sendable, Equatable {
  /// An IPv4 or IPv6 range: network bytes and prefix length.
  struct Range: Sendable, Equatable {
    var network: [UInt8]
    var prefix: Int

    func contains(_ address: [UInt8]) -> Bool {
      guard address.count == network.count else { return false }
      var remaining = prefix
      for (candidate, base) in zip(address, network) where remaining > 0 {
        let bits = min(8, remaining)
        let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        if candidate & mask != base & mask { return false }
        remaining -= bits
      }
      return true
    }
  }

  /// A `--trusted-proxy` value that is neither an address nor a CIDR range.
  public struct Invalid: Error, Equatable {
    public var text: String
  }

  let ranges: [Range]

  public static let none = TrustedProxies(ranges: [])

  init(ranges: [Range]) {
    self.ranges = ranges
  }

  /// Parses `10.0.0.0/8`, `192.168.1.7`, `fd00::/8`, `::1` …
  public init(_ texts: [String]) throws(Invalid) {
    var ranges: [Range] = []
    for text in texts {
      let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard let network = TrustedProxies.bytes(of: parts[0]) else { throw Invalid(text: text) }
      let prefix = parts.count == 2 ? Int(parts[1]) : network.count * 8
      guard let prefix, (0...(network.count * 8)).contains(prefix) else { throw Invalid(text: text) }
      ranges.append(Range(network: network, prefix: prefix))
    }
    self.ranges = ranges
  }

  /// The address a request counts against: the peer, or behind trusted proxies the client they
  /// name.
  public func client(peer: String?, forwardedFor: String?) -> String {
    guard let peer else { return "unknown" }
    guard !ranges.isEmpty, let forwardedFor, isTrusted(peer) else { return peer }
    let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    for hop in hops.reversed() {
      guard TrustedProxies.bytes(of: hop) != nil else { return peer }
      if !isTrusted(hop) { return hop }
    }
    return hops.first ?? peer
  }

  func isTrusted(_ address: String) -> Bool {
    guard let bytes = TrustedProxies.bytes(of: address) else { return false }
    return ranges.contains { $0.contains(bytes) }
  }

  /// The bytes of an IPv4 or IPv6 address in text, or nil.
  static func bytes(of text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
  }
}

/// Names the client of each request behind trusted proxies (`ServerContext.client`).
struct ClientAddressMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let proxies: TrustedProxies

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
    -> Response
  {
    var context = context
    context.client = proxies.client(
      peer: context.remoteAddress?.ipAddress,
      forwardedFor: request.headers[values: HeaderNames.forwardedFor].joined(separator: ","))
    return try await next(request, context)
  }
}
