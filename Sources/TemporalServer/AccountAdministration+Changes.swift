import Foundation
import Logging
import TShellJSON

/// `tshell admin users`, `disable`, `enable`, `set-tier` and `set-credits`, on either backend.
extension AccountAdministration {
  /// The accounts, by username, filtered by tier and by being disabled.
  public static func users(tier: Tier?, disabledOnly: Bool, configuration: ServerConfiguration) async throws -> [AccountSummary] {
    let store = try await openStore(configuration)
    return try await store.allAccounts()
      .filter { (tier == nil || $0.usage.tier == tier) && (!disabledOnly || !$0.user.accountEnabled) }
      .map(AccountSummary.init)
  }

  /// Enables or disables an account; the account as it is now.
  public static func setEnabled(_ enabled: Bool, username: String, configuration: ServerConfiguration) async throws
    -> AccountSummary
  {
    try await change(username, configuration) { store, name in try await store.setAccountEnabled(enabled, for: name) }
  }

  /// Moves an account to `tier` with its limits; the account as it is now.
  public static func setTier(_ tier: Tier, username: String, configuration: ServerConfiguration) async throws -> AccountSummary {
    try await change(username, configuration) { store, name in try await store.setTier(tier, for: name) }
  }

  /// Sets an account's credit balance (a decimal amount of USD); the account as it is now.
  public static func setCredits(_ credits: String, username: String, configuration: ServerConfiguration) async throws
    -> AccountSummary
  {
    try checkCredits(credits)
    return try await change(username, configuration) { store, name in try await store.setCredits(credits, for: name) }
  }

  /// Refuses anything but a plain non-negative decimal amount such as `12.5`.
  static func checkCredits(_ credits: String) throws {
    guard let number = Double(credits), number.isFinite, number >= 0, credits.allSatisfy({ $0.isNumber || $0 == "." }) else {
      throw Failure(description: "the credits must be a decimal amount of USD such as 12.5, not '\(credits)'")
    }
  }

  private static func change(
    _ username: String, _ configuration: ServerConfiguration,
    _ body: (any AccountStore, String) async throws -> Void
  ) async throws -> AccountSummary {
    let store = try await openStore(configuration)
    let name = Names.normalized(username)
    do {
      try await body(store, name)
    } catch StoreError.notFound {
      throw Failure(description: "no account is named \(username)")
    }
    guard let account = try await store.userWithUsage(named: name) else {
      throw Failure(description: "no account is named \(username)")
    }
    return AccountSummary(account)
  }

  static func openStore(_ configuration: ServerConfiguration) async throws -> any AccountStore {
    var logger = Logger(label: "tshell.admin")
    logger.logLevel = .critical
    return try await TemporalServer.prepare(configuration, logger: logger).service.store
  }
}

/// What an operator sees of an account (never its password hash or tokens).
public struct AccountSummary: Sendable, Equatable {
  public var username: String
  public var email: String
  public var tier: Tier
  public var verified: Bool
  public var enabled: Bool
  public var credits: String
  public var keysCreated: Int64
  public var keysAllowed: Int64
  public var createdAt: Date

  init(_ account: UserWithUsage) {
    username = account.user.username
    email = account.user.email
    tier = account.usage.tier
    verified = account.user.emailEnabled
    enabled = account.user.accountEnabled
    credits = account.user.credits
    keysCreated = account.usage.keysCreated
    keysAllowed = account.usage.keysAllowed
    createdAt = account.user.createdAt
  }

  /// `{"username", "email", "tier", "verified", "enabled", "credits", "keys_created",
  /// "keys_allowed", "created_at"}`.
  public var json: JSONValue {
    .object(
      JSONObject(distinctMembers: [
        ("username", .string(username)), ("email", .string(email)), ("tier", .string(tier.rawValue)),
        ("verified", .bool(verified)), ("enabled", .bool(enabled)), ("credits", .string(credits)),
        ("keys_created", .int(Int(keysCreated))), ("keys_allowed", .int(Int(keysAllowed))),
        ("created_at", .string(Timestamp.rfc3339(createdAt))),
      ]))
  }
}
