import ArgumentParser
import Dispatch

/// Runs `operation` on the concurrency pool and waits for it on the calling thread, which must
/// not be one of the pool's: the bridge from tshell's synchronous main thread to async APIs.
func blockingAwait<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) throws -> Value {
  let box = ResultBox<Value>()
  let done = DispatchSemaphore(value: 0)
  Task {
    do {
      box.result = .success(try await operation())
    } catch {
      box.result = .failure(error)
    }
    done.signal()
  }
  done.wait()
  // The semaphore orders the task's write before this read.
  guard let result = box.result else { throw CancellationError() }
  return try result.get()
}

/// Carries a result from the task to the waiting thread; the semaphore hands it over, so only
/// one side touches it at a time.
private final class ResultBox<Value>: @unchecked Sendable {
  var result: Result<Value, Error>?
}

/// Runs an async command from the synchronous entry point.
enum AsyncRunner {
  static func run(_ command: any AsyncParsableCommand) throws {
    let box = CommandBox(command)
    try blockingAwait { try await box.command.run() }
  }
}

/// Hands the parsed command to the task, which alone uses it from then on.
private final class CommandBox: @unchecked Sendable {
  var command: any AsyncParsableCommand
  init(_ command: any AsyncParsableCommand) { self.command = command }
}
