import Foundation
import TemporalClient

/// Where commands go and who is logged in, as the REPL's prompt shows it.
public struct ClientStatus: Equatable, Sendable {
  /// `embedded`, a profile's name, or the host (and port) of `--api`.
  public var endpoint: String
  public var user: String?
  public var tokenExpired = false

  public init(endpoint: String, user: String? = nil, tokenExpired: Bool = false) {
    self.endpoint = endpoint
    self.user = user
    self.tokenExpired = tokenExpired
  }
}

extension ClientSessions {
  /// Where commands go and who is logged in, read from the files without starting anything.
  public func status() -> ClientStatus {
    let profile = existingSession?.profile ?? (try? currentProfile()) ?? ProfileStore.embedded
    var endpoint = profile
    if let url = URL(string: profile), let host = url.host {
      endpoint = host + (url.port.map { ":\($0)" } ?? "")
    }
    if let token = variable("TSHELL_TOKEN"), !token.isEmpty {
      return ClientStatus(endpoint: endpoint, user: "$TSHELL_TOKEN")
    }
    guard let current = tokens.current(profile: profile) else { return ClientStatus(endpoint: endpoint) }
    let expired = current.token.map { $0.expires <= Int(Date().timeIntervalSince1970) } ?? true
    return ClientStatus(endpoint: endpoint, user: current.user, tokenExpired: expired)
  }
}
