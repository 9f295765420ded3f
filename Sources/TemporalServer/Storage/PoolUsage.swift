import Synchronization

/// How busy a store's database connections are, for the metrics: operations holding a connection,
/// operations waiting for one, and how many had to wait so far.
public final class PoolUsage: Sendable {
  public struct Snapshot: Sendable, Equatable {
    public var inUse = 0
    public var waiting = 0
    public var waits = 0
  }

  /// Connections at most (`Int.max`: opened on demand, never waited for).
  let capacity: Int
  private let state = Mutex(Snapshot())

  init(capacity: Int) {
    self.capacity = max(1, capacity)
  }

  public var snapshot: Snapshot { state.withLock { $0 } }

  /// Runs `body` as one operation on a connection.
  func measure<T>(_ body: () async throws -> T) async rethrows -> T {
    begin()
    defer { end() }
    return try await body()
  }

  /// The same for a synchronous operation.
  func measureNow<T>(_ body: () throws -> T) rethrows -> T {
    begin()
    defer { end() }
    return try body()
  }

  private func begin() {
    state.withLock { state in
      if state.inUse < capacity {
        state.inUse += 1
      } else {
        state.waiting += 1
        state.waits += 1
      }
    }
  }

  /// A finished operation hands its connection to one that waits, if any.
  private func end() {
    state.withLock { state in
      if state.waiting > 0 { state.waiting -= 1 } else { state.inUse -= 1 }
    }
  }
}
