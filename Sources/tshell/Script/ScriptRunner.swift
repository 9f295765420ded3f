import LineEditor
import TShellCommands
import TShellLanguage

/// Runs tshell source non-interactively and maps its outcome to an exit status.
struct ScriptRunner {
  var format: ResultFormat
  var trace = false
  var client = ClientOptions()

  /// Parses and runs `text`; prints any error to stderr and returns the exit status.
  func run(_ text: String, name: String, arguments: [String]) -> Int32 {
    let shell = Shell(
      .console(format: format, client: client, arguments: arguments, scriptOnStandardInput: name == "<stdin>"))
    let (host, interpreter, cancellation) = (shell.host, shell.interpreter, shell.cancellation)
    // The first Ctrl-C cancels what runs; a second one while that is under way ends the process.
    let interrupts = InterruptWatcher(restoringTerminalOnSuspend: false) {
      if cancellation.isCancelled { terminate(130) }
      cancellation.cancel()
    }
    defer { withExtendedLifetime(interrupts) {} }
    if trace {
      interpreter.trace = { source, statement in host.writeError(Tracer.line(source, statement)) }
    }
    defer { host.output.flush() }
    let outcome = interpreter.outcome(running: text, name: name)
    switch outcome {
    case .finished, .exited:
      break
    case .skipped, .failed:
      if let message = outcome.message(colors: StandardStreams.errorColors) { host.writeError(message + "\n") }
    }
    return outcome.exitCode
  }

  /// Parses `text` without running it: 0 when it is valid (with warnings about values dropped
  /// inside blocks), 2 with the diagnostic otherwise.
  static func check(_ text: String, name: String) -> Int32 {
    // The interpreter's parse, which also checks the names and calls the program makes.
    let interpreter = Shell(.console(format: ResultFormat(style: .compact, colors: false), scriptOnStandardInput: true))
      .interpreter
    do {
      let program = try interpreter.parse(text, name: name)
      for warning in program.warnings + program.unsetVariableWarnings {
        StandardStreams.writeError(warning.render(colors: StandardStreams.errorColors) + "\n")
      }
      return 0
    } catch {
      StandardStreams.writeError(error.render(colors: StandardStreams.errorColors) + "\n")
      return 2
    }
  }
}

/// `--trace` lines: `+ file:line: statement`, secrets redacted.
enum Tracer {
  static func line(_ source: SourceFile, _ statement: Statement) -> String {
    let text = source.shownText(of: statement.span)
    let firstLine = text.prefix { $0 != "\n" }
    let (line, _) = source.location(of: statement.span.start)
    return "+ \(source.name):\(line): \(firstLine)\n"
  }
}
