import Foundation
import Synchronization

/// `for --parallel N`: bodies run on N threads, each in its own scope with its own interpreter;
/// what they print is replayed in input order; the first failure stops the rest.
extension Interpreter {
  func executeParallel(
    _ variable: Variable, _ elements: [JSONValue], width: Int, body: Block, scope: Scope,
    span: SourceSpan, collecting collected: inout [JSONValue]?
  ) throws -> Completion {
    let valued = collected != nil
    guard !elements.isEmpty else { return .normal }
    let token = CancellationToken(parent: cancellation)
    let state = ParallelState(count: elements.count)
    let finished = DispatchSemaphore(value: 0)
    let workers = min(width, elements.count)
    let started = host.monotonicSeconds()
    let shared = SharedLoopContext(interpreter: self, scope: scope)
    // Read-only while the threads run: their bodies, and what those call, may read these scopes
    // but not write them (marked before the threads start, cleared after they all end).
    let sharedScopes = scope.shareChain()
    for _ in 0..<workers {
      let worker = Thread {
        while let index = state.next(), !token.isCancelled {
          let buffer = BufferedHost(parent: shared.interpreter.host)
          let child = Interpreter(forking: shared.interpreter, host: buffer, cancellation: token)
          let bodyScope = Scope(parent: shared.scope)
          bodyScope.define(variable.id, elements[index])
          let outcome: Result<Completion, Error>
          var value: JSONValue? = nil
          do {
            if valued {
              let (completion, last) = try child.executeValue(body, in: bodyScope)
              (outcome, value) = (.success(completion), last)
            } else {
              outcome = .success(try child.execute(body, in: bodyScope))
            }
          } catch {
            outcome = .failure(error)
          }
          if case .failure(let error) = outcome {
            state.failed(with: error)
            token.cancel()
          }
          if case .success(.breakLoop) = outcome { state.stop() }
          state.finish(index, IterationResult(events: buffer.events, outcome: outcome, value: value))
        }
        state.workerDone()
        finished.signal()
      }
      worker.stackSize = 16 << 20
      worker.start()
    }
    defer {
      for _ in 0..<workers { finished.wait() }
      Scope.unshare(sharedScopes)
      host.loopDidFinish()
    }
    // Replay each iteration's output as soon as it and all before it are done.
    var next = 0
    while let result = state.wait(for: next) {
      for event in result.events { event.replay(on: host) }
      switch result.outcome {
      case .failure(let error as LanguageError) where error.kind == .interrupted && !cancellation.isCancelled:
        // Stopped because another iteration failed: that failure is the loop's.
        throw state.firstFailure ?? error
      case .failure(let error):
        throw error
      case .success(.returned):
        throw LanguageError(.runtime, "'return' cannot leave a --parallel loop body", source: source, span: span)
      case .success(.normal):
        if let value = result.value { collected?.append(value) }
      case .success:
        break
      }
      next += 1
      host.loopDidAdvance(completed: next, total: elements.count, elapsed: host.monotonicSeconds() - started)
    }
    try cancellation.check()
    return .normal
  }
}

/// What every thread of a parallel loop reads: the interpreter it forks and the enclosing scope.
/// They are only read while the loop runs: the scopes are marked shared, and every write to a
/// shared scope is refused, so sharing them across threads is safe.
struct SharedLoopContext: @unchecked Sendable {
  let interpreter: Interpreter
  let scope: Scope
}

/// The outcome of one parallel iteration.
struct IterationResult {
  var events: [BufferedHost.Event]
  var outcome: Result<Interpreter.Completion, Error>
  /// The iteration's value, when the loop is used as a value.
  var value: JSONValue?
}

/// The work queue and the results of a parallel loop, shared by its threads.
final class ParallelState: @unchecked Sendable {
  private let lock = NSCondition()
  private var nextIndex = 0
  private let count: Int
  private var stopped = false
  private var results: [Int: IterationResult] = [:]
  private var failure: Error?

  init(count: Int) {
    self.count = count
  }

  /// The next index to run, or nil when all are taken or the loop stopped.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard !stopped, nextIndex < count else { return nil }
    nextIndex += 1
    return nextIndex - 1
  }

  /// An iteration failed; the first failure that is not itself the loop stopping is kept.
  func failed(with error: Error) {
    lock.lock()
    defer { lock.unlock() }
    if failure == nil, (error as? LanguageError)?.kind != .interrupted { failure = error }
  }

  /// The error that stopped the loop.
  var firstFailure: Error? {
    lock.lock()
    defer { lock.unlock() }
    return failure
  }

  /// No further iterations start (`break`).
  func stop() {
    lock.lock()
    stopped = true
    lock.unlock()
  }

  func finish(_ index: Int, _ result: IterationResult) {
    lock.lock()
    results[index] = result
    lock.broadcast()
    lock.unlock()
  }

  func workerDone() {
    lock.lock()
    lock.broadcast()
    lock.unlock()
  }

  /// Waits for iteration `index`; nil when it will never run (the loop stopped, or it is past the end).
  func wait(for index: Int) -> IterationResult? {
    lock.lock()
    defer { lock.unlock() }
    while results[index] == nil {
      if index >= count || (index >= nextIndex && (stopped || nextIndex >= count)) { return nil }
      lock.wait()
    }
    return results.removeValue(forKey: index)
  }
}

/// A host that keeps what a parallel body prints and passes everything else through.
final class BufferedHost: LanguageHost, @unchecked Sendable {
  enum Event {
    case result(JSONValue)
    case output(String)

    func replay(on host: LanguageHost) {
      switch self {
      case .result(let value): host.printResult(value)
      case .output(let text): host.writeOutput(text)
      }
    }
  }

  let parent: LanguageHost
  private(set) var events: [Event] = []

  init(parent: LanguageHost) {
    self.parent = parent
  }

  func printResult(_ value: JSONValue) { events.append(.result(value)) }
  func writeOutput(_ text: String) { events.append(.output(text)) }
  func writeError(_ text: String) { parent.writeError(text) }
  func readFile(_ path: String) throws -> String { try parent.readFile(path) }
  func writeFile(_ path: String, contents: String, append: Bool) throws {
    try parent.writeFile(path, contents: contents, append: append)
  }
  func environmentVariable(_ name: String) -> String? { parent.environmentVariable(name) }
  func sleep(seconds: Double, cancellation: CancellationToken) throws {
    try parent.sleep(seconds: seconds, cancellation: cancellation)
  }
  func monotonicSeconds() -> Double { parent.monotonicSeconds() }
  func history() -> [String] { parent.history() }
  var commands: [CommandDescription] { parent.commands }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? { try parent.runCommand(invocation) }
}
