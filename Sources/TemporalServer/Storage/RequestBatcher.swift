import Synchronization

/// Folds the requests that arrive while earlier ones are in flight into one database round
/// trip: under load, one query answers many requests.
///
/// Every answer is fresh: a request joins only a batch that has not started yet, so it sees
/// every write committed before it arrived. At most `concurrentBatches` batches run at once;
/// a request that finds them all busy waits for the next one, and one of the waiting callers
/// runs it (no task of its own), so a lone request starts at once, without a timer.
public final class RequestBatcher<Request: Sendable, Answer: Sendable>: Sendable {
  /// Answers some requests, one answer per request in their order.
  public typealias Load = @Sendable ([Request]) async throws -> [Answer]

  private enum Turn {
    case answered(Result<Answer, Error>)
    case lead
  }

  private struct Waiter {
    var request: Request
    var continuation: CheckedContinuation<Turn, Never>
  }

  private struct State {
    var waiting: [Waiter] = []
    var running = 0
  }

  /// A load answered a different number of requests than it was given.
  struct MiscountedAnswers: Error {}

  private let state = Mutex(State())
  private let concurrentBatches: Int
  private let load: Load

  public init(concurrentBatches: Int, load: @escaping Load) {
    self.concurrentBatches = max(1, concurrentBatches)
    self.load = load
  }

  /// How many requests wait for a batch now.
  var waitingCount: Int { state.withLock { $0.waiting.count } }

  /// The answer to `request`, from a batch that started after this call began.
  public func answer(_ request: Request) async throws -> Answer {
    let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
      let leads = state.withLock { state in
        guard state.running < concurrentBatches else {
          state.waiting.append(Waiter(request: request, continuation: continuation))
          return false
        }
        state.running += 1
        return true
      }
      if leads { continuation.resume(returning: .lead) }
    }
    switch turn {
    case .answered(let result): return try result.get()
    case .lead: return try await runBatch(leader: request).get()
    }
  }

  /// Answers the leader's request with every request waiting now, and hands the next batch to
  /// one of the callers that arrived meanwhile.
  private func runBatch(leader: Request) async -> Result<Answer, Error> {
    let riders = state.withLock { state in
      defer { state.waiting.removeAll(keepingCapacity: true) }
      return state.waiting
    }
    let answers: Result<[Answer], Error>
    do {
      // The batch answers other callers too: run it where cancelling the leader's request (its
      // client went away) cannot cancel theirs.
      let requests = [leader] + riders.map(\.request)
      let loaded = try await Task { [load] in try await load(requests) }.value
      answers = loaded.count == riders.count + 1 ? .success(loaded) : .failure(MiscountedAnswers())
    } catch {
      answers = .failure(error)
    }
    for (index, rider) in riders.enumerated() {
      rider.continuation.resume(returning: .answered(answers.map { $0[index + 1] }))
    }
    let next = state.withLock { state -> Waiter? in
      guard !state.waiting.isEmpty else {
        state.running -= 1
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.continuation.resume(returning: .lead)
    return answers.map { $0[0] }
  }
}

extension RequestBatcher where Request: Hashable {
  /// Batches reads by key: a batch reads each distinct key once, and a key without a row
  /// answers nil.
  static func lookup<Value: Sendable>(
    concurrentBatches: Int, _ read: @escaping @Sendable ([Request]) async throws -> [Request: Value]
  ) -> RequestBatcher<Request, Value?> {
    RequestBatcher<Request, Value?>(concurrentBatches: concurrentBatches) { keys in
      var unique: [Request] = []
      var seen: Set<Request> = []
      for key in keys where seen.insert(key).inserted { unique.append(key) }
      let found = try await read(unique)
      return keys.map { found[$0] }
    }
  }
}
