import Synchronization
import Testing

@testable import TemporalServer

/// A table whose every write bumps a version, and that counts the reads it answered.
private final class VersionedTable: Sendable {
  private struct State {
    var version = 0
    var loads = 0
    var largestLoad = 0
  }
  private let state = Mutex(State())

  /// Commits a write; the version it made.
  func write() -> Int {
    state.withLock {
      $0.version += 1
      return $0.version
    }
  }

  /// Reads `keys` at the current version, after a pause that lets other lookups queue up.
  func load(_ keys: [Int]) async throws -> [Int: Int] {
    let version = state.withLock { state -> Int in
      state.loads += 1
      state.largestLoad = max(state.largestLoad, keys.count)
      return state.version
    }
    try await Task.sleep(for: .milliseconds(2))
    #expect(Set(keys).count == keys.count, "a batch reads each key once")
    return Dictionary(uniqueKeysWithValues: keys.filter { $0 >= 0 }.map { ($0, version) })
  }

  var loads: Int { state.withLock { $0.loads } }
  var largestLoad: Int { state.withLock { $0.largestLoad } }
}

@Suite struct RequestBatcherTests {
  @Test func manyConcurrentLookupsAreFoldedAndEachSeesEveryEarlierWrite() async throws {
    let table = VersionedTable()
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 2) { try await table.load($0) }
    let lookups = 4_000
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<lookups {
        group.addTask {
          let key = index % 50
          let committed = table.write()
          let seen = try await lookup.answer(key)
          // Freshness: the read that answered began after this caller's write.
          #expect((seen ?? -1) >= committed, "lookup \(index) saw version \(seen ?? -1), older than its write \(committed)")
        }
      }
      try await group.waitForAll()
    }
    #expect(table.loads < lookups / 4, "\(table.loads) reads for \(lookups) lookups")
    #expect(table.largestLoad > 1)
    #expect(table.largestLoad <= 50)
  }

  @Test func aMissingKeyIsNilAndALoneLookupStartsAtOnce() async throws {
    let table = VersionedTable()
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 1) { try await table.load($0) }
    #expect(try await lookup.answer(-1) == nil)
    #expect(try await lookup.answer(7) == 0)
    #expect(table.loads == 2)
  }

  @Test func aFailedReadFailsEveryLookupItAnsweredAndTheNextOnesStillRun() async throws {
    struct Failure: Error {}
    let failing = Mutex(true)
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 1) { keys in
      try await Task.sleep(for: .milliseconds(5))
      if failing.withLock({ $0 }) { throw Failure() }
      return Dictionary(uniqueKeysWithValues: keys.map { ($0, $0 * 2) })
    }
    let failures = await withTaskGroup(of: Bool.self, returning: Int.self) { group in
      for key in 0..<200 {
        group.addTask { (try? await lookup.answer(key)) == nil }
      }
      return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(failures == 200)
    failing.withLock { $0 = false }
    let answers = try await withThrowingTaskGroup(of: Int?.self, returning: [Int?].self) { group in
      for key in 0..<200 { group.addTask { try await lookup.answer(key) } }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(Set(answers.compactMap { $0 }) == Set((0..<200).map { $0 * 2 }))
  }
}

extension RequestBatcherTests {
  @Test func cancellingALeaderDoesNotFailTheRequestsItsBatchAnswers() async throws {
    // Each batch takes 50 ms and notices cancellation, as a database query does.
    let batcher = RequestBatcher<Int, Int>(concurrentBatches: 1) { requests in
      try await Task.sleep(for: .milliseconds(50))
      return requests.map { $0 + 1 }
    }
    let first = Task { try await batcher.answer(0) }
    try await Task.sleep(for: .milliseconds(10))
    // These wait for the first batch; the earliest of them leads the second, which answers all three.
    let leader = Task { try await batcher.answer(1) }
    try await Task.sleep(for: .milliseconds(5))
    async let rider = batcher.answer(2)
    async let otherRider = batcher.answer(3)
    try await Task.sleep(for: .milliseconds(60))
    leader.cancel()
    #expect(try await first.value == 1)
    #expect(try await [rider, otherRider] == [3, 4])
    #expect(try await leader.value == 2)
  }
}
