import Synchronization
import Testing

@testable import TemporalServer

/// Waits until `condition` holds, looking every millisecond.
func eventually(_ condition: () -> Bool) async throws {
  while !condition() { try await Task.sleep(for: .milliseconds(1)) }
}

/// A table whose every write bumps a version, and that counts the reads it answered. A read
/// waits until more lookups are queued behind it (or every lookup has begun), so that batches
/// fold requests without depending on timing.
private final class VersionedTable: Sendable {
  private struct State {
    var version = 0
    var loads = 0
    var largestLoad = 0
  }
  private let state = Mutex(State())
  /// How many lookups are queued in the batcher now.
  let queued = Mutex<@Sendable () -> Int>({ 0 })
  let expectedWrites: Int

  init(expectedWrites: Int) {
    self.expectedWrites = expectedWrites
  }

  /// Commits a write; the version it made.
  func write() -> Int {
    state.withLock {
      $0.version += 1
      return $0.version
    }
  }

  /// Reads `keys` at the current version, once others wait behind this read.
  func load(_ keys: [Int]) async throws -> [Int: Int] {
    let version = state.withLock { state -> Int in
      state.loads += 1
      state.largestLoad = max(state.largestLoad, keys.count)
      return state.version
    }
    let queued = self.queued.withLock { $0 }
    try await eventually { queued() >= 8 || state.withLock { $0.version } >= expectedWrites }
    #expect(Set(keys).count == keys.count, "a batch reads each key once")
    return Dictionary(uniqueKeysWithValues: keys.filter { $0 >= 0 }.map { ($0, version) })
  }

  var loads: Int { state.withLock { $0.loads } }
  var largestLoad: Int { state.withLock { $0.largestLoad } }
}

@Suite struct RequestBatcherTests {
  @Test func manyConcurrentLookupsAreFoldedAndEachSeesEveryEarlierWrite() async throws {
    let lookups = 4_000
    let table = VersionedTable(expectedWrites: lookups)
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 2) { try await table.load($0) }
    table.queued.withLock { $0 = { lookup.waitingCount } }
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
    let table = VersionedTable(expectedWrites: 0)
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 1) { try await table.load($0) }
    #expect(try await lookup.answer(-1) == nil)
    #expect(try await lookup.answer(7) == 0)
    #expect(table.loads == 2)
  }

  @Test func aFailedReadFailsEveryLookupItAnsweredAndTheNextOnesStillRun() async throws {
    struct Failure: Error {}
    let failing = Mutex(true)
    let lookup = RequestBatcher<Int, Int?>.lookup(concurrentBatches: 1) { keys in
      await Task.yield()
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

/// Batches held until the test lets each of them finish.
private final class Gates: Sendable {
  private let state = Mutex((started: [[Int]](), opened: 0))

  var started: [[Int]] { state.withLock { $0.started } }
  func open() { state.withLock { $0.opened += 1 } }

  /// One batch: noted as started, then held until its gate opens.
  func batch(_ requests: [Int]) async throws -> [Int] {
    let number = state.withLock { state -> Int in
      state.started.append(requests)
      return state.started.count
    }
    try await eventually { state.withLock { $0.opened } >= number }
    return requests.map { $0 + 1 }
  }
}

extension RequestBatcherTests {
  @Test func cancellingALeaderDoesNotFailTheRequestsItsBatchAnswers() async throws {
    let gates = Gates()
    let batcher = RequestBatcher<Int, Int>(concurrentBatches: 1) { try await gates.batch($0) }
    let first = Task { try await batcher.answer(0) }
    try await eventually { gates.started.count == 1 }
    // These wait for the first batch; the earliest of them leads the second, which answers all three.
    let leader = Task { try await batcher.answer(1) }
    try await eventually { batcher.waitingCount == 1 }
    async let rider = batcher.answer(2)
    async let otherRider = batcher.answer(3)
    try await eventually { batcher.waitingCount == 3 }
    gates.open()
    try await eventually { gates.started.count == 2 }
    #expect(gates.started[1] == [1, 2, 3])
    leader.cancel()
    gates.open()
    #expect(try await first.value == 1)
    #expect(try await [rider, otherRider] == [3, 4])
    #expect(try await leader.value == 2)
  }
}
