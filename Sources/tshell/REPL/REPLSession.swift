import Foundation
import LineEditor
import TShellCommands
import TShellLanguage
import TemporalClient

/// One run of the REPL: the host, interpreter, commands, line editor and prompt wired together
/// (`init`), and the read-execute loop (`run`).
final class REPLSession {
  private let host: ConsoleHost
  private let cancellation: CancellationToken
  /// Kept for the session's lifetime: Ctrl-C is the session's while it runs.
  private let interrupts: InterruptWatcher
  private let interpreter: Interpreter
  private let sessions: ClientSessions
  private let editor: LineEditor
  private let prompt: REPLPrompt
  private let recorder = SessionRecorder()

  init(format: ResultFormat, client: ClientOptions, noPager: Bool) {
    let shell = Shell(.console(format: format, client: client))
    let (host, cancellation) = (shell.host, shell.cancellation)
    self.cancellation = cancellation
    interrupts = InterruptWatcher(restoringTerminalOnSuspend: true) { cancellation.cancel() }
    interpreter = shell.interpreter
    interpreter.warnsAboutPathCase = true
    host.ownCommands = [SessionRecorder.command]
    recorder.sandbox = host.sandbox
    sessions = shell.layer.sessions
    let historyPath = sessions.home + "/history"
    let firstRun = !FileManager.default.fileExists(atPath: historyPath)
    if LineEditor.isInteractive {
      try? FileManager.default.createDirectory(atPath: sessions.home, withIntermediateDirectories: true)
    }
    let completer = REPLCompleter(interpreter: interpreter, host: host, layer: shell.layer)
    let editor = LineEditor(
      program: "tshell", historyPath: historyPath, completer: completer.complete,
      interruptDescriptor: interrupts.editorDescriptor)
    self.editor = editor
    host.historyLines = editor.historyEntries
    if !noPager && !client.sandboxed && LineEditor.isInteractive && StandardStreams.isOutputTerminal {
      let pager = ResultPager(environment: { EnvironmentVariables.process[$0] }, rows: { editor.rows })
      host.presentResult = { rendered, output in pager.show(rendered, output: output) { StandardStreams.writeError($0) } }
    }
    prompt = REPLPrompt(colors: StandardStreams.errorColors && StandardStreams.outputColors)
    self.host = host
    let sessions = self.sessions
    recorder.endpoint = { sessions.status().endpoint }
    if firstRun && LineEditor.isInteractive { StandardStreams.writeError(REPL.banner) }
    // Said now rather than when the server starts, which may be in the middle of a Tab.
    if LineEditor.isInteractive && sessions.status().endpoint == ProfileStore.embedded { sessions.announceEmbeddedIfNew() }
  }

  /// Reads and runs inputs until Ctrl-D, `exit` or `quit`; returns the exit status.
  func run() -> Int32 {
    while true {
      guard let input = readInput() else {
        if LineEditor.isInteractive { StandardStreams.writeError("\n") }
        return 0
      }
      let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.isEmpty { continue }
      if text == "exit" || text == "quit" { return 0 }
      if case .success(let program) = input.parsed, let message = recorder.handle(program) {
        editor.remember(input.text)
        host.writeError(message + "\n")
        continue
      }
      let keptOut: Bool
      switch input.parsed {
      case .success(let program): keptOut = Redaction.keepsOutOfHistory(program.statements, resolver: interpreter.resolver)
      case .failure: keptOut = Redaction.mayHoldSecret(input.text)
      }
      if !keptOut {
        // One entry for the whole input: Up brings a block back whole, not its last line.
        editor.remember(input.text)
        if host.historyLines.last != input.text { host.historyLines.append(input.text) }
      }
      if case .success(let program) = input.parsed {
        for warning in program.warnings { host.writeError(warning.render(colors: StandardStreams.errorColors) + "\n") }
      }
      let (status, succeeded) = execute(input.parsed)
      if let status { return status }
      if succeeded, case .success(let program) = input.parsed,
        let note = recorder.ran(program, resolver: interpreter.resolver)
      {
        host.writeError(note + "\n")
      }
    }
  }

  /// One complete input: its lines, their text, and the program they parse to (or why not).
  private struct Input {
    var lines: [String]
    var text: String { lines.joined(separator: "\n") }
    var parsed: Result<Program, LanguageError>
  }

  /// Reads lines until they parse, or fail to for another reason than ending early (each input
  /// is parsed once: the program that proved it complete is the one that runs). Nil at the end.
  private func readInput() -> Input? {
    var lines: [String] = []
    while true {
      host.output.flush()
      let shown = LineEditor.isInteractive ? (lines.isEmpty ? prompt.text(sessions.status()) : prompt.continuation) : ""
      switch editor.readLine(prompt: shown) {
      case .endOfInput:
        return nil
      case .interrupted:
        StandardStreams.writeError("^C\n")
        lines = []
        continue
      case .line(let line):
        lines.append(line)
      }
      do {
        return Input(lines: lines, parsed: .success(try interpreter.parse(lines.joined(separator: "\n"), name: "<repl>")))
      } catch  where error.isIncompleteInput {
        continue
      } catch {
        return Input(lines: lines, parsed: .failure(error))
      }
    }
  }

  /// Runs a program, printing its results and errors; the exit status once it calls `exit`, and
  /// whether it ran without error.
  private func execute(_ parsed: Result<Program, LanguageError>) -> (Int32?, Bool) {
    cancellation.reset()
    host.beginInput()
    if editor.hasPendingInterrupt { cancellation.cancel() }
    interpreter.lastResult = host.lastResult
    let outcome: RunOutcome
    switch parsed {
    case .success(let program): outcome = interpreter.outcome(of: program)
    case .failure(let error): outcome = .failed(error)
    }
    switch outcome {
    case .finished:
      return (nil, true)
    case .exited(let code):
      return (code, false)
    case .skipped:
      host.writeError((outcome.message(colors: false) ?? "") + "\n")
    case .failed(let error):
      // The terminal echoed ^C where the cursor was; the message starts on a line of its own.
      let start = error.kind == .interrupted && LineEditor.isInteractive ? "\n" : ""
      host.writeError(start + error.render(colors: StandardStreams.errorColors) + "\n")
    }
    return (nil, false)
  }
}
