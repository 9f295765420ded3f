import LineEditor
import TShellLanguage

/// The interactive loop: reads complete inputs (several lines when a block or string is open),
/// runs them, prints results and errors, and survives both.
struct REPL {
  var format: ResultFormat
  var client = ClientEnvironment.Options()

  func run() -> Int32 {
    let host = ScriptHost(format: format)
    let cancellation = CancellationToken()
    let interrupts = InterruptSignal(cancelling: cancellation)
    defer { withExtendedLifetime(interrupts) {} }
    let interpreter = Interpreter(host: host, cancellation: cancellation)
    host.api = APICommands(
      environment: ClientEnvironment(home: TShellHome.path, options: client, cancellation: { cancellation.isCancelled }),
      scriptOnStandardInput: false, writeOutput: host.writeOutput, writeError: host.writeError)
    let reader = TerminalLineReader(program: "tshell")
    var pending = ""
    var lineNumber = 0
    while true {
      host.output.flush()
      switch reader.readLine(prompt: pending.isEmpty ? "tshell> " : "...> ") {
      case .endOfInput:
        if TerminalLineReader.isInteractive { StandardStreams.writeError("\n") }
        return 0
      case .interrupted:
        pending = ""
        continue
      case .line(let line):
        pending += pending.isEmpty ? line : "\n" + line
      }
      guard Parser.isComplete(pending) else { continue }
      let input = pending
      pending = ""
      lineNumber += 1
      if input.trimmingSpaces().isEmpty { continue }
      if input == "exit" || input == "quit" { return 0 }
      if !Redaction.containsSecret(input, commands: host.commands) { host.historyLines.append(input) }
      cancellation.reset()
      do {
        try interpreter.run(try interpreter.parse(input, name: "<repl>"))
      } catch let error as LanguageError {
        host.writeError(error.render(colors: StandardStreams.errorColors) + "\n")
      } catch let exit as ExitRequest {
        return exit.code
      } catch {
        host.writeError("tshell: \(error)\n")
      }
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
  }
}
