import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TemporalAPI

/// A drain before the server stops (SIGTERM): `/health` answers 503 so that a load balancer takes
/// the server out, while every request is still served; the drain ends once no request has been
/// in flight for `quietPeriod` seconds (the balancer has stopped sending), or at the timeout.
public final class Drain: Sendable {
  private struct State {
    var draining = false
    var inFlight = 0
    /// When the last request ended or started since the drain began (monotonic seconds): only a
    /// drain reads it, so the request path takes no time stamps before.
    var lastActivity = 0.0
  }

  private let state = Mutex(State())
  /// Seconds without a request that end a drain.
  public static let quietPeriod = 1.0

  public init() {}

  public var isDraining: Bool { state.withLock { $0.draining } }

  /// Requests in flight now (the balancer's `/health` checks aside).
  var inFlight: Int { state.withLock { $0.inFlight } }

  /// Starts draining; it lasts at least the quiet period, for the balancer's next check.
  public func start() {
    state.withLock {
      $0.draining = true
      $0.lastActivity = Drain.now()
    }
  }

  func requestStarted() {
    state.withLock {
      $0.inFlight += 1
      if $0.draining { $0.lastActivity = Drain.now() }
    }
  }

  func requestEnded() {
    state.withLock {
      $0.inFlight -= 1
      if $0.draining { $0.lastActivity = Drain.now() }
    }
  }

  /// Whether the drain may end: nothing in flight, and nothing for the quiet period.
  public var isQuiet: Bool {
    state.withLock { $0.inFlight == 0 && Drain.now() - $0.lastActivity >= Drain.quietPeriod }
  }

  /// Waits until the drain may end or `timeout` seconds have passed.
  public func waitUntilQuiet(timeout: Double) async {
    let deadline = Drain.now() + timeout
    while Drain.now() < deadline && !isQuiet {
      try? await Task.sleep(for: .milliseconds(100))
    }
  }

  static func now() -> Double { ProcessInfo.processInfo.systemUptime }
}

/// Counts the requests in flight for the drain; the balancer's own `/health` checks do not count.
struct DrainMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let drain: Drain

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
    async throws -> Response
  {
    guard request.uri.path != ServiceRoute.health.path else { return try await next(request, context) }
    drain.requestStarted()
    defer { drain.requestEnded() }
    return try await next(request, context)
  }
}
