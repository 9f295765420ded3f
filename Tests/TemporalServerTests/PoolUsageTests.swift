import Testing

@testable import TemporalServer

@Suite("Database pool usage")
struct PoolUsageTests {
  /// 2,000 operations from 8 tasks at once on 3 connections: no more than 3 ever count as in use,
  /// every operation beyond them counts as waiting, and all counts return to zero.
  @Test func concurrentOperationsAreCountedExactly() async throws {
    let usage = PoolUsage(capacity: 3)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<8 {
        group.addTask {
          for _ in 0..<250 {
            await usage.measure {
              let now = usage.snapshot
              #expect(now.inUse <= 3)
              #expect(now.inUse == 3 || now.waiting == 0)
              await Task.yield()
            }
          }
        }
      }
      try await group.waitForAll()
    }
    let final = usage.snapshot
    #expect(final.inUse == 0 && final.waiting == 0)
    #expect(final.waits <= 2000)
  }

  @Test func aSecondOperationOnOneConnectionWaits() throws {
    let usage = PoolUsage(capacity: 1)
    usage.measureNow {
      usage.measureNow {
        #expect(usage.snapshot == PoolUsage.Snapshot(inUse: 1, waiting: 1, waits: 1))
      }
      #expect(usage.snapshot == PoolUsage.Snapshot(inUse: 1, waiting: 0, waits: 1))
    }
    #expect(usage.snapshot == PoolUsage.Snapshot(inUse: 0, waiting: 0, waits: 1))
  }
}
