import ArgumentParser
import Foundation
import Logging
import TShellCommands
import TShellPlayground

/// `tshell playground`: tshell in a browser, a sandboxed session per visitor.
struct PlaygroundCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell playground",
    abstract: "Serve tshell in a browser: a terminal and the tour, a sandboxed session per visitor.",
    discussion: """
      The first line on stdout is `listening on http://HOST:PORT` (--port 0 lets the system choose). Each visitor gets `tshell --sandbox` on a terminal of its own, in a temporary home with its own embedded server: no programs, no environment, no other endpoints, files only in that home, CPU, memory, file-size and output limits. Closing the tab ends the session and removes its home. docs/playground.md covers running it behind a TLS proxy.
      """
  )

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The port to listen on (0: any free port).")
  var port = 8090

  @Option(help: ArgumentHelp("Sessions at once; the next visitor is asked to come back in a minute.", valueName: "n"))
  var maxSessions = 20

  @Option(help: ArgumentHelp("Seconds a session may last.", valueName: "seconds"))
  var sessionTimeout = 1800.0

  @Option(help: ArgumentHelp("Seconds a session may go without a key pressed.", valueName: "seconds"))
  var idleTimeout = 300.0

  @Option(help: ArgumentHelp("CPU seconds a session's process may use.", valueName: "seconds"))
  var cpuLimit = 60

  func run() async throws {
    var configuration = PlaygroundConfiguration(executable: Self.executablePath())
    configuration.host = host
    configuration.port = port
    configuration.maxSessions = maxSessions
    configuration.sessionTimeout = sessionTimeout
    configuration.idleTimeout = idleTimeout
    configuration.cpuLimit = cpuLimit
    configuration.temporaryDirectory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    if let problem = configuration.problem { throw CommandFailure(message: "tshell playground: \(problem)", exitCode: 2) }
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = .warning
      return handler
    }
    do {
      try await Playground.serve(configuration, logger: Logger(label: "tshell.playground")) { host, port in
        StandardStreams.writeOutput("listening on http://\(ListeningLines.shown(host)):\(port)\n")
      }
    } catch {
      throw CommandFailure(message: "tshell playground: \(error)", exitCode: 1)
    }
  }

  /// This binary, which each session runs again.
  private static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }
}
