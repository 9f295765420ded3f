import TShellCommands

/// The interactive loop: reads complete inputs (several lines while a block, a string or a pipe
/// is open), runs them, prints results and errors, and survives both. Ctrl-C clears the line or
/// cancels what runs; Ctrl-D on an empty line, `exit` and `quit` leave.
struct REPL {
  var format: ResultFormat
  var client = ClientOptions()
  /// Print long results whole instead of through a pager.
  var noPager = false

  func run() -> Int32 {
    REPLSession(format: format, client: client, noPager: noPager).run()
  }

  /// Shown once, on the first run (no history yet).
  static let banner = """
    tshell \(TShellVersion.current): a shell for the Temporal v2 Account API. To start:
      register ann ann@example.com    create an account
      help                            the commands, grouped
      usage | $.KeysAllowed           a command's JSON, narrowed by a JSONPath selector

    """
}
