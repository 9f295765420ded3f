import Foundation

/// When to try a request again: after connection errors, 429 and 502/503/504, with exponential
/// backoff and jitter, honouring `Retry-After`; at most `maximumRetries` times and
/// `maximumWait` seconds in all.
public struct RetryPolicy: Sendable {
  public var maximumRetries = 3
  public var maximumWait = 30.0
  public var baseDelay = 0.25
  /// Draws the jitter factor (0.5…1.5); injectable so tests are exact.
  public var jitter: @Sendable () -> Double = { Double.random(in: 0.5...1.5) }

  public init() {}

  /// The seconds to wait before retry number `attempt + 1`, or nil to stop.
  public func delay(after outcome: Result<HTTPResponseSpec, TransportError>, attempt: Int, waited: Double) -> Double? {
    guard attempt < maximumRetries else { return nil }
    let delay: Double
    switch outcome {
    case .failure(let error):
      guard error.kind == .connection else { return nil }
      delay = backoff(attempt)
    case .success(let response):
      guard [429, 502, 503, 504].contains(response.status) else { return nil }
      if let retryAfter = response.header("Retry-After").flatMap(Double.init), retryAfter >= 0 {
        delay = retryAfter
      } else {
        delay = backoff(attempt)
      }
    }
    guard waited + delay <= maximumWait else { return nil }
    return delay
  }

  private func backoff(_ attempt: Int) -> Double {
    baseDelay * pow(2, Double(attempt)) * jitter()
  }
}
