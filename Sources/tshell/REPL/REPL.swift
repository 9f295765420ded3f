import Foundation
import LineEditor
import TShellCommands
import TShellLanguage
import TemporalClient

/// The interactive loop: reads complete inputs (several lines while a block, a string or a pipe
/// is open), runs them, prints results and errors, and survives both. Ctrl-C clears the line or
/// cancels what runs; Ctrl-D on an empty line, `exit` and `quit` leave.
struct REPL {
  var format: ResultFormat
  var client = ClientEnvironment.Options()
  /// Print long results whole instead of through a pager.
  var noPager = false

  func run() -> Int32 {
    let host = ScriptHost(format: format)
    let cancellation = CancellationToken()
    let interrupts = InterruptWatcher(restoringTerminalOnSuspend: true) { cancellation.cancel() }
    defer { withExtendedLifetime(interrupts) {} }
    let interpreter = Interpreter(host: host, cancellation: cancellation)
    let shell = CommandWiring.shell(for: host, options: client, cancellation: cancellation, scriptOnStandardInput: false)
    host.shell = shell
    let environment = shell.environment
    let historyPath = TShellHome.path + "/history"
    let firstRun = !FileManager.default.fileExists(atPath: historyPath)
    if LineEditor.isInteractive { try? FileManager.default.createDirectory(atPath: TShellHome.path, withIntermediateDirectories: true) }
    let completer = REPLCompleter(interpreter: interpreter, host: host, shell: shell)
    let editor = LineEditor(program: "tshell", historyPath: historyPath, completer: completer.complete,
      interruptDescriptor: interrupts.editorDescriptor)
    host.historyLines = editor.historyEntries
    if !noPager && LineEditor.isInteractive && StandardStreams.isOutputTerminal {
      host.pager = ResultPager(environment: ProcessInfo.processInfo.environment) { editor.rows }
    }
    let prompt = REPLPrompt(colors: StandardStreams.errorColors && StandardStreams.outputColors)
    if firstRun && LineEditor.isInteractive { StandardStreams.writeError(REPL.banner) }
    // Said now rather than when the server starts, which may be in the middle of a Tab.
    if LineEditor.isInteractive && environment.status().endpoint == ProfileStore.embedded { environment.announceEmbedded() }
    var pending: [String] = []
    while true {
      host.output.flush()
      let shown = LineEditor.isInteractive ? (pending.isEmpty ? prompt.text(environment.status()) : prompt.continuation) : ""
      switch editor.readLine(prompt: shown) {
      case .endOfInput:
        if LineEditor.isInteractive { StandardStreams.writeError("\n") }
        return 0
      case .interrupted:
        StandardStreams.writeError("^C\n")
        pending = []
        continue
      case .line(let line):
        pending.append(line)
      }
      let input = pending.joined(separator: "\n")
      guard Parser.isComplete(input) else { continue }
      let lines = pending
      pending = []
      if input.trimmingSpaces().isEmpty { continue }
      if ["exit", "quit"].contains(input.trimmingSpaces()) { return 0 }
      if !Redaction.containsSecret(input, commands: host.commands) {
        for line in lines { editor.remember(line) }
        if host.historyLines.last != input { host.historyLines.append(input) }
      }
      cancellation.reset()
      interpreter.lastResult = host.lastResult
      do {
        try interpreter.run(try interpreter.parse(input, name: "<repl>"))
      } catch let error as LanguageError {
        // The terminal echoed ^C where the cursor was; the message starts on a line of its own.
        let start = error.kind == .interrupted && LineEditor.isInteractive ? "\n" : ""
        host.writeError(start + error.render(colors: StandardStreams.errorColors) + "\n")
      } catch let exit as ExitRequest {
        return exit.code
      } catch {
        host.writeError("tshell: \(error)\n")
      }
    }
  }

  /// Shown once, on the first run (no history yet).
  static let banner = """
    tshell \(TShellVersion.current): a shell for the Temporal v2 Account API. To start:
      register ann ann@example.com    create an account
      help                            the commands, grouped
      usage | $.KeysAllowed           a command's JSON, narrowed by a JSONPath selector

    """
}

extension String {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
  }
}
