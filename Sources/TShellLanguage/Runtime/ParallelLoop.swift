import Foundation
import Synchronization

/// `for --parallel N`: bodies run on N threads (at most `maximumParallelWidth`), each in its own
/// scope with its own interpreter; what they print is replayed in input order, so the loop prints
/// and gives what the sequential loop would: an error, `exit` or `break` at iteration i keeps
/// every iteration before i (they run to their end) and drops the ones after it (they are
/// stopped). Ctrl-C stops them all. Indices are claimed in order and only while the loop goes
/// on, and every claimed index is finished, so the replay never waits for one that will not come.
extension Interpreter {
  func executeParallel(
    _ variable: Variable, _ sequence: LoopSequence, width: Int, body: Block, scope: Scope,
    span: SourceSpan, collecting collected: inout [JSONValue]?
  ) throws -> Completion {
    let total = sequence.count
    guard total > 0 else { return .normal }
    let valued = collected != nil
    let loopToken = CancellationToken(parent: cancellation)
    // Results wait in memory until their turn: at most a few per thread.
    let workers = min(width, total)
    let state = ParallelState(count: total, workers: workers, window: width * 4)
    let finished = DispatchSemaphore(value: 0)
    let started = host.monotonicSeconds()
    let shared = SharedLoopContext(interpreter: self, scope: scope, sequence: sequence)
    // Read-only while the threads run: their bodies, and what those call, may read these scopes
    // but not write them (marked before the threads start, cleared after they all end).
    let sharedScopes = scope.shareChain()
    for _ in 0..<workers {
      let worker = Thread {
        while let (index, token) = state.claim(parent: loopToken) {
          let buffer = BufferedHost(parent: shared.interpreter.host)
          let child = Interpreter(forking: shared.interpreter, host: buffer, cancellation: token)
          let bodyScope = Scope(parent: shared.scope)
          bodyScope.define(variable.id, shared.sequence.element(index))
          var result = IterationResult(events: [], outcome: .success(.normal))
          do {
            if valued {
              let (completion, last) = try child.executeValue(body, in: bodyScope)
              (result.outcome, result.value) = (.success(completion), last)
            } else {
              result.outcome = .success(try child.execute(body, in: bodyScope))
            }
          } catch {
            result.outcome = .failure(error)
          }
          result.events = buffer.events
          result.failedTests = child.failedTests
          state.finish(index, result)
        }
        state.workerDone()
        finished.signal()
      }
      worker.stackSize = 16 << 20
      worker.start()
    }
    defer {
      // Whatever ended the replay, no thread claims another index; the ones running end soon
      // (stopped, or cancelled when the loop is interrupted), and then the scopes are free again.
      state.abandon()
      for _ in 0..<workers { finished.wait() }
      Scope.unshare(sharedScopes)
      host.loopDidFinish()
    }
    // Replay each iteration's output as soon as it and all before it are done.
    var next = 0
    replay: while let result = state.take(next) {
      for event in result.events { event.replay(on: host) }
      failedTests += result.failedTests
      switch result.outcome {
      case .failure(let error as LanguageError) where error.kind == .interrupted:
        // Ctrl-C, or stopped because an earlier iteration failed or broke off (that one has
        // been replayed).
        break replay
      case .failure(let error):
        throw error
      case .success(.returned):
        throw LanguageError(.runtime, "'return' cannot leave a --parallel loop body", source: source, span: span)
      case .success(.breakLoop):
        break replay
      case .success(.normal):
        if let value = result.value { collected?.append(value) }
      case .success(.continueLoop):
        break
      }
      next += 1
      host.loopDidAdvance(completed: next, total: total, elapsed: host.monotonicSeconds() - started)
    }
    // Ctrl-C ends the loop at the loop, wherever its bodies were.
    if cancellation.isCancelled { throw LanguageError(.interrupted, "interrupted", source: source, span: span) }
    return .normal
  }
}

/// What every thread of a parallel loop reads: the interpreter it forks, the enclosing scope
/// and the sequence. They are only read while the loop runs: the scopes are marked shared, and
/// every write to a shared scope is refused, so sharing them across threads is safe.
struct SharedLoopContext: @unchecked Sendable {
  let interpreter: Interpreter
  let scope: Scope
  let sequence: LoopSequence
}

/// The outcome of one parallel iteration.
struct IterationResult {
  var events: [BufferedHost.Event]
  var outcome: Result<Interpreter.Completion, Error>
  /// The iteration's value, when the loop is used as a value.
  var value: JSONValue?
  /// How many `test` blocks failed in the iteration.
  var failedTests = 0
}

/// The indices, the running iterations and the results of a parallel loop, shared by its
/// threads and the replay. `lock` guards everything here.
final class ParallelState: @unchecked Sendable {
  private let lock = NSCondition()
  private let count: Int
  private let window: Int
  private var nextIndex = 0
  private var replayed = 0
  /// Worker threads still claiming.
  private var workers: Int
  /// Set when the loop stops at `stopIndex` (an error, `exit`, `break`) or is abandoned: no index
  /// is claimed after that.
  private var stopped = false
  private var running: [Int: CancellationToken] = [:]
  private var results: [Int: IterationResult] = [:]

  init(count: Int, workers: Int, window: Int) {
    self.count = count
    self.workers = workers
    self.window = max(window, 1)
  }

  /// The next index to run and its own token, or nil when the loop has no more to give. Waits
  /// while the replay is `window` results behind.
  func claim(parent: CancellationToken) -> (Int, CancellationToken)? {
    lock.lock()
    defer { lock.unlock() }
    while !stopped && !parent.isCancelled && nextIndex < count && nextIndex - replayed >= window { lock.wait() }
    guard !stopped, !parent.isCancelled, nextIndex < count else { return nil }
    let token = CancellationToken(parent: parent)
    running[nextIndex] = token
    nextIndex += 1
    return (nextIndex - 1, token)
  }

  /// An iteration ended. One that failed or broke off stops the loop there: nothing more is
  /// claimed, and the later iterations still running are stopped (their results are dropped).
  func finish(_ index: Int, _ result: IterationResult) {
    lock.lock()
    defer { lock.unlock() }
    running[index] = nil
    results[index] = result
    if result.endsLoop {
      stopped = true
      for (other, token) in running where other > index { token.cancel() }
    }
    lock.broadcast()
  }

  /// A worker thread has nothing left to do.
  func workerDone() {
    lock.lock()
    workers -= 1
    lock.broadcast()
    lock.unlock()
  }

  /// Waits for iteration `index`; nil when it will never run.
  func take(_ index: Int) -> IterationResult? {
    lock.lock()
    defer { lock.unlock() }
    while results[index] == nil {
      // Not claimed, and nothing will claim it: the loop stopped, or every worker is gone.
      if index >= nextIndex && (stopped || index >= count || (workers <= 0 && running.isEmpty)) { return nil }
      lock.wait()
    }
    replayed = index + 1
    lock.broadcast()
    return results.removeValue(forKey: index)
  }

  /// The replay is over: nothing more is claimed, and whatever still runs is stopped.
  func abandon() {
    lock.lock()
    stopped = true
    for token in running.values { token.cancel() }
    lock.broadcast()
    lock.unlock()
  }
}

extension IterationResult {
  /// Whether the iteration ends the loop: an error (not a stop caused by another), `exit`, `break`.
  var endsLoop: Bool {
    switch outcome {
    case .failure(let error as LanguageError): return error.kind != .interrupted
    case .failure: return true
    case .success(.breakLoop), .success(.returned): return true
    case .success: return false
    }
  }
}

/// A host that keeps what a parallel body prints, on stdout and stderr (so both come out in the
/// order of the iterations, as from a sequential loop), and passes everything else through.
final class BufferedHost: LanguageHost, @unchecked Sendable {
  enum Event {
    case result(JSONValue)
    case output(String)
    case error(String)

    func replay(on host: LanguageHost) {
      switch self {
      case .result(let value): host.printResult(value)
      case .output(let text): host.writeOutput(text)
      case .error(let text): host.writeError(text)
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
  func writeError(_ text: String) { events.append(.error(text)) }
  func readFile(_ path: String) throws -> String { try parent.readFile(path) }
  func writeFile(_ path: String, contents: String, append: Bool) throws {
    try parent.writeFile(path, contents: contents, append: append)
  }
  func environmentVariable(_ name: String) throws -> String? { try parent.environmentVariable(name) }
  func sleep(seconds: Double, cancellation: CancellationToken) throws {
    try parent.sleep(seconds: seconds, cancellation: cancellation)
  }
  func monotonicSeconds() -> Double { parent.monotonicSeconds() }
  func history() -> [String] { parent.history() }
  var commands: [CommandDescription] { parent.commands }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? { try parent.runCommand(invocation) }
  func currentTime() -> Double { parent.currentTime() }
  func environmentVariables() throws -> [(name: String, value: String)] { try parent.environmentVariables() }
  func randomBytes(_ count: Int) throws -> [UInt8] { try parent.randomBytes(count) }
  func fileKind(_ path: String) throws -> FileKind? { try parent.fileKind(path) }
  func makeDirectory(_ path: String) throws { try parent.makeDirectory(path) }
  func removeFile(_ path: String) throws { try parent.removeFile(path) }
  func directoryEntries(_ path: String) throws -> [DirectoryEntry] { try parent.directoryEntries(path) }
  func runProcess(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome {
    try parent.runProcess(request, cancellation: cancellation)
  }
}
