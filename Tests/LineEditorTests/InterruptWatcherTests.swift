import Synchronization
import Testing

@testable import LineEditor

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT is process-wide: these run one at a time, and nothing else in the test process
/// installs a watcher. Each test raises the signal on the thread that installed the handler,
/// which is the thread the handler expects.
@Suite("Interrupt watcher", .serialized)
struct InterruptWatcherTests {
  @Test func eachCtrlCCallsTheWatcherOnce() {
    let calls = Atomic<Int>(0)
    let watcher = InterruptWatcher(restoringTerminalOnSuspend: false) { calls.add(1, ordering: .relaxed) }
    for expected in 1...50 {
      raise(SIGINT)
      #expect(waitUntil { calls.load(ordering: .relaxed) == expected })
    }
    withExtendedLifetime(watcher) {}
  }

  @Test func theNewestWatcherTakesCtrlCOverAndAnOlderOneLeavingKeepsIt() {
    let older = Atomic<Int>(0)
    let newer = Atomic<Int>(0)
    var first: InterruptWatcher? = InterruptWatcher(restoringTerminalOnSuspend: false) { older.add(1, ordering: .relaxed) }
    let second = InterruptWatcher(restoringTerminalOnSuspend: false) { newer.add(1, ordering: .relaxed) }
    raise(SIGINT)
    #expect(waitUntil { newer.load(ordering: .relaxed) == 1 })
    first = nil
    raise(SIGINT)
    #expect(waitUntil { newer.load(ordering: .relaxed) == 2 })
    #expect(older.load(ordering: .relaxed) == 0)
    withExtendedLifetime((first, second)) {}
  }

  /// Watchers made and dropped while Ctrl-C arrives: no call reaches a watcher that is gone
  /// (its callback would run on freed memory), and none is made twice.
  @Test func replacingWatchersWhileInterruptsArriveIsSafe() {
    let calls = Atomic<Int>(0)
    let lastWatcher = InterruptWatcher(restoringTerminalOnSuspend: false) {}
    for _ in 0..<2_000 {
      let alive = Atomic<Bool>(true)
      var watcher: InterruptWatcher? = InterruptWatcher(restoringTerminalOnSuspend: false) {
        let isAlive = alive.load(ordering: .relaxed)
        #expect(isAlive)
        calls.add(1, ordering: .relaxed)
      }
      withExtendedLifetime(watcher) { _ = raise(SIGINT) }
      watcher = nil
      alive.store(false, ordering: .relaxed)
    }
    #expect(calls.load(ordering: .relaxed) <= 2_000)
    withExtendedLifetime(lastWatcher) {}
  }

  /// Polls `condition` for up to five seconds.
  private func waitUntil(_ condition: () -> Bool) -> Bool {
    for _ in 0..<5_000 {
      if condition() { return true }
      usleep(1_000)
    }
    return condition()
  }
}
