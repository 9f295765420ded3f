import Foundation
import TShellLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The language's outside world on the console, for scripts and the REPL: stdout (buffered),
/// stderr, files, the environment, time, and the command layer.
public final class ConsoleHost: LanguageHost, @unchecked Sendable {
  public let output: BufferedOutput
  private let streams: ConsoleStreams
  private let environment: EnvironmentVariables
  public var format: ResultFormat
  public var historyLines: [String] = []
  /// The API commands and helpers; set once the command layer exists.
  public internal(set) var layer: CommandLayer?
  /// The value the last top-level statement printed (the REPL completes its keys).
  public private(set) var lastResult: JSONValue?
  /// What each command (`usage`, `key list`, …) returned last (the REPL completes `CMD | $.`).
  private var commandResults: [String: JSONValue] = [:]
  /// In the REPL, results go through this (a pager for those taller than the screen).
  public var presentResult: ((_ rendered: [UInt8], _ output: BufferedOutput) -> Void)?
  // Guards the mutable state above: the iterations of a parallel loop print and run commands
  // from several threads.
  private let lock = NSLock()
  /// `--sandbox`: what the effects below refuse.
  public var sandbox: Sandbox?
  /// Called once when an input has printed the sandbox's limit (the shell stops the input).
  public var outputLimitReached: (() -> Void)?
  private var printedSinceInput = 0
  private var callsInLoop = 0
  private var progressShown = false

  public init(format: ResultFormat, streams: ConsoleStreams = .standard, environment: EnvironmentVariables = .process) {
    self.format = format
    self.streams = streams
    self.environment = environment
    output = BufferedOutput(streams)
  }

  public func printResult(_ value: JSONValue) {
    lock.withLock {
      lastResult = value
      let rendered = format.render(value)
      guard let allowed = allowance(rendered.count) else { return }
      guard let presentResult, allowed == rendered.count else { return output.write(Array(rendered[..<allowed])) }
      presentResult(rendered, output)
    }
  }

  public func writeOutput(_ text: String) {
    lock.withLock {
      guard sandbox != nil else { return output.write(text) }
      let bytes = Array(text.utf8)
      guard let allowed = allowance(bytes.count) else { return }
      output.write(allowed == bytes.count ? bytes : Array(bytes[..<allowed]))
    }
  }

  /// A new input begins: the sandbox's output limit counts from here.
  public func beginInput() {
    lock.withLock { printedSinceInput = 0 }
  }

  /// How many of `count` bytes may be printed (all outside the sandbox); nil when none. Called
  /// with the lock held.
  private func allowance(_ count: Int) -> Int? {
    guard let sandbox else { return count }
    let left = sandbox.outputLimit - printedSinceInput
    guard left > 0 else { return nil }
    printedSinceInput += count
    guard count >= left else { return count }
    output.write("\n")
    output.flush()
    streams.error(
      "output limit: the sandbox prints at most \(sandbox.outputLimit >> 10) KiB per input; the rest is dropped\n")
    outputLimitReached?()
    return left
  }

  public func writeError(_ text: String) {
    lock.withLock {
      output.flush()
      if progressShown {
        streams.error("\r\u{1B}[K")
        progressShown = false
      }
      streams.error(text)
    }
  }

  public func readFile(_ path: String) throws -> String {
    try sandbox?.check(path, "read")
    do {
      return try InputFile.readText(path)
    } catch {
      throw LanguageError(.runtime, error.message.replacingPrefix("cannot open ", with: "cannot read "))
    }
  }

  public func writeFile(_ path: String, contents: String, append: Bool) throws {
    try sandbox?.check(path, "write")
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
    let descriptor = open(path, flags, 0o644)
    guard descriptor >= 0 else {
      throw LanguageError(.runtime, "cannot write \(path): \(InputFile.describe(errno))")
    }
    defer { close(descriptor) }
    var text = contents
    let written = text.withUTF8 { StandardStreams.write($0, to: descriptor) }
    guard written else { throw LanguageError(.runtime, "cannot write \(path): \(InputFile.describe(errno))") }
  }

  public func environmentVariable(_ name: String) throws -> String? {
    if sandbox != nil { throw HostRefusal.sandboxed("the environment") }
    return environment[name]
  }

  public func sleep(seconds: Double, cancellation: CancellationToken) throws {
    output.flush()
    let deadline = monotonicSeconds() + seconds
    while true {
      try cancellation.check()
      let remaining = deadline - monotonicSeconds()
      guard remaining > 0 else { return }
      usleep(useconds_t(min(remaining, 0.05) * 1_000_000))
    }
  }

  public func monotonicSeconds() -> Double { MonotonicClock.seconds() }

  public func history() -> [String] { historyLines }

  /// Commands of the program around the language besides the command layer's (the REPL's `record`).
  public var ownCommands: [CommandDescription] = []

  public var commands: [CommandDescription] { (layer?.descriptions ?? []) + ownCommands }

  public func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? {
    guard let layer else { throw LanguageError(.runtime, "unknown command '\(invocation.name)'") }
    lock.withLock {
      output.flush()
      callsInLoop += 1
    }
    let result = try layer.run(invocation)
    if let result { lock.withLock { commandResults[invocation.name] = result } }
    return result
  }

  /// The value the command of this full name (`key list`) returned last.
  public func result(ofCommand name: String) -> JSONValue? {
    lock.withLock { commandResults[name] }
  }

  /// Progress lines go to a terminal only.
  public var reportsLoopProgress: Bool { streams.errorIsTerminal }

  /// A progress line on stderr (a terminal only) for loops that make API calls and run longer than a second.
  public func loopDidAdvance(completed: Int, total: Int, elapsed: Double) {
    guard elapsed >= 1, streams.errorIsTerminal else { return }
    lock.withLock {
      guard callsInLoop > 0 else { return }
      let rate = Double(completed) / elapsed
      let remaining = rate > 0 ? Int((Double(total - completed) / rate).rounded(.up)) : 0
      let text = "  \(completed)/\(total)  \(String(format: "%.1f", rate))/s  ETA \(remaining)s"
      streams.error("\r\u{1B}[K" + text)
      progressShown = true
    }
  }

  public func loopDidFinish() {
    lock.withLock {
      callsInLoop = 0
      if progressShown {
        streams.error("\r\u{1B}[K")
        progressShown = false
      }
    }
  }
}

extension String {
  /// The string with `prefix` replaced, when it starts with it.
  public func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
