import ArgumentParser

/// The `tshell` command line; it only parses arguments and hands over to the modules.
@main
struct TShell: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell",
    abstract: "A scriptable shell for the Temporal v2 Account API.",
    discussion: """
      Exit codes: 0 ok, 1 runtime error or invalid input, 2 syntax or usage error.
      """,
    version: TShellVersion.current,
    subcommands: [JSONPathCommand.self]
  )

  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as CommandFailure {
      StandardStreams.writeError(failure.message.hasSuffix("\n") ? failure.message : failure.message + "\n")
      terminate(failure.exitCode)
    } catch {
      let code = exitCode(for: error)
      guard code != .success else { exit(withError: error) }
      StandardStreams.writeError(fullMessage(for: error) + "\n")
      // Usage errors exit 2 everywhere in tshell (argument-parser's default is 64).
      terminate(code == .validationFailure ? 2 : code.rawValue)
    }
  }

  mutating func run() throws {
    print(TShell.helpMessage())
  }
}

/// An error whose message is ready for stderr, with the exit code it causes.
struct CommandFailure: Error {
  var message: String
  var exitCode: Int32
}
