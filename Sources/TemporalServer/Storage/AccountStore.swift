/// Where accounts, usage and keys live: SQLite on one machine, PostgreSQL for replicas.
public protocol AccountStore: Sendable {
  /// Creates the user and its usage row; duplicates are checked email first, then username.
  func createUser(_ user: NewUser) async throws -> UserRecord
  func user(named username: String) async throws -> UserRecord?
  func user(withEmail email: String) async throws -> UserRecord?
  /// Marks the email verified and moves an `unverified` account to `free`.
  func verifyEmail(of username: String) async throws
  /// Sets the password, drops a pending reset and refuses tokens from before `credentialsEpoch`.
  func setPasswordHash(_ hash: String, for username: String, credentialsEpoch: Int64) async throws
  /// Replaces the hash with `newHash` (the same password at another cost) only while it is still
  /// `oldHash`, leaving the credentials epoch and tokens alone; whether it did.
  func replacePasswordHash(_ oldHash: String, with newHash: String, for username: String) async throws -> Bool
  /// A reset password that becomes the password when first used; the current one stays valid.
  func setPendingPasswordHash(_ hash: String, for username: String) async throws
  /// Makes `hash` (the pending reset's) the password while the pending column still holds
  /// `pending`; false when another request promoted, replaced or voided it first.
  func promotePendingPassword(_ pending: String, to hash: String, for username: String, credentialsEpoch: Int64) async throws
    -> Bool
  func usage(of username: String) async throws -> UsageRecord?
  /// The user and its usage row, read together.
  func userWithUsage(named username: String) async throws -> UserWithUsage?
  /// Sets the tier and its limits.
  func setTier(_ tier: Tier, for username: String) async throws
  /// Sets the tier only if it is `current`, atomically; false when it was not.
  func changeTier(of username: String, from current: Tier, to tier: Tier) async throws -> Bool
  func setCredits(_ credits: String, for username: String) async throws
  func keys(of username: String) async throws -> [KeyRecord]
  /// One key of the user's, by stored name (an indexed read).
  func key(named name: String, of username: String) async throws -> KeyRecord?
  /// Whether the user has a key of this stored name (an indexed read of no key material): the
  /// cheap check before a key is generated. `addKey` still decides.
  func hasKey(named name: String, of username: String) async throws -> Bool
  /// Stores a key if its name is new and the tier allows another key, counting it; atomic, so
  /// concurrent creations cannot exceed the limit or share a name. The one authority on both:
  /// `keyNameExists` and `tooManyKeys` when it refuses.
  func addKey(_ key: KeyRecord, for username: String) async throws
  /// Removes a key and lowers the key count (not below zero); returns the removed key.
  func removeKey(named name: String, of username: String) async throws -> KeyRecord?
  /// Records `check` (a value derived from the key-encryption key) on first use; afterwards,
  /// whether it is the recorded one, so that no replica stores keys it or others cannot open.
  func matchesKeyCheck(_ check: String) async throws -> Bool
  /// Every account with its usage row, by username (`tshell admin users`).
  func allAccounts() async throws -> [UserWithUsage]
  /// Enables or disables an account: a disabled one cannot log in and its tokens are refused.
  func setAccountEnabled(_ enabled: Bool, for username: String) async throws
  /// Re-seals every stored private key with `reseal` and records `newKeyCheck`, all in one
  /// transaction (a failure changes nothing); the number of keys.
  func reencryptKeys(newKeyCheck: String, _ reseal: @escaping @Sendable (KeyRecord) throws -> [UInt8]) async throws -> Int
  /// Whether the database answers.
  func isHealthy() async -> Bool
}

extension AccountStore {
  /// How busy the store's database connections are, where it keeps count.
  public var connectionUsage: PoolUsage? {
    (self as? PostgresAccountStore)?.poolUsage ?? (self as? SQLiteAccountStore)?.writerUsage
  }
}
