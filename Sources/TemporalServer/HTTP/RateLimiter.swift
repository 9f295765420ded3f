import Foundation
import Hummingbird
import Synchronization
import TemporalAPI

/// Counts each client's requests in hourly windows: in memory for one server, or in the
/// database that replicas share, so that N replicas enforce one limit.
protocol RequestCounter: Sendable {
  var limit: Int { get }
  /// Counts a request from `client`: whether it is allowed, what is left, and when the window resets.
  func take(_ client: String, now: Int) async -> (allowed: Bool, remaining: Int, reset: Int)
}

/// A per-client limit of requests per hour in fixed windows, like the original's
/// `<N>-H` limiter: `X-RateLimit-*` headers on every answer, 429 `Limit exceeded` past it, with
/// `Retry-After` in seconds.
final class RateLimiter: RequestCounter {
  let limit: Int
  private let windows = Mutex<[String: (start: Int, count: Int)]>([:])
  static let window = 3600

  init(limitPerHour: Int) {
    limit = limitPerHour
  }

  func take(_ client: String, now: Int) async -> (allowed: Bool, remaining: Int, reset: Int) {
    windows.withLock { windows in
      if windows.count > 100_000 { windows = windows.filter { now - $0.value.start < RateLimiter.window } }
      var entry = windows[client] ?? (now, 0)
      if now - entry.start >= RateLimiter.window { entry = (now, 0) }
      let allowed = entry.count < limit
      if allowed { entry.count += 1 }
      windows[client] = entry
      return (allowed, max(0, limit - entry.count), entry.start + RateLimiter.window)
    }
  }
}

struct RateLimitMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let limiter: any RequestCounter

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
    -> Response
  {
    let now = Int(Date().timeIntervalSince1970)
    let (allowed, remaining, reset) = await limiter.take(ClientKey.of(context.client), now: now)
    var response = allowed ? try await next(request, context) : APIResponse.text(.tooManyRequests, APIMessage.rateLimited)
    response.headers[HeaderNames.rateLimitLimit] = String(limiter.limit)
    response.headers[HeaderNames.rateLimitRemaining] = String(remaining)
    response.headers[HeaderNames.rateLimitReset] = String(reset)
    if !allowed { response.headers[.retryAfter] = String(max(1, reset - now)) }
    return response
  }
}

/// The per-client counts in PostgreSQL: one row per client and aligned hourly window, counted
/// with one upsert, so that every replica sees the same count.
struct SharedRequestCounter: RequestCounter {
  let limit: Int
  let store: PostgresAccountStore

  func take(_ client: String, now: Int) async -> (allowed: Bool, remaining: Int, reset: Int) {
    let window = now - now % RateLimiter.window
    // A count that fails is tried once more (a busy pool under load); when the database still
    // cannot count, requests are let through rather than refused.
    var counted = try? await store.countRequest(from: client, window: window)
    if counted == nil { counted = try? await store.countRequest(from: client, window: window) }
    guard let count = counted else {
      return (true, limit, window + RateLimiter.window)
    }
    return (count <= limit, max(0, limit - count), window + RateLimiter.window)
  }
}

/// The rate limit's key for a client address: the address parsed and written one way, so that
/// `::1`, `0:0:0:0:0:0:0:1` and `::0:1` (or `::ffff:10.0.0.1` and `10.0.0.1`) share one bucket.
enum ClientKey {
  static func of(_ address: String) -> String {
    guard var bytes = TrustedProxies.bytes(of: address) else { return address }
    // An IPv4 address mapped into IPv6 is that IPv4 address.
    if bytes.count == 16, bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
      bytes = Array(bytes.suffix(4))
    }
    let family = bytes.count == 4 ? AF_INET : AF_INET6
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let written = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
    guard written != nil else { return address }
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
