import Foundation
import TShellLanguage
import TemporalClient

/// `connect URL`, `connect --embedded`, `connect --profile NAME`; alone, the current endpoint.
enum ConnectCommand {
  static let all: [Command] = [
    Command(
      name: "connect", group: "control", summary: "use another API endpoint: a URL, the embedded server, or a profile",
      usage: "connect [URL [--name NAME] | --embedded | --profile NAME]", example: "connect http://127.0.0.1:8080",
      flags: [FlagDescription("name", value: "NAME"), FlagDescription("embedded"), FlagDescription("profile", value: "NAME")]
    ) {
      try connect($0)
    }
  ]

  private static func connect(_ context: CommandContext) throws -> JSONValue? {
    let sessions = context.sessions
    let profiles = sessions.profiles
    let session: Session
    if context.io.sandbox != nil, context.value("profile") != nil || context.optional(0) != nil {
      throw LanguageError(.runtime, "other endpoints are not available in the sandbox: it has its own embedded server")
    }
    if context.has("embedded") {
      try profiles.use(ProfileStore.embedded)
      session = try sessions.connect(profile: ProfileStore.embedded)
    } else if let name = context.value("profile") {
      let known = try name == ProfileStore.embedded || profiles.url(of: name) != nil
      guard known else {
        throw context.fail("there is no profile named '\(name)'")
      }
      try profiles.use(name)
      session = try sessions.connect(profile: name)
    } else if let url = context.optional(0) {
      let checked = try EndpointResolver.checked(url)
      let name =
        context.value("name") ?? URL(string: checked).map { ($0.host ?? "remote") + ($0.port.map { ":\($0)" } ?? "") } ?? "remote"
      try profiles.use(name, url: checked)
      session = try sessions.connect(profile: name)
      warnIfUnreachable(session, context)
    } else {
      session = try context.session()
    }
    return [
      "profile": .string(session.profile), "url": .string(session.baseURL), "user": session.user.map(JSONValue.string) ?? .null,
    ]
  }

  /// The profile is saved either way (the server may start later); a word now saves a puzzling
  /// error at the next command.
  private static func warnIfUnreachable(_ session: Session, _ context: CommandContext) {
    do {
      _ = try session.send("GET", "/", token: .none, retry: false, dryRun: false, remembered: false)
    } catch ClientError.transport(let failure) where failure.kind == .connection {
      context.io.writeError(
        "warning: nothing answers at \(session.baseURL) (\(failure.description)); the profile is saved anyway (connect --embedded goes back to the embedded server)\n"
      )
    } catch {
      // Any answer, even an error status, means a server is there.
    }
  }
}
