import ArgumentParser
import Dispatch

/// Runs an async command from the synchronous entry point (the main thread waits; the command
/// runs on the concurrency pool), keeping its error.
enum AsyncRunner {
  static func run(_ command: any AsyncParsableCommand) throws {
    let box = CommandBox(command)
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        try await box.command.run()
      } catch {
        box.error = error
      }
      done.signal()
    }
    done.wait()
    if let error = box.error { throw error }
  }
}

/// Hands the parsed command to the task; only one side touches it at a time.
private final class CommandBox: @unchecked Sendable {
  var command: any AsyncParsableCommand
  var error: Error?
  init(_ command: any AsyncParsableCommand) { self.command = command }
}
