import Foundation
import TemporalClient

/// The embedded server of a run: started on first use, once, whoever asks first, and outside
/// every other lock (starting it takes tens of milliseconds; the sessions' lock is not held
/// meanwhile). Later callers wait for the first start and share its server or its failure.
public final class EmbeddedServerSlot: @unchecked Sendable {
  private enum State {
    case idle
    case starting
    case started(EmbeddedEndpoint)
  }

  /// Where the server keeps its data.
  public let dataDirectory: String
  private let start: EmbeddedStarter
  // `state` is read and written only with `condition` locked; the start itself runs unlocked.
  private let condition = NSCondition()
  private var state = State.idle

  public init(dataDirectory: String, start: @escaping EmbeddedStarter) {
    self.dataDirectory = dataDirectory
    self.start = start
  }

  /// The server if it was started.
  public var started: EmbeddedEndpoint? {
    condition.withLock {
      if case .started(let endpoint) = state { return endpoint }
      return nil
    }
  }

  /// The running server, started now when no one has. A failed start is not kept: the next
  /// caller tries again.
  public func endpoint() throws(ClientError) -> EmbeddedEndpoint {
    condition.lock()
    while case .starting = state { condition.wait() }
    if case .started(let endpoint) = state {
      condition.unlock()
      return endpoint
    }
    state = .starting
    condition.unlock()
    do {
      let endpoint = try start(dataDirectory)
      finish(.started(endpoint))
      return endpoint
    } catch {
      finish(.idle)
      throw ClientError.usage("cannot start the embedded server in \(dataDirectory): \(error)")
    }
  }

  private func finish(_ outcome: State) {
    condition.withLock {
      state = outcome
      condition.broadcast()
    }
  }
}
