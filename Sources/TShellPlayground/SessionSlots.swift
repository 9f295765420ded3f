import Synchronization

/// The playground's sessions at once, capped: a visitor takes a slot for as long as the session
/// lives, and there is none to take when the playground is full.
final class SessionSlots: Sendable {
  let capacity: Int
  private let taken = Mutex(0)

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Sessions running now.
  var count: Int { taken.withLock { $0 } }

  var isFull: Bool { count >= capacity }

  /// Takes a slot; false when none is free.
  func take() -> Bool {
    taken.withLock { taken in
      guard taken < capacity else { return false }
      taken += 1
      return true
    }
  }

  func release() {
    taken.withLock { $0 -= 1 }
  }
}
