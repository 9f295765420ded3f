import Foundation
import Logging
import PostgresNIO

/// `AccountStore` on PostgreSQL, for several `tshell serve` replicas over one database: every
/// check-then-write runs in a transaction that locks the rows it checks, and unique
/// constraints are the last line against races.
public final class PostgresAccountStore: AccountStore {
  private let client: PostgresClient
  private let runner: Task<Void, Never>
  /// The pool's connections in use and waits, for the metrics.
  public let poolUsage: PoolUsage
  let logger: Logger
  private let accountChecks: RequestBatcher<String, UserWithUsage?>
  let requestCounts: RequestBatcher<RateWindow, Int>

  /// Connects (a pool of at most `maximumConnections`) and migrates under an advisory lock, so
  /// that replicas starting together migrate once.
  public init(_ database: DatabaseURL, maximumConnections: Int = 10, logger: Logger) async throws {
    var configuration = PostgresClient.Configuration(
      host: database.host, port: database.port, username: database.username, password: database.password,
      database: database.database, tls: .disable)
    configuration.options.maximumConnections = maximumConnections
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    let usage = PoolUsage(capacity: maximumConnections)
    self.poolUsage = usage
    self.client = client
    self.logger = logger
    // One statement of each kind in flight: the next gathers every request that arrived
    // meanwhile, so batches grow with load and with the database's distance (docs/benchmarks.md:
    // one in flight served 17,000-18,600 requests/s, two 12,400-17,700, three 11,300-15,700).
    accountChecks = .lookup(concurrentBatches: 1) { usernames in
      try await usage.measure {
        try await PostgresAccountStore.all(PostgresStatements.UsersWithUsageByNames(usernames: usernames), client, logger)
      }
      .reduce(into: [:]) { found, account in found[account.user.username] = account }
    }
    requestCounts = RequestBatcher(concurrentBatches: 1) { windows in
      try await usage.measure { try await PostgresAccountStore.count(windows, client, logger) }
    }
    runner = Task { await client.run() }
    do {
      try await PostgresSchema.migrate(client, logger: logger)
    } catch {
      runner.cancel()
      throw StoreError.database(String(reflecting: error))
    }
  }

  deinit { runner.cancel() }

  /// Closes the pool.
  public func shutdown() {
    runner.cancel()
  }

  public func createUser(_ user: NewUser) async throws -> UserRecord {
    let now = Date().timeIntervalSince1970
    let limits = user.tier.limits
    try await transaction { connection in
      if try await connection.query("SELECT 1 FROM users WHERE email = \(user.email)", logger: self.logger).collect().count > 0 {
        throw StoreError.emailTaken
      }
      if try await connection.query("SELECT 1 FROM users WHERE username = \(user.username)", logger: self.logger).collect().count
        > 0
      {
        throw StoreError.usernameTaken
      }
      try await connection.query(
        """
        INSERT INTO users (username, email, password_hash, email_enabled, email_verification_token, credits,
          customer_object_hash, created_at, updated_at, credentials_epoch)
        VALUES (\(user.username), \(user.email), \(user.passwordHash), \(user.emailEnabled), \(user.verificationToken),
          \(user.credits), \(SQLiteAccountStore.defaultCustomerObjectHash), \(now), \(now), \(Int64(now.rounded(.down))))
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO usage (username, tier, monthly_data_limit_bytes, ipns_records_allowed, pubsub_messages_allowed,
          keys_allowed, created_at, updated_at)
        VALUES (\(user.username), \(user.tier.rawValue), \(limits.monthlyDataBytes), \(limits.ipnsRecords),
          \(limits.pubSubMessages), \(limits.keys), \(now), \(now))
        """, logger: self.logger)
    }
    guard let created = try await self.user(named: user.username) else { throw StoreError.database("the new user was not found") }
    return created
  }

  public func user(named username: String) async throws -> UserRecord? {
    try await first(PostgresStatements.UserByName(username: username))
  }

  public func user(withEmail email: String) async throws -> UserRecord? {
    try await first(PostgresStatements.UserByEmail(email: email))
  }

  public func verifyEmail(of username: String) async throws {
    let now = Date().timeIntervalSince1970
    try await transaction { connection in
      let changed = try await connection.query(
        "UPDATE users SET email_enabled = TRUE, updated_at = \(now) WHERE username = \(username) RETURNING id",
        logger: self.logger
      ).collect()
      guard !changed.isEmpty else { throw StoreError.notFound }
      let tier = try await connection.query(
        "SELECT tier FROM usage WHERE username = \(username) FOR UPDATE", logger: self.logger
      ).collect().first?.decode(String.self)
      if tier == Tier.unverified.rawValue { try await self.applyTier(.free, to: username, connection) }
    }
  }

  public func setPasswordHash(_ hash: String, for username: String, credentialsEpoch: Int64) async throws {
    try await update(
      """
      UPDATE users SET password_hash = \(hash), pending_password_hash = '', credentials_epoch = \(credentialsEpoch),
        updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) RETURNING id
      """)
  }

  public func replacePasswordHash(_ oldHash: String, with newHash: String, for username: String) async throws -> Bool {
    try await run(
      """
      UPDATE users SET password_hash = \(newHash), updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) AND password_hash = \(oldHash) RETURNING id
      """
    ).count > 0
  }

  public func setPendingPasswordHash(_ hash: String, for username: String) async throws {
    try await update(
      """
      UPDATE users SET pending_password_hash = \(hash), updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) RETURNING id
      """)
  }

  public func promotePendingPassword(_ pending: String, to hash: String, for username: String, credentialsEpoch: Int64)
    async throws -> Bool
  {
    try await run(
      """
      UPDATE users SET password_hash = \(hash), pending_password_hash = '',
        credentials_epoch = \(credentialsEpoch), updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) AND pending_password_hash = \(pending) AND pending_password_hash <> ''
      RETURNING id
      """
    ).count > 0
  }

  public func usage(of username: String) async throws -> UsageRecord? {
    try await first(PostgresStatements.UsageByName(username: username))
  }

  /// One prepared query, shared by the requests that arrive while others are in flight: it
  /// runs on every authenticated request.
  public func userWithUsage(named username: String) async throws -> UserWithUsage? {
    try await accountChecks.answer(username)
  }

  public func setTier(_ tier: Tier, for username: String) async throws {
    try await transaction { connection in try await self.applyTier(tier, to: username, connection) }
  }

  public func changeTier(of username: String, from current: Tier, to tier: Tier) async throws -> Bool {
    try await transaction { connection in
      let found = try await connection.query(
        "SELECT tier FROM usage WHERE username = \(username) FOR UPDATE", logger: self.logger
      ).collect().first?.decode(String.self)
      guard found == current.rawValue else { return false }
      try await self.applyTier(tier, to: username, connection)
      return true
    }
  }

  public func setCredits(_ credits: String, for username: String) async throws {
    try await update(
      "UPDATE users SET credits = \(credits), updated_at = \(Date().timeIntervalSince1970) WHERE username = \(username) RETURNING id"
    )
  }

  public func keys(of username: String) async throws -> [KeyRecord] {
    try await all(PostgresStatements.KeysOfUser(username: username))
  }

  public func key(named name: String, of username: String) async throws -> KeyRecord? {
    try await first(PostgresStatements.KeyOfUser(username: username, name: name))
  }

  public func hasKey(named name: String, of username: String) async throws -> Bool {
    try await first(PostgresStatements.KeyExists(username: username, name: name)) != nil
  }

  public func addKey(_ key: KeyRecord, for username: String) async throws {
    let now = Date().timeIntervalSince1970
    try await transaction { connection in
      guard
        let counts = try await connection.query(
          "SELECT keys_created, keys_allowed FROM usage WHERE username = \(username) FOR UPDATE", logger: self.logger
        ).collect().first
      else { throw StoreError.notFound }
      let (created, allowed) = try counts.decode((Int64, Int64).self)
      if try await connection.query(
        "SELECT 1 FROM keys WHERE username = \(username) AND name = \(key.name)", logger: self.logger
      ).collect().count > 0 {
        throw StoreError.keyNameExists
      }
      guard created < allowed else { throw StoreError.tooManyKeys }
      try await connection.query(
        """
        INSERT INTO keys (username, name, key_id, key_type, private_key, created_at)
        VALUES (\(username), \(key.name), \(key.keyID), \(key.type), \(ByteBuffer(bytes: key.encryptedPrivateKey)), \(now))
        """, logger: self.logger)
      try await connection.query(
        "UPDATE usage SET keys_created = keys_created + 1, updated_at = \(now) WHERE username = \(username)",
        logger: self.logger)
    }
  }

  public func removeKey(named name: String, of username: String) async throws -> KeyRecord? {
    try await transaction { connection in
      guard
        let row = try await connection.query(
          "DELETE FROM keys WHERE username = \(username) AND name = \(name) RETURNING name, key_id, key_type, private_key",
          logger: self.logger
        ).collect().first
      else { return nil }
      try await connection.query(
        """
        UPDATE usage SET keys_created = GREATEST(keys_created - 1, 0), updated_at = \(Date().timeIntervalSince1970)
        WHERE username = \(username)
        """, logger: self.logger)
      return try PostgresSchema.key(row)
    }
  }

  public func matchesKeyCheck(_ check: String) async throws -> Bool {
    try await run("INSERT INTO settings (name, value) VALUES ('key_check', \(check)) ON CONFLICT (name) DO NOTHING")
    return try await run("SELECT value FROM settings WHERE name = 'key_check'").first?.decode(String.self) == check
  }

  public func isHealthy() async -> Bool {
    (try? await run("SELECT 1").count) == 1
  }

  // MARK: - Helpers

  private func applyTier(_ tier: Tier, to username: String, _ connection: PostgresConnection) async throws {
    let limits = tier.limits
    let changed = try await connection.query(
      """
      UPDATE usage SET tier = \(tier.rawValue), monthly_data_limit_bytes = \(limits.monthlyDataBytes),
        keys_allowed = \(limits.keys), pubsub_messages_allowed = \(limits.pubSubMessages),
        ipns_records_allowed = \(limits.ipnsRecords), updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) RETURNING id
      """, logger: logger
    ).collect()
    guard !changed.isEmpty else { throw StoreError.notFound }
  }

  @discardableResult
  func run(_ query: PostgresQuery) async throws -> [PostgresRow] {
    do {
      return try await poolUsage.measure { try await client.query(query, logger: logger).collect() }
    } catch {
      throw PostgresAccountStore.mapped(error)
    }
  }

  func update(_ query: PostgresQuery) async throws {
    guard try await run(query).count > 0 else { throw StoreError.notFound }
  }

  func all<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
    try await poolUsage.measure { try await PostgresAccountStore.all(statement, client, logger) }
  }

  static func all<Statement: PostgresPreparedStatement>(
    _ statement: Statement, _ client: PostgresClient, _ logger: Logger
  ) async throws -> [Statement.Row] {
    do {
      var rows: [Statement.Row] = []
      for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
      return rows
    } catch {
      throw PostgresAccountStore.mapped(error)
    }
  }

  func first<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Statement.Row? {
    try await all(statement).first
  }

  func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
    do {
      return try await poolUsage.measure {
        try await client.withTransaction(logger: logger) { connection in try await body(connection) }
      }
    } catch {
      throw PostgresAccountStore.mapped(error)
    }
  }

  /// Store errors as they are; a unique constraint that a concurrent request hit first as the
  /// error the check would have given; anything else as a database failure.
  static func mapped(_ error: Error) -> Error {
    if let error = error as? StoreError { return error }
    if let transaction = error as? PostgresTransactionError,
      let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
    {
      return mapped(inner)
    }
    if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505" {
      switch error.serverInfo?[.constraintName] {
      case "users_email_key": return StoreError.emailTaken
      case "users_username_key": return StoreError.usernameTaken
      case "keys_username_name_key": return StoreError.keyNameExists
      default: break
      }
    }
    return StoreError.database(String(reflecting: error))
  }
}
