import Foundation
import TShellJSON
import TemporalAPI

/// How a request carries the session's token.
public enum TokenUse: Sendable {
  /// Not at all.
  case none
  /// Always: not being logged in is an error (except in a dry run).
  case required
  /// When there is one (`get` and `post` of any path).
  case whenAvailable
}

/// A connection to one API endpoint as one user: tokens that refresh themselves shortly before
/// they expire and once after a 401 (then the request is sent again), and dry runs.
public final class Session: @unchecked Sendable {
  /// The profile the session belongs to (`embedded` for the built-in server).
  public let profile: String
  public let client: APIClient
  private let tokens: TokenStore
  /// `TSHELL_TOKEN`: used as is, never refreshed or stored.
  private let fixedToken: String?
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

  /// Sends a request to `endpoint`, with the token when the endpoint requires one; in a dry run,
  /// only describes it.
  public func send(
    _ endpoint: Endpoint, parameters: [String: String] = [:], form: (any APIForm)? = nil,
    json: JSONValue? = nil, secrets: [String] = [], retry: Bool? = nil, dryRun: Bool, remembered: Bool = true
  ) throws -> APIOutcome {
    try send(
      endpoint.method.rawValue, endpoint.path(parameters), token: endpoint.requiresToken ? .required : .none,
      form: form?.fields, json: json, secrets: secrets, retry: retry, dryRun: dryRun, remembered: remembered)
  }

  /// Sends a request to any path (`get`, `post`, a verification link).
  public func send(
    _ method: String, _ path: String, token use: TokenUse, form: [(String, String)]? = nil, json: JSONValue? = nil,
    secrets: [String] = [], retry: Bool? = nil, dryRun: Bool, remembered: Bool = true
  ) throws -> APIOutcome {
    let token: String?
    switch use {
    case .none: token = nil
    case .required: token = try requiredToken(dryRun: dryRun)
    case .whenAvailable: token = user != nil || fixedToken != nil ? try currentToken(refreshing: !dryRun) : nil
    }
    return try exchange(
      method, path, token: token, form: form, json: json, secrets: secrets, retry: retry, dryRun: dryRun,
      refreshingOnce: true, remembered: remembered)
  }

  /// The token for a request that requires one; a dry run needs none (its curl line names
  /// `$TSHELL_TOKEN`) and refreshes nothing.
  private func requiredToken(dryRun: Bool, refreshing: Bool = true) throws -> String {
    guard dryRun else { return try currentToken(refreshing: refreshing) }
    return (try? currentToken(refreshing: false)) ?? ""
  }

  /// Sends (or in a dry run describes) one request; after a 401, when `refreshingOnce`, refreshes
  /// the stored token and sends it once more.
  private func exchange(
    _ method: String, _ path: String, token: String?, form: [(String, String)]? = nil, json: JSONValue? = nil,
    secrets: [String] = [], retry: Bool? = nil, dryRun: Bool, refreshingOnce: Bool, remembered: Bool = true
  ) throws -> APIOutcome {
    let request = client.makeRequest(method, path, form: form, json: json, token: token)
    if dryRun { return .dryRun(curl: CurlCommand(request, secrets: secrets).text) }
    do {
      return .answered(try client.send(request, secrets: secrets, retry: retry, remembered: remembered))
    } catch let error as APIError where error.status == 401 && refreshingOnce && fixedToken == nil {
      guard let token, let user, let refreshed = try? refreshToken(token, user: user) else { throw error }
      let again = client.makeRequest(method, path, form: form, json: json, token: refreshed)
      return .answered(try client.send(again, secrets: secrets, retry: retry, remembered: remembered))
    }
  }

  /// Logs in and keeps the token for `username` on this profile.
  public func login(_ username: String, password: String, dryRun: Bool) throws -> APIOutcome {
    let outcome = try send(
      .login, json: Credentials(username: username, password: password).json, secrets: [password], dryRun: dryRun)
    if case .answered(let reply) = outcome {
      try store(reply, for: reply.body["token"].flatMap(Session.username(ofToken:)) ?? username)
    }
    return outcome
  }

  /// Changes the password. The server stops accepting every token issued before, so the stored
  /// one is replaced by logging in again with the new password.
  public func changePassword(old: String, new: String, dryRun: Bool) throws -> APIOutcome {
    let outcome = try send(
      .changePassword, form: PasswordChangeForm(oldPassword: old, newPassword: new), secrets: [old, new], dryRun: dryRun)
    if case .answered = outcome, fixedToken == nil, let user {
      let login = try client.send(
        client.makeRequest(
          Endpoint.login.method.rawValue, Endpoint.login.path,
          json: Credentials(username: user, password: new).json, token: nil),
        secrets: [new])
      try store(login, for: user)
    }
    return outcome
  }

  /// Exchanges the current token for a new one.
  public func refresh(dryRun: Bool) throws -> APIOutcome {
    let token = try requiredToken(dryRun: dryRun, refreshing: false)
    let outcome = try exchange(
      Endpoint.refresh.method.rawValue, Endpoint.refresh.path, token: token, dryRun: dryRun,
      refreshingOnce: false)
    if case .answered(let reply) = outcome, fixedToken == nil, let user { try store(reply, for: user) }
    return outcome
  }

  /// Forgets the current user's token; the user it was for, or nil when nobody was logged in.
  @discardableResult
  public func logout() throws -> String? {
    try tokens.forget(profile: profile)
  }

  /// The token to send: `TSHELL_TOKEN`, else the stored one (refreshed when it is about to expire).
  public func currentToken(refreshing: Bool = true) throws -> String {
    if let fixedToken { return fixedToken }
    guard let (user, token) = tokens.current(profile: profile), let stored = token else {
      throw ClientError.notLoggedIn
    }
    let now = Int(Date().timeIntervalSince1970)
    if refreshing, stored.expires - now < Session.refreshMargin, let refreshed = try? refreshToken(stored.token, user: user) {
      return refreshed
    }
    return stored.token
  }

  private func refreshToken(_ token: String, user: String) throws -> String {
    let reply = try client.send(client.makeRequest(Endpoint.refresh.method.rawValue, Endpoint.refresh.path, token: token))
    try store(reply, for: user)
    return TokenGrant(reply.body)?.token ?? token
  }

  private func store(_ reply: APIReply, for username: String) throws {
    guard let grant = TokenGrant(reply.body) else { return }
    let expires = Session.expiry(ofToken: .string(grant.token)) ?? Int(Date().timeIntervalSince1970) + 86_400
    try tokens.save(TokenStore.Token(token: grant.token, expires: expires), profile: profile, user: username)
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
