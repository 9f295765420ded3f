import Synchronization

/// A flag that Ctrl-C (or a parallel loop's first error) sets to stop a running program.
public final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)
  /// A token whose cancellation cancels this one too (the program's, for a parallel loop's).
  private let parent: CancellationToken?

  public init(parent: CancellationToken? = nil) {
    self.parent = parent
  }

  public var isCancelled: Bool { flag.load(ordering: .relaxed) || (parent?.isCancelled ?? false) }

  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Clears the flag before the next program runs.
  public func reset() { flag.store(false, ordering: .relaxed) }

  /// Throws an interruption error when the flag is set.
  @inline(__always)
  public func check() throws(LanguageError) {
    if isCancelled { throw LanguageError(.interrupted, "interrupted") }
  }
}
