import ArgumentParser
import Foundation
import TShellCommands
import TShellJSON
import TemporalServer

/// Where `tshell admin` finds the accounts, and how it shows them. The directory is named on
/// standard error every time (a running `serve --data-dir` elsewhere is the usual surprise), and
/// a command that expects accounts never creates an empty directory to find none in.
struct AdminTarget: ParsableArguments {
  @Option(
    help: ArgumentHelp("The data directory (default: $TSHELL_HOME/server, the default of serve).", valueName: "dir"),
    completion: .directory)
  var dataDir: String?

  @Flag(help: "Work on the embedded server's accounts ($TSHELL_HOME/embedded), the ones tshell uses with no setup.")
  var embedded = false

  @OptionGroup var storage: StorageOptions

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func validate() throws {
    if embedded && dataDir != nil { throw ValidationError("--embedded and --data-dir name two directories; give one") }
  }

  /// The data directory in use.
  var directory: String {
    dataDir ?? TShellHome.path() + (embedded ? "/embedded" : "/server")
  }

  var configuration: ServerConfiguration {
    var configuration = ServerConfiguration(dataDirectory: directory)
    storage.apply(to: &configuration)
    return configuration
  }

  /// Runs an administration task, turning its failure into `tshell admin NAME: message`, exit 1.
  /// Unless `creates`, the directory must hold a server's data already.
  func perform<T>(_ command: String, creates: Bool = false, _ task: (ServerConfiguration) async throws -> T) async throws
    -> T
  {
    let configuration = configuration
    let inPostgres = configuration.databaseURL != nil
    StandardStreams.writeError(
      "tshell admin: data directory \(directory)\(inPostgres ? " (accounts in PostgreSQL)" : "")\n")
    if !creates, !inPostgres, !FileManager.default.fileExists(atPath: directory + "/" + TemporalServer.databaseFileName) {
      throw CommandFailure(
        message:
          "tshell admin \(command): no tshell data in \(directory); pass --data-dir (the directory of tshell serve) or --embedded",
        exitCode: 1)
    }
    do {
      return try await task(configuration)
    } catch {
      throw CommandFailure(message: "tshell admin \(command): \(error)", exitCode: 1)
    }
  }

  /// `admin enable` and `admin disable`.
  func setEnabled(_ enabled: Bool, _ username: String) async throws {
    let command = enabled ? "enable" : "disable"
    let account = try await perform(command) {
      try await AccountAdministration.setEnabled(enabled, username: username, configuration: $0)
    }
    show(account, text: "\(account.username) \(command)d")
  }

  /// One changed account: its JSON object, or `text`.
  func show(_ account: AccountSummary, text: String) {
    StandardStreams.writeOutput(json ? JSONPrinter.string(account.json, format: .compact) + "\n" : text + "\n")
  }

  /// A task's outcome: a JSON object of `members`, or `text`.
  func report(_ members: KeyValuePairs<String, JSONValue>, text: String) {
    let object = JSONObject(distinctMembers: members.map { ($0.key, $0.value) })
    StandardStreams.writeOutput(json ? JSONPrinter.string(.object(object), format: .compact) + "\n" : text + "\n")
  }
}
