import Foundation
import TemporalClient

/// Where API commands go: `--api URL`, `TSHELL_API`, `--profile NAME` or the current profile of
/// `config.toml`, or else the embedded server, started on first use. Shared by the iterations
/// of parallel loops: `lock` guards the options, the session and the embedded server.
public final class ClientEnvironment: @unchecked Sendable {
  /// What the command line chose.
  public struct Options: Sendable {
    public var api: String?
    public var profile: String?
    public var timeout: Double
    /// `--cacert`: a PEM file of the authorities trusted for https (else `TSHELL_CACERT`).
    public var certificateAuthorities: String?
    public var dryRun: Bool

    public init(
      api: String? = nil, profile: String? = nil, timeout: Double = 30, certificateAuthorities: String? = nil,
      dryRun: Bool = false
    ) {
      self.api = api
      self.profile = profile
      self.timeout = timeout
      self.certificateAuthorities = certificateAuthorities
      self.dryRun = dryRun
    }
  }

  /// `$TSHELL_HOME`.
  public let home: String
  public let profiles: ProfileStore
  public let tokens: TokenStore
  private let userAgent: String
  private let startEmbedded: EmbeddedStarter
  private let environment: @Sendable (String) -> String?
  private let cancelled: @Sendable () -> Bool
  private let announce: @Sendable (String) -> Void
  private let makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)?
  private let lock = NSLock()
  private var chosen: Options
  private var session: Session?
  private var embeddedServer: EmbeddedEndpoint?
  private var announcedEmbedded = false
  private var notedEmbeddedAddress = false

  /// `environment` reads variables, `cancelled` says when Ctrl-C was pressed, `announce` writes
  /// the one-line notice that the embedded server is in use; `makeTransport` replaces the
  /// network (tests answer in memory).
  public init(
    home: String, options: Options, userAgent: String, startEmbedded: @escaping EmbeddedStarter,
    environment: @escaping @Sendable (String) -> String?, cancelled: @escaping @Sendable () -> Bool,
    announce: @escaping @Sendable (String) -> Void, makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)? = nil
  ) {
    self.makeTransport = makeTransport
    self.home = home
    self.chosen = options
    self.profiles = ProfileStore(path: home + "/config.toml")
    self.tokens = TokenStore(path: home + "/tokens.json")
    self.userAgent = userAgent
    self.startEmbedded = startEmbedded
    self.environment = environment
    self.cancelled = cancelled
    self.announce = announce
  }

  public var options: Options { lock.withLock { chosen } }

  /// Where the embedded server keeps its data.
  public var embeddedDataDirectory: String { home + "/embedded" }

  /// The session, made (and the embedded server started) on first use.
  public func currentSession() throws -> Session {
    try lock.withLock {
      if let session { return session }
      let profile = try profileName()
      let made = makeSession(profile: profile, url: try baseURL(of: profile))
      session = made
      return made
    }
  }

  /// The session if one was made; starts nothing.
  public var existingSession: Session? { lock.withLock { session } }

  /// The embedded server if it was started and is the endpoint in use.
  public var embedded: EmbeddedEndpoint? {
    lock.withLock { session?.profile == ProfileStore.embedded ? embeddedServer : nil }
  }

  /// Switches to a profile (the embedded server, or one of `config.toml`) for the rest of the run.
  public func connect(profile: String) throws -> Session {
    lock.withLock {
      chosen.api = nil
      chosen.profile = profile
      session = nil
    }
    return try currentSession()
  }

  /// The profile commands go to, decided without starting anything: the URL of `--api` or
  /// `TSHELL_API` (which names its own profile), `--profile`, or the current one.
  public func currentProfile() throws -> String {
    try lock.withLock { try profileName() }
  }

  /// An environment variable.
  func variable(_ name: String) -> String? { environment(name) }

  private func profileName() throws -> String {
    if let api = apiOverride { return api }
    return try chosen.profile ?? profiles.current()
  }

  private var apiOverride: String? {
    chosen.api ?? environment("TSHELL_API").flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The base URL of `profile`; for the embedded one, the server is started.
  private func baseURL(of profile: String) throws -> String {
    if let api = apiOverride, api == profile { return try ClientEnvironment.checked(api) }
    if profile == ProfileStore.embedded { return try embeddedURL() }
    guard let url = try profiles.url(of: profile) else {
      let known = try profiles.names()
      throw ClientError.usage(
        "there is no profile named '\(profile)'"
          + (known.isEmpty ? "; connect URL makes one" : "; the profiles are \(known.joined(separator: ", "))"))
    }
    return url
  }

  private func makeSession(profile: String, url: String) -> Session {
    let cancelled = self.cancelled
    let timeout = chosen.timeout
    let choice = environment("TSHELL_HTTP_CLIENT").flatMap(TransportChoice.init(rawValue:)) ?? .automatic
    let authorities = chosen.certificateAuthorities ?? environment("TSHELL_CACERT").flatMap { $0.isEmpty ? nil : $0 }
    let transport =
      makeTransport?(url)
      ?? choice.transport(
        for: url, connectTimeout: min(timeout, 10), certificateAuthorities: authorities, cancelled: cancelled)
    let client = APIClient(
      baseURL: url, transport: transport,
      userAgent: userAgent, timeout: timeout,
      wait: { seconds in
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
          if cancelled() { return false }
          Thread.sleep(forTimeInterval: min(0.05, deadline.timeIntervalSinceNow))
        }
        return !cancelled()
      })
    return Session(profile: profile, client: client, tokens: tokens, fixedToken: environment("TSHELL_TOKEN"))
  }

  /// A base URL users typed: http or https with a host.
  public static func checked(_ text: String) throws -> String {
    guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
      throw ClientError.usage("'\(text)' is not an API URL; write it as http://host:port or https://host")
    }
    return text.hasSuffix("/") ? String(text.dropLast()) : text
  }

  /// Starts the embedded server (data in `$TSHELL_HOME/embedded`) and says so once.
  private func embeddedURL() throws -> String {
    if let embeddedServer { return embeddedServer.baseURL }
    let directory = embeddedDataDirectory
    // Said the first time the embedded server is used in this $TSHELL_HOME, not on every run.
    if !FileManager.default.fileExists(atPath: directory) { announceEmbeddedUnlocked() }
    let server: EmbeddedEndpoint
    do {
      server = try startEmbedded(directory)
    } catch {
      throw ClientError.usage("cannot start the embedded server in \(directory): \(error)")
    }
    embeddedServer = server
    return server.baseURL
  }

  /// Says that commands go to the embedded server, when it has not been used in this
  /// `$TSHELL_HOME` yet (the REPL says it at start, before the server starts in a Tab).
  public func announceEmbeddedIfNew() {
    lock.withLock {
      if !FileManager.default.fileExists(atPath: embeddedDataDirectory) { announceEmbeddedUnlocked() }
    }
  }

  /// Notes, once per run, that a curl line's address is this run's embedded server, which stops
  /// when tshell does.
  public func noteEmbeddedAddress() {
    lock.withLock {
      guard !notedEmbeddedAddress, session?.profile == ProfileStore.embedded, let embeddedServer else { return }
      notedEmbeddedAddress = true
      let address = embeddedServer.baseURL.replacingOccurrences(of: "http://", with: "")
      announce(
        "note: \(address) is the embedded server of this run; it stops when tshell does (tshell serve gives one that stays)\n")
    }
  }

  private func announceEmbeddedUnlocked() {
    guard !announcedEmbedded else { return }
    announcedEmbedded = true
    announce("using the embedded server in \(embeddedDataDirectory); connect URL for another\n")
  }
}
