import Foundation
import TShellCommands
import TemporalAPI
import TemporalServer

/// A real `TemporalServer` on 127.0.0.1 and a free port, in this process, with a fresh data
/// directory (bcrypt cost 4 to keep tests fast).
final class LiveAPI: Sendable {
  let server: EmbeddedServer
  let directory: String

  private init(server: EmbeddedServer, directory: String) {
    self.server = server
    self.directory = directory
  }

  static func start() async throws -> LiveAPI {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-commands-api-\(UUID().uuidString)").path
    return LiveAPI(server: try await EmbeddedServer.start(dataDirectory: directory, bcryptCost: 4), directory: directory)
  }

  /// Runs `body` with a started server, then stops it.
  static func with(_ body: (LiveAPI) async throws -> Void) async throws {
    let api = try await start()
    do {
      try await body(api)
    } catch {
      await api.stop()
      throw error
    }
    await api.stop()
  }

  var baseURL: String { server.baseURL }

  /// The server as the embedded endpoint of a harness.
  var embedded: EmbeddedEndpoint {
    let server = self.server
    return EmbeddedEndpoint(baseURL: server.baseURL, mail: { try server.mail() })
  }

  func stop() async {
    await server.shutdown()
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// A harness whose commands go to this server as the embedded one (so `verify` and `mail` work).
  func harness(
    environment: [String: String] = [:], stdin: [String]? = [], prompter: ScriptedPrompter = ScriptedPrompter(),
    dryRun: Bool = false
  ) -> CommandHarness {
    CommandHarness(embedded: embedded, dryRun: dryRun, environment: environment, stdin: stdin, prompter: prompter)
  }

  /// A harness logged in as a new verified user `name` (password `pw-NAME` in `$PW`).
  func onboarded(
    _ name: String, environment: [String: String] = [:], stdin: [String]? = [],
    prompter: ScriptedPrompter = ScriptedPrompter()
  ) async throws -> CommandHarness {
    var variables = environment
    variables["PW"] = "pw-\(name)"
    let harness = harness(environment: variables, stdin: stdin, prompter: prompter)
    let run = await harness.run("register \(name) \(name)@example.com --password-env PW; verify; login \(name) --password-env PW")
    guard run.status == 0 else { throw OnboardingFailed(errors: run.errors) }
    return harness
  }

  struct OnboardingFailed: Error { var errors: String }
}
