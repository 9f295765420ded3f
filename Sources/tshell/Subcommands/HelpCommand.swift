import ArgumentParser
import TShellCommands
import TShellLanguage

/// `tshell help [NAME]`: the language's `help`, from the shell.
struct HelpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell help",
    abstract: "List tshell's commands, or explain one (as help does in scripts and the REPL).",
    discussion: """
      Exit codes: 0 ok, 2 no command of that name.

      Examples:
        tshell help
        tshell help key export
      """
  )

  @Argument(help: "A command, builtin or statement, e.g. 'key export' or 'for'.")
  var name: [String] = []

  func run() throws {
    let interpreter = Shell(.console(format: ResultFormat(style: .pretty, colors: false), scriptOnStandardInput: true))
      .interpreter
    do {
      var text = try interpreter.help(name.isEmpty ? nil : name.joined(separator: " "))
      if name.isEmpty { text += "tshell --help lists the options of the command line and its subcommands.\n" }
      StandardStreams.writeOutput(text)
    } catch {
      throw CommandFailure(message: error.render(colors: StandardStreams.errorColors), exitCode: 2)
    }
  }
}
