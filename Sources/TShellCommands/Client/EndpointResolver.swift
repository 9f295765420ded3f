import Foundation
import TemporalClient

/// What the command line chose about the API: where, how long to wait, whom to trust, whether
/// to send at all.
public struct ClientOptions: Sendable {
  public var api: String?
  public var profile: String?
  public var timeout: Double
  /// `--cacert`: a PEM file of the authorities trusted for https (else `TSHELL_CACERT`).
  public var certificateAuthorities: String?
  public var dryRun: Bool
  /// `--sandbox`: the embedded server only, whatever the profiles and `TSHELL_API` say.
  public var sandboxed: Bool

  public init(
    api: String? = nil, profile: String? = nil, timeout: Double = 30, certificateAuthorities: String? = nil,
    dryRun: Bool = false, sandboxed: Bool = false
  ) {
    self.sandboxed = sandboxed
    self.api = api
    self.profile = profile
    self.timeout = timeout
    self.certificateAuthorities = certificateAuthorities
    self.dryRun = dryRun
  }
}

/// Where commands go, decided from the options, the profiles of `config.toml` and the
/// environment without starting or sending anything: the URL of `--api` or `TSHELL_API` (which
/// names its own profile), `--profile`, the current profile, or the embedded server.
public struct EndpointResolver: Sendable {
  /// An endpoint: a URL, or the embedded server (whose URL is known once it runs).
  public enum Endpoint: Equatable, Sendable {
    case url(String)
    case embedded
  }

  public var options: ClientOptions
  public let profiles: ProfileStore
  let environment: EnvironmentVariables

  public init(options: ClientOptions, profiles: ProfileStore, environment: EnvironmentVariables) {
    self.options = options
    self.profiles = profiles
    self.environment = environment
  }

  /// The profile commands go to.
  public func profile() throws -> String {
    if options.sandboxed { return ProfileStore.embedded }
    if let api = apiOverride { return api }
    return try options.profile ?? profiles.current()
  }

  /// The endpoint of `profile`.
  public func endpoint(of profile: String) throws -> Endpoint {
    if let api = apiOverride, api == profile { return .url(try EndpointResolver.checked(api)) }
    if profile == ProfileStore.embedded { return .embedded }
    guard let url = try profiles.url(of: profile) else {
      let known = try profiles.names()
      throw ClientError.usage(
        "there is no profile named '\(profile)'"
          + (known.isEmpty ? "; connect URL makes one" : "; the profiles are \(known.joined(separator: ", "))"))
    }
    return .url(url)
  }

  /// Switches to `profile` (forgetting `--api`).
  public mutating func use(profile: String) {
    options.api = nil
    options.profile = profile
  }

  private var apiOverride: String? {
    guard !options.sandboxed else { return nil }
    return options.api ?? environment.nonEmpty("TSHELL_API")
  }

  /// A base URL users typed: http or https with a host.
  public static func checked(_ text: String) throws -> String {
    guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
      throw ClientError.usage("'\(text)' is not an API URL; write it as http://host:port or https://host")
    }
    return text.hasSuffix("/") ? String(text.dropLast()) : text
  }
}
