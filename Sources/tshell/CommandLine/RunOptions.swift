import ArgumentParser
import Foundation
import TShellCommands
import TShellLanguage

/// What `tshell [OPTIONS] [-c CODE | FILE | -] [ARGS…]` asked for, however it was parsed, and
/// running it: a script, a line, standard input or the REPL.
struct RunOptions: Equatable {
  var code: String?
  var check = false
  var trace = false
  var compact = false
  var raw = false
  var ndjson = false
  var table = false
  var api: String?
  var profile: String?
  var timeout = 30.0
  var cacert: String?
  var dryRun = false
  var noPager = false
  var sandbox = false
  /// FILE and its arguments (or, with `-c`, the arguments only).
  var script: [String] = []

  /// What argument-parser would refuse after parsing (the fast path leaves these to it, so
  /// that the message is the same).
  var isValid: Bool { timeout > 0 && (!check || code != nil || !script.isEmpty) }

  /// The options, or the error argument-parser shows for them.
  func validated() throws -> RunOptions {
    guard timeout > 0 else { throw ValidationError("--timeout must be a number of seconds above 0") }
    guard !check || code != nil || !script.isEmpty else { throw ValidationError("--check needs a FILE or -c CODE") }
    return self
  }

  /// Runs and ends the process with the exit status, on a thread whose stack holds deep programs.
  func run() throws -> Never {
    let program = try source()
    if sandbox { try enterSandbox() }
    LargeStack.run { run(program) }
  }

  /// Runs the program (the REPL when nil).
  private func run(_ program: (text: String, name: String, arguments: [String])?) -> Never {
    let style: ResultFormat.Style = ndjson ? .ndjson : (table ? .table : (compact ? .compact : (raw ? .raw : .pretty)))
    let colors = style != .compact && style != .ndjson && StandardStreams.outputColors
    let client = ClientOptions(
      api: api, profile: profile, timeout: timeout, certificateAuthorities: cacert, dryRun: dryRun, sandboxed: sandbox)
    let runner = ScriptRunner(format: ResultFormat(style: style, colors: colors), trace: trace, client: client)
    guard let (text, name, arguments) = program else {
      terminate(REPL(format: runner.format, client: client, noPager: noPager).run())
    }
    terminate(check ? ScriptRunner.check(text, name: name) : runner.run(text, name: name, arguments: arguments))
  }

  /// `--sandbox`: refuses the options it cannot keep, lowers the process's limits and works in
  /// `TSHELL_HOME` (made when missing), where its files must be.
  private func enterSandbox() throws {
    let refused = [("--api", api != nil), ("--profile", profile != nil), ("--cacert", cacert != nil)]
    if let (name, _) = refused.first(where: \.1) {
      throw CommandFailure(
        message: "tshell: \(name) is not available with --sandbox: it has its own embedded server", exitCode: 2)
    }
    SandboxLimits.standard(environment: .process).apply()
    let home = TShellHome.path()
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    guard FileManager.default.changeCurrentDirectoryPath(home) else {
      throw CommandFailure(message: "tshell: --sandbox cannot work in \(home)", exitCode: 1)
    }
  }

  /// The program text, its name for messages, and the script's arguments; nil for the REPL.
  private func source() throws -> (text: String, name: String, arguments: [String])? {
    if let code { return (code, "<command line>", script) }
    guard let file = script.first else {
      if StandardStreams.isInputTerminal { return nil }
      return (try readScript("-"), "<stdin>", [])
    }
    let name = file == "-" ? "<stdin>" : file
    return (try readScript(file), name, Array(script.dropFirst()))
  }

  /// The script's text; a file that cannot be read ends the run with 1, or with 2 under
  /// `--check`, where the file is what the command line names (a usage error).
  private func readScript(_ path: String) throws -> String {
    do {
      return try InputFile.readText(path)
    } catch {
      // A word that is no file but close to a subcommand or option was meant as one.
      if !path.contains("/"), !path.hasSuffix(".tmp"), !FileManager.default.fileExists(atPath: path),
        let meant = Suggestions.closest(to: path, among: TShell.subcommandNames + ["--version", "--help"])
          ?? Suggestions.closest(to: "--" + path, among: ["--version", "--help"])
      {
        throw CommandFailure(message: "tshell: no such file or subcommand '\(path)'; did you mean \(meant)?", exitCode: 2)
      }
      throw CommandFailure(message: "tshell: \(error.message)", exitCode: check ? 2 : 1)
    }
  }
}
