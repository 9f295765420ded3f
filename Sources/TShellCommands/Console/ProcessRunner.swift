import Dispatch
import Subprocess
import SystemPackage
import TShellLanguage

/// Runs programs for `exec()` with swift-subprocess: argv only, never a shell; what they print
/// is kept in memory (at most 64 MiB of each stream); a timeout and Ctrl-C end the child
/// (swift-subprocess terminates it when its task is cancelled).
enum ProcessRunner {
  static let outputLimit = 64 << 20

  static func run(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome {
    let box = OutcomeBox()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
      defer { done.signal() }
      do {
        box.result = .success(try await collect(request))
      } catch {
        box.result = .failure(error)
      }
    }
    let deadline = request.timeout.map { DispatchTime.now() + $0 }
    // Waits in short slices, so that Ctrl-C and the deadline are noticed while the program runs.
    while done.wait(timeout: .now() + 0.05) == .timedOut {
      if cancellation.isCancelled || deadline.map({ DispatchTime.now() >= $0 }) == true {
        task.cancel()
        done.wait()
        if cancellation.isCancelled { throw LanguageError(.interrupted, "interrupted") }
        throw LanguageError(
          .runtime, "exec: \(request.program) did not end within \(JSONPrinter.string(.double(request.timeout ?? 0))) s",
          hint: "it was stopped; --timeout SECONDS allows more")
      }
    }
    guard let result = box.result else { throw LanguageError(.runtime, "exec: \(request.program) gave no result") }
    switch result {
    case .success(let outcome): return outcome
    case .failure(let error as SubprocessError) where error.code == .executableNotFound:
      throw LanguageError(
        .runtime, "exec: cannot start \(request.program): no such program",
        hint: request.program.contains("/") ? nil : "it is looked for on the PATH")
    case .failure(let error as SubprocessError) where error.code == .outputLimitExceeded:
      throw LanguageError(.runtime, "exec: \(request.program) wrote more than \(outputLimit >> 20) MiB")
    case .failure(let error as SubprocessError) where error.code == .failedToChangeWorkingDirectory:
      throw LanguageError(.runtime, "exec: cannot run \(request.program) in \(request.directory ?? "."): no such directory")
    case .failure(let error):
      throw LanguageError(.runtime, "exec: cannot start \(request.program): \(error)")
    }
  }

  private static func collect(_ request: ProcessRequest) async throws -> ProcessOutcome {
    let executable: Executable = request.program.contains("/") ? .path(FilePath(request.program)) : .name(request.program)
    let directory = request.directory.map { FilePath($0) }
    let arguments = Arguments(request.arguments)
    if let input = request.input {
      let result = try await Subprocess.run(
        executable, arguments: arguments, workingDirectory: directory, input: .string(input),
        output: .string(limit: outputLimit), error: .string(limit: outputLimit))
      return outcome(result.terminationStatus, result.standardOutput, result.standardError)
    }
    let result = try await Subprocess.run(
      executable, arguments: arguments, workingDirectory: directory, input: .none,
      output: .string(limit: outputLimit), error: .string(limit: outputLimit))
    return outcome(result.terminationStatus, result.standardOutput, result.standardError)
  }

  private static func outcome(_ status: TerminationStatus, _ stdout: String?, _ stderr: String?) -> ProcessOutcome {
    let code: Int
    switch status {
    case .exited(let value): code = Int(value)
    case .signaled(let signal): code = 128 + Int(signal)
    }
    return ProcessOutcome(status: code, stdout: stdout ?? "", stderr: stderr ?? "")
  }

  /// Carries the outcome from the task to the waiting thread; the semaphore hands it over.
  private final class OutcomeBox: @unchecked Sendable {
    var result: Result<ProcessOutcome, Error>?
  }
}
