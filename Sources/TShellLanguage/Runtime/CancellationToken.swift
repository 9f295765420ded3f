import TShellPath

import Synchronization

/// A flag that Ctrl-C (or a parallel loop's first error) sets to stop a running program.
public final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  public var isCancelled: Bool { flag.load(ordering: .relaxed) }

  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Clears the flag before the next program runs.
  public func reset() { flag.store(false, ordering: .relaxed) }

  /// Throws an interruption error when the flag is set.
  @inline(__always)
  public func check() throws(LanguageError) {
    if flag.load(ordering: .relaxed) { throw LanguageError(.interrupted, "interrupted") }
  }
}
