import ArgumentParser
import TShellCommands
import TShellLanguage
import TemporalServer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `tshell` command line; it only parses arguments and hands over to the modules.
@main
struct TShell: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell",
    abstract: "A scriptable shell for the Temporal v2 Account API.",
    usage: """
      tshell [OPTIONS]                    interactive REPL (on a terminal)
      tshell [OPTIONS] FILE.tmp [ARGS…]   run a script; ARGS become $args, $1, $2, …
      tshell [OPTIONS] -c CODE [ARGS…]    run CODE
      tshell [OPTIONS] -                  run a script read from standard input
      tshell SUBCOMMAND …
      """,
    discussion: """
      Subcommands (each has --help):
        jsonpath     run an RFC 9535 JSONPath query over a JSON document
        serve        serve the Temporal v2 Account API
        admin        operator tasks on a server's accounts (add-user, users, enable,
                     disable, set-tier, set-credits, rotate-key-encryption, backup,
                     restore)
        help         the language's commands, or one of them (tshell help key new)
        test         run *.test.tmp files: assert, test blocks, TAP and JUnit reports
        fmt          format .tmp scripts in the canonical layout (--check for CI)
        lsp          a language server for editors, on standard input and output
        playground   tshell in a browser, a sandboxed session per visitor
        demo         a guided tour on a throwaway embedded server (--fast: no pauses)
        completions  a completion script for bash, zsh or fish (man tshell: manual)

      Exit codes: 0 ok, 1 runtime or network error, 2 syntax or usage error, 4 the API answered 4xx, 5 the API answered 5xx, 130 interrupted.
      """,
    version: TShellVersion.current
  )

  /// Subcommands win over a script file of the same name (run that one as `./jsonpath`).
  static let subcommands: [String: any ParsableCommand.Type] = [
    "jsonpath": JSONPathCommand.self, "serve": ServeCommand.self, "admin": AdminCommand.self, "help": HelpCommand.self,
    "completions": CompletionsCommand.self, "demo": DemoCommand.self, "test": TestCommand.self, "fmt": FormatCommand.self,
    "lsp": LSPCommand.self, "playground": PlaygroundCommand.self,
  ]

  /// The subcommands' names, for the fast path (which makes no Dictionary).
  static let subcommandNames = ["jsonpath", "serve", "admin", "help", "completions", "demo", "test", "fmt", "lsp", "playground"]

  @OptionGroup var flags: TShellFlags

  @Argument(
    help: ArgumentHelp("A script file ('-' for stdin) and its arguments.", valueName: "FILE [ARGS…]"),
    completion: .file(extensions: ["tmp"]))
  var script: [String] = []

  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch FastCommandLine.parse(arguments) {
    case .run(let options)?: finish { try options.run() }
    case .jsonpath(let options)?: finish { try options.run() }
    case nil: break
    }
    if let first = arguments.first, let subcommand = subcommands[first] {
      run(subcommand, Array(arguments.dropFirst()))
    }
    // Options before FILE (or after -c CODE) are tshell's; everything from FILE on is the script's.
    let (options, script) = splitScriptArguments(arguments)
    run(TShell.self, options, script: script)
  }

  /// Runs what the fast path parsed, ending with tshell's exit codes.
  private static func finish(_ body: () throws -> Void) -> Never {
    do {
      try body()
      terminate(0)
    } catch let failure as CommandFailure {
      failure.end()
    } catch {
      StandardStreams.writeError("tshell: \(error)\n")
      terminate(1)
    }
  }

  /// Parses `arguments` for `command` and runs it, exiting with tshell's exit codes.
  private static func run(_ command: any ParsableCommand.Type, _ arguments: [String], script: [String]? = nil) -> Never {
    do {
      var parsed = try command.parseAsRoot(arguments)
      if let script, var root = parsed as? TShell {
        root.script = script
        parsed = root
      }
      if let asynchronous = parsed as? any AsyncParsableCommand {
        try AsyncRunner.run(asynchronous)
      } else {
        try parsed.run()
      }
      terminate(0)
    } catch let failure as CommandFailure {
      failure.end()
    } catch {
      let code = command.exitCode(for: error)
      guard code != .success else { command.exit(withError: error) }
      StandardStreams.writeError(command.fullMessage(for: error) + "\n")
      // Usage errors exit 2 everywhere in tshell (argument-parser's default is 64).
      terminate(code == .validationFailure ? 2 : code.rawValue)
    }
  }

  /// Splits the command line at the script: tshell's options first, then FILE and its arguments
  /// (or, after `-c CODE`, the code's arguments), as `bash -c` does.
  static func splitScriptArguments(_ arguments: [String]) -> (options: [String], script: [String]) {
    var options: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--" { return (options, Array(arguments[(index + 1)...])) }
      guard argument.hasPrefix("-"), argument != "-" else { break }
      let option = TShellOption.named(argument)
      let end = min(index + (option?.takesValue == true ? 2 : 1), arguments.count)
      options.append(contentsOf: arguments[index..<end])
      index = end
      if option?.endsOptions == true { break }
    }
    return (options, Array(arguments[min(index, arguments.count)...]))
  }

  /// The parsed options, as the fast path gives them too.
  var options: RunOptions {
    RunOptions(
      code: flags.code, check: flags.check, trace: flags.trace, compact: flags.compact, raw: flags.raw,
      ndjson: flags.ndjson, table: flags.table, api: flags.api, profile: flags.profile, timeout: flags.timeout,
      cacert: flags.cacert,
      dryRun: flags.dryRun,
      noPager: flags.noPager, sandbox: flags.sandbox, script: script)
  }

  func run() throws {
    try options.validated().run()
  }
}

/// An error whose message is ready for stderr, with the exit code it causes.
struct CommandFailure: Error {
  /// What to print on stderr (nothing when empty: the command has said it already).
  var message: String
  var exitCode: Int32

  /// Prints the message and ends the process with the exit code.
  func end() -> Never {
    if !message.isEmpty { StandardStreams.writeError(message.hasSuffix("\n") ? message : message + "\n") }
    terminate(exitCode)
  }
}

/// Ends the process at once with `code`.
func terminate(_ code: Int32) -> Never {
  exit(code)
}
