import ArgumentParser
import Foundation
import LineEditor
import TShellCommands
import TShellLanguage

/// `tshell demo`: a guided walk-through on the embedded server, in a temporary home that is
/// removed afterwards (the user's own home, tokens and profiles are never touched).
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell demo",
    abstract: "A guided tour: an account, keys, export, a script and a dry run, on a throwaway server.",
    discussion: """
      Each step explains itself, shows its command, runs it and shows the result. On a terminal \
      the tour waits for Enter after each step (q and Enter stops it); --fast runs it through.
      """
  )

  @Flag(help: "Run every step without waiting for Enter.")
  var fast = false

  @Option(help: ArgumentHelp("Start at step N (the steps before it run silently).", valueName: "n"))
  var step = 1

  func validate() throws {
    guard (1...DemoStep.all.count).contains(step) else {
      throw ValidationError("--step must be from 1 to \(DemoStep.all.count), not \(step)")
    }
  }

  func run() throws {
    let home = try DemoHome()
    // Runs however the tour ends: finished, q, a failed step, Ctrl-C, or the terminal closing
    // (SIGHUP) or SIGTERM, which stop the step under way instead of ending the process.
    defer { home.remove() }
    let session = DemoSession()
    let cancellation = session.cancellation
    let interrupts = InterruptWatcher(restoringTerminalOnSuspend: false, includingHangup: true) { cancellation.cancel() }
    defer { withExtendedLifetime(interrupts) {} }
    let interrupted = CommandFailure(message: "\ntshell demo: interrupted; its temporary files are removed", exitCode: 130)
    let pausing = !fast && StandardStreams.isInputTerminal
    let steps = DemoStep.all
    for (index, current) in steps.enumerated() {
      let number = index + 1
      if number < step {
        try StandardStreams.silenced { _ = try session.run(current) }
        continue
      }
      StandardStreams.writeOutput(DemoSession.heading(number, of: steps.count, current.title))
      StandardStreams.writeOutput(current.explanation.map { $0 + "\n" }.joined())
      let succeeded = try session.run(current)
      if cancellation.isCancelled { throw interrupted }
      guard succeeded else { throw CommandFailure(message: "tshell demo: step \(number) failed", exitCode: 1) }
      if pausing && number < steps.count {
        switch Self.pause(interruptDescriptor: interrupts.editorDescriptor) {
        case .next: break
        case .quit: return
        case .interrupted: throw interrupted
        }
      }
      StandardStreams.writeOutput("\n")
    }
    StandardStreams.writeOutput(DemoStep.closing.map { $0 + "\n" }.joined())
  }

  private enum PauseAnswer { case next, quit, interrupted }

  /// Waits for one key: Enter (or space) goes on, q stops, without waiting for Enter.
  private static func pause(interruptDescriptor: Int32?) -> PauseAnswer {
    let prompt = TerminalPrompt()
    var text = "\n[Enter: next step, q: quit] "
    while true {
      switch prompt.readKey(text, interruptDescriptor: interruptDescriptor) {
      case .key(UInt8(ascii: "q")), .key(UInt8(ascii: "Q")):
        StandardStreams.writeError("q\n")
        return .quit
      case .key(UInt8(ascii: "\n")), .key(UInt8(ascii: "\r")), .key(UInt8(ascii: " ")):
        StandardStreams.writeError("\n")
        return .next
      case .key:
        text = ""
      case .interrupted, .closed:
        return .interrupted
      }
    }
  }
}

/// The interpreter the steps share, so that the login and variables carry from step to step.
final class DemoSession {
  private let host: ConsoleHost
  private let interpreter: Interpreter
  /// Cancelled by Ctrl-C, SIGHUP or SIGTERM: the step under way stops, and so does the tour.
  let cancellation: CancellationToken

  init() {
    let shell = Shell(.console(format: ResultFormat(style: .pretty, colors: StandardStreams.outputColors)))
    (host, interpreter, cancellation) = (shell.host, shell.interpreter, shell.cancellation)
  }

  /// `── 3/9 Log in ───…` across 78 columns.
  static func heading(_ number: Int, of count: Int, _ title: String) -> String {
    let text = "── \(number)/\(count) \(title) "
    return text + String(repeating: "─", count: max(3, 78 - text.count)) + "\n"
  }

  /// Shows and runs one step; false when it failed (the error is on stderr).
  func run(_ step: DemoStep) throws -> Bool {
    if let file = step.file {
      try file.text.write(toFile: file.name, atomically: true, encoding: .utf8)
      let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(file.text.hasSuffix("\n") ? 1 : 0)
      host.writeOutput(lines.map { "  │ \($0)\n" }.joined())
    }
    let shown = step.shownAs ?? step.code.split(separator: "\n").map { "tshell> \($0)" }.joined(separator: "\n")
    host.writeOutput(shown + "\n")
    defer { host.output.flush() }
    let outcome = interpreter.outcome(running: step.code, name: "<demo>")
    switch outcome {
    case .finished, .exited(0):
      return true
    case .exited, .skipped, .failed:
      if let message = outcome.message(colors: StandardStreams.errorColors) { host.writeError(message + "\n") }
      return false
    }
  }
}

/// A temporary `TSHELL_HOME` and working directory for the tour, removed at the end.
struct DemoHome {
  let path: String
  private let previousDirectory = FileManager.default.currentDirectoryPath

  init() throws {
    guard let made = TemporaryFolder.make("tshell-demo") else {
      throw CommandFailure(message: "tshell demo: cannot make a temporary directory", exitCode: 1)
    }
    path = made
    // The tour runs on its own embedded server, whatever the user has configured.
    setenv("TSHELL_HOME", path, 1)
    for variable in ["TSHELL_API", "TSHELL_TOKEN", "XDG_CONFIG_HOME"] { unsetenv(variable) }
    setenv("DEMO_PW", "demo-" + UUID().uuidString, 1)
    // The tour's files (a script, exported keys) go to this folder, never to the user's.
    guard FileManager.default.changeCurrentDirectoryPath(path) else {
      try? FileManager.default.removeItem(atPath: path)
      throw CommandFailure(message: "tshell demo: cannot enter the temporary directory \(path)", exitCode: 1)
    }
  }

  func remove() {
    // The previous folder may be gone by now; the tour's own is removed either way.
    _ = FileManager.default.changeCurrentDirectoryPath(previousDirectory)
    try? FileManager.default.removeItem(atPath: path)
  }
}
