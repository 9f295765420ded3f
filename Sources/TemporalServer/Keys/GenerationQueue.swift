import Synchronization

/// Admits at most `concurrent` slow jobs at once (RSA key generations) and at most `waiting`
/// more in line; past that a job is refused at once, so a burst cannot fill the thread pool that
/// password checks also need, nor queue work that would finish after its client gave up.
final class GenerationQueue: Sendable {
  /// The line is full: answer 503 with `Retry-After`.
  struct Busy: Error {}

  private struct State {
    var running = 0
    var line: [CheckedContinuation<Void, Never>] = []
    var refused = 0
  }

  let concurrent: Int
  let waiting: Int
  private let state = Mutex(State())

  init(concurrent: Int, waiting: Int) {
    self.concurrent = max(1, concurrent)
    self.waiting = max(0, waiting)
  }

  /// How many jobs wait in line now.
  var inLine: Int { state.withLock { $0.line.count } }
  /// How many run now.
  var running: Int { state.withLock { $0.running } }
  /// How many were refused so far (the line was full).
  var refused: Int { state.withLock { $0.refused } }

  /// Runs `job` when a slot is free, or throws `Busy` when the line is full.
  func run<T: Sendable>(_ job: () async throws -> T) async throws -> T {
    try await admit()
    defer { release() }
    return try await job()
  }

  private func admit() async throws {
    enum Admission { case now, wait, refuse }
    let admission = state.withLock { state -> Admission in
      if state.running < concurrent {
        state.running += 1
        return .now
      }
      guard state.line.count < waiting else {
        state.refused += 1
        return .refuse
      }
      return .wait
    }
    switch admission {
    case .now: return
    case .refuse: throw Busy()
    case .wait:
      await withCheckedContinuation { continuation in
        let admitted = state.withLock { state -> Bool in
          // A slot may have freed up since the first look.
          if state.running < concurrent {
            state.running += 1
            return true
          }
          state.line.append(continuation)
          return false
        }
        if admitted { continuation.resume() }
      }
    }
  }

  /// Hands the slot to the first in line, or frees it.
  private func release() {
    let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
      guard !state.line.isEmpty else {
        state.running -= 1
        return nil
      }
      return state.line.removeFirst()
    }
    next?.resume()
  }
}
