import Dispatch
import Foundation
import TemporalClient
import TemporalServer

/// Where API commands go: `--api URL`, `TSHELL_API`, `--profile NAME` or the current profile of
/// `config.toml`, or else the embedded server, started on first use.
final class ClientEnvironment {
  struct Options {
    var api: String?
    var profile: String?
    var timeout: Double = 30
    var dryRun = false
  }

  let home: String
  var options: Options
  let profiles: ProfileStore
  let tokens: TokenStore
  private(set) var session: Session?
  private(set) var embedded: EmbeddedServer?
  private var announcedEmbedded = false
  let cancellation: @Sendable () -> Bool

  init(home: String, options: Options, cancellation: @escaping @Sendable () -> Bool) {
    self.home = home
    self.options = options
    self.profiles = ProfileStore(path: home + "/config.toml")
    self.tokens = TokenStore(path: home + "/tokens.json")
    self.cancellation = cancellation
  }

  var embeddedDataDirectory: String { home + "/embedded" }

  /// The session, made (and the embedded server started) on first use.
  func currentSession() throws -> Session {
    if let session { return session }
    let (profile, url) = try endpoint()
    let made = makeSession(profile: profile, url: url)
    session = made
    return made
  }

  /// Switches to another endpoint for the rest of the run (and, for `connect`, later runs).
  func connect(profile: String, url: String?) throws -> Session {
    options.api = nil
    options.profile = profile
    session = nil
    return try currentSession()
  }

  private func makeSession(profile: String, url: String) -> Session {
    let cancelled = cancellation
    let client = APIClient(
      baseURL: url, transport: transportChoice.transport(for: url, connectTimeout: min(options.timeout, 10), cancelled: cancelled),
      userAgent: "tshell/\(TShellVersion.current)", timeout: options.timeout,
      wait: { seconds in
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
          if cancelled() { return false }
          Thread.sleep(forTimeInterval: min(0.05, deadline.timeIntervalSinceNow))
        }
        return true
      })
    let session = Session(profile: profile, client: client, tokens: tokens, fixedToken: TShellHome.environment("TSHELL_TOKEN"))
    session.dryRun = options.dryRun
    return session
  }

  /// `TSHELL_HTTP_CLIENT=async-http-client` sends plain-HTTP requests through AsyncHTTPClient too.
  private var transportChoice: TransportChoice {
    TShellHome.environment("TSHELL_HTTP_CLIENT").flatMap(TransportChoice.init(rawValue:)) ?? .automatic
  }

  /// The profile name and base URL to use.
  private func endpoint() throws -> (String, String) {
    if let api = options.api ?? TShellHome.environment("TSHELL_API").flatMap({ $0.isEmpty ? nil : $0 }) {
      return (api, try ClientEnvironment.checked(api))
    }
    let profile = try options.profile ?? profiles.current()
    if profile == ProfileStore.embedded { return (profile, try startEmbedded()) }
    guard let url = try profiles.url(of: profile) else {
      let known = try profiles.names()
      throw ClientError.usage("there is no profile named '\(profile)'"
        + (known.isEmpty ? "; connect URL makes one" : "; the profiles are \(known.joined(separator: ", "))"))
    }
    return (profile, url)
  }

  /// A base URL users typed: http or https with a host.
  static func checked(_ text: String) throws -> String {
    guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
      throw ClientError.usage("'\(text)' is not an API URL; write it as http://host:port or https://host")
    }
    return text.hasSuffix("/") ? String(text.dropLast()) : text
  }

  /// Starts the embedded server (data in `$TSHELL_HOME/embedded`) and says so once on stderr.
  private func startEmbedded() throws -> String {
    if let embedded { return embedded.baseURL }
    let directory = embeddedDataDirectory
    let box = StartBox()
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        box.server = try await EmbeddedServer.start(dataDirectory: directory)
      } catch {
        box.error = error
      }
      done.signal()
    }
    done.wait()
    guard let server = box.server else {
      throw ClientError.usage("cannot start the embedded server in \(directory): \(box.error.map { "\($0)" } ?? "unknown error")")
    }
    embedded = server
    announceEmbedded()
    return server.baseURL
  }

  /// Says once per process, on stderr, that commands go to the embedded server.
  func announceEmbedded() {
    guard !announcedEmbedded else { return }
    announcedEmbedded = true
    StandardStreams.writeError("using the embedded server in \(embeddedDataDirectory); connect URL for another\n")
  }
}

private final class StartBox: @unchecked Sendable {
  var server: EmbeddedServer?
  var error: Error?
}
