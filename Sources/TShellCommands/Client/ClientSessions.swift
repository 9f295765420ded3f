import Foundation
import TemporalClient

/// The session commands use: for the endpoint the resolver chooses, made on first use (the
/// embedded server started then, by its slot), and replaced by `connect`. Shared by the
/// iterations of parallel loops: `lock` guards the resolver's choice and the session.
public final class ClientSessions: @unchecked Sendable {
  /// `$TSHELL_HOME`.
  public let home: String
  public let profiles: ProfileStore
  public let tokens: TokenStore
  public let embeddedServer: EmbeddedServerSlot
  private let userAgent: String
  private let environment: EnvironmentVariables
  private let cancelled: @Sendable () -> Bool
  private let announce: @Sendable (String) -> Void
  private let makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)?
  private let lock = NSLock()
  private var resolver: EndpointResolver
  private var session: Session?
  private var announcedEmbedded = false
  private var notedEmbeddedAddress = false

  /// `cancelled` says when Ctrl-C was pressed, `announce` writes the one-line notice that the
  /// embedded server is in use; `makeTransport` replaces the network (tests answer in memory).
  public init(
    home: String, options: ClientOptions, userAgent: String, startEmbedded: @escaping EmbeddedStarter,
    environment: EnvironmentVariables, cancelled: @escaping @Sendable () -> Bool,
    announce: @escaping @Sendable (String) -> Void, makeTransport: (@Sendable (_ baseURL: String) -> any HTTPTransport)? = nil
  ) {
    self.home = home
    self.profiles = ProfileStore(path: home + "/config.toml")
    self.tokens = TokenStore(path: home + "/tokens.json")
    self.embeddedServer = EmbeddedServerSlot(dataDirectory: home + "/embedded", start: startEmbedded)
    self.resolver = EndpointResolver(options: options, profiles: profiles, environment: environment)
    self.userAgent = userAgent
    self.environment = environment
    self.cancelled = cancelled
    self.announce = announce
    self.makeTransport = makeTransport
  }

  public var options: ClientOptions { lock.withLock { resolver.options } }

  /// Where the embedded server keeps its data.
  public var embeddedDataDirectory: String { embeddedServer.dataDirectory }

  /// The session, made (and the embedded server started) on first use.
  public func currentSession() throws -> Session {
    let (existing, chosen) = lock.withLock { (session, resolver) }
    if let existing { return existing }
    let profile = try chosen.profile()
    let url: String
    switch try chosen.endpoint(of: profile) {
    case .url(let given):
      url = given
    case .embedded:
      // Said the first time the embedded server is used in this $TSHELL_HOME, not on every run.
      if !FileManager.default.fileExists(atPath: embeddedDataDirectory) { announceEmbeddedOnce() }
      url = try embeddedServer.endpoint().baseURL
    }
    let made = makeSession(profile: profile, url: url, options: chosen.options)
    return lock.withLock {
      if let session { return session }
      session = made
      return made
    }
  }

  /// The session if one was made; starts nothing.
  public var existingSession: Session? { lock.withLock { session } }

  /// The embedded server if it was started and is the endpoint in use.
  public var embedded: EmbeddedEndpoint? {
    guard existingSession?.profile == ProfileStore.embedded else { return nil }
    return embeddedServer.started
  }

  /// Switches to a profile (the embedded server, or one of `config.toml`) for the rest of the run.
  public func connect(profile: String) throws -> Session {
    lock.withLock {
      resolver.use(profile: profile)
      session = nil
    }
    return try currentSession()
  }

  /// The profile commands go to, decided without starting anything.
  public func currentProfile() throws -> String {
    try lock.withLock { resolver }.profile()
  }

  /// An environment variable.
  func variable(_ name: String) -> String? { environment[name] }

  private func makeSession(profile: String, url: String, options: ClientOptions) -> Session {
    let cancelled = self.cancelled
    let timeout = options.timeout
    let choice = environment["TSHELL_HTTP_CLIENT"].flatMap(TransportChoice.init(rawValue:)) ?? .automatic
    let authorities = options.certificateAuthorities ?? environment.nonEmpty("TSHELL_CACERT")
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
    return Session(profile: profile, client: client, tokens: tokens, fixedToken: environment["TSHELL_TOKEN"])
  }

  /// Says that commands go to the embedded server, when it has not been used in this
  /// `$TSHELL_HOME` yet (the REPL says it at start, before the server starts in a Tab).
  public func announceEmbeddedIfNew() {
    if !FileManager.default.fileExists(atPath: embeddedDataDirectory) { announceEmbeddedOnce() }
  }

  /// Notes, once per run, that a curl line's address is this run's embedded server, which stops
  /// when tshell does.
  public func noteEmbeddedAddress() {
    guard let embedded else { return }
    let first = lock.withLock {
      defer { notedEmbeddedAddress = true }
      return !notedEmbeddedAddress
    }
    guard first else { return }
    let address = embedded.baseURL.replacingOccurrences(of: "http://", with: "")
    announce(
      "note: \(address) is the embedded server of this run; it stops when tshell does (tshell serve gives one that stays)\n")
  }

  private func announceEmbeddedOnce() {
    let first = lock.withLock {
      defer { announcedEmbedded = true }
      return !announcedEmbedded
    }
    guard first else { return }
    // A sandbox's visitor has no other server, and the host's folders are none of their business.
    announce(
      options.sandboxed
        ? "using the sandbox's own embedded server\n"
        : "using the embedded server in \(embeddedDataDirectory); connect URL for another\n")
  }
}
