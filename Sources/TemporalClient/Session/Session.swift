import Foundation
import TShellJSON
import TemporalAPI

/// A connection to one API endpoint as one user: tokens that refresh themselves shortly before
/// they expire and once after a 401 (then the request is sent again), and dry runs.
public final class Session: @unchecked Sendable {
  /// The profile the session belongs to (`embedded` for the built-in server).
  public let profile: String
  public let client: APIClient
  private let tokens: TokenStore
  /// `TSHELL_TOKEN`: used as is, never refreshed or stored.
  private let fixedToken: String?
  /// Print requests as curl lines instead of sending them.
  public var dryRun = false
  /// Refresh a stored token this many seconds before it expires.
  static let refreshMargin = 300

  public init(profile: String, client: APIClient, tokens: TokenStore, fixedToken: String? = nil) {
    self.profile = profile
    self.client = client
    self.tokens = tokens
    self.fixedToken = fixedToken.flatMap { $0.isEmpty ? nil : $0 }
  }

  public var baseURL: String { client.baseURL }

  /// The user logged in on this profile.
  public var user: String? { tokens.currentUser(profile: profile) }

  /// Sends a request that needs no token.
  public func call(_ endpoint: Endpoint, parameters: [String: String] = [:], form: [(String, String)]? = nil,
    json: JSONValue? = nil, secrets: [String] = [], retry: Bool? = nil, dryRun: Bool = false) throws -> APIReply
  {
    let request = client.makeRequest(endpoint.method, endpoint.path(parameters), form: form, json: json)
    return try client.send(request, secrets: secrets, retry: retry, dryRun: dryRun || self.dryRun)
  }

  /// Sends a request with the session's token, refreshing it when needed.
  public func authorized(_ endpoint: Endpoint, parameters: [String: String] = [:], form: [(String, String)]? = nil,
    secrets: [String] = [], retry: Bool? = nil, dryRun: Bool = false) throws -> APIReply
  {
    try authorized(method: endpoint.method, path: endpoint.path(parameters), form: form, secrets: secrets, retry: retry, dryRun: dryRun)
  }

  /// Any path with the session's token (for `get` and `post`).
  public func authorized(method: String, path: String, form: [(String, String)]? = nil, secrets: [String] = [],
    retry: Bool? = nil, dryRun: Bool = false) throws -> APIReply
  {
    let dry = dryRun || self.dryRun
    var token = try currentToken(refreshing: !dry)
    let first = client.makeRequest(method, path, form: form, token: token)
    do {
      return try client.send(first, secrets: secrets, retry: retry, dryRun: dry)
    } catch let error as APIError where error.status == 401 && fixedToken == nil {
      // Once after a 401: refresh and try again.
      guard let user, let refreshed = try? refreshToken(token, user: user) else { throw error }
      token = refreshed
      return try client.send(client.makeRequest(method, path, form: form, token: token), secrets: secrets, retry: retry)
    }
  }

  /// Logs in and keeps the token for `username` on this profile.
  public func login(_ username: String, password: String) throws -> APIReply {
    let reply = try call(.login, json: ["username": .string(username), "password": .string(password)], secrets: [password])
    try store(reply, for: reply.body["token"].flatMap(Session.username(ofToken:)) ?? username)
    return reply
  }

  /// Exchanges the current token for a new one.
  public func refresh() throws -> APIReply {
    let token = try currentToken(refreshing: false)
    let reply = try client.send(client.makeRequest("GET", Endpoint.refresh.path, token: token), dryRun: dryRun)
    if fixedToken == nil, let user { try store(reply, for: user) }
    return reply
  }

  /// Forgets the current user's token.
  public func logout() throws {
    try tokens.forget(profile: profile)
  }

  /// The token to send: `TSHELL_TOKEN`, else the stored one (refreshed when it is about to expire).
  public func currentToken(refreshing: Bool = true) throws -> String {
    if let fixedToken { return fixedToken }
    guard let (user, token) = tokens.current(profile: profile), let stored = token else {
      if dryRun { return "" }
      throw ClientError.usage("not logged in: run login USER first (or set TSHELL_TOKEN)")
    }
    let now = Int(Date().timeIntervalSince1970)
    if refreshing, stored.expires - now < Session.refreshMargin, let refreshed = try? refreshToken(stored.token, user: user) {
      return refreshed
    }
    return stored.token
  }

  private func refreshToken(_ token: String, user: String) throws -> String {
    let reply = try client.send(client.makeRequest("GET", Endpoint.refresh.path, token: token))
    try store(reply, for: user)
    return reply.body["token"]?.stringValue ?? token
  }

  private func store(_ reply: APIReply, for username: String) throws {
    guard let token = reply.body["token"]?.stringValue else { return }
    let expires = reply.body["token"].flatMap(Session.expiry(ofToken:)) ?? Int(Date().timeIntervalSince1970) + 86_400
    try tokens.save(TokenStore.Token(token: token, expires: expires), profile: profile, user: username)
  }

  /// The `id` claim of a token (the real username when login used the email).
  static func username(ofToken value: JSONValue) -> String? {
    claims(value)?["id"]?.stringValue
  }

  static func expiry(ofToken value: JSONValue) -> Int? {
    claims(value)?["exp"]?.numberValue?.intValue
  }

  private static func claims(_ value: JSONValue) -> JSONValue? {
    guard let token = value.stringValue else { return nil }
    let parts = token.split(separator: ".")
    guard parts.count == 3 else { return nil }
    var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64) else { return nil }
    return try? JSONValue(parsing: [UInt8](data))
  }
}
