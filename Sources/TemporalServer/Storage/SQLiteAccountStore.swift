import Foundation
import GRDB

/// `AccountStore` on one SQLite file (GRDB, WAL mode): readers never wait for the writer, and a
/// commit is synced to disk before the reply (`synchronous = FULL`), so neither a killed process
/// nor a power loss loses anything it answered 200 for. The files are readable by the owner only.
public final class SQLiteAccountStore: AccountStore {
  let pool: DatabasePool
  let reader: SQLiteReader
  /// The one writer connection's use and waits, for the metrics (readers never wait: a busy
  /// reader opens another connection).
  let writerUsage = PoolUsage(capacity: 1)

  /// Opens (creating and migrating) the database at `path`.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    // SQLite gives the -wal and -shm files the database file's mode.
    try OwnerOnlyFile.prepare(path)
    pool = try DatabasePool(path: path, configuration: configuration)
    // Set on the writer once the pool has opened it: GRDB switches a pool to WAL after
    // `prepareDatabase`, and with it to synchronous = NORMAL, so a setting made there is undone.
    let synchronous = try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      return try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    guard synchronous == SQLiteAccountStore.synchronousFull else {
      throw StoreError.database(
        "SQLite did not take synchronous = FULL (it reports \(synchronous.map(String.init) ?? "nothing"))")
    }
    try SQLiteAccountStore.migrator.migrate(pool)
    for suffix in ["-wal", "-shm"] { try OwnerOnlyFile.restrict(path + suffix) }
    reader = SQLiteReader(path: path)
  }

  /// `PRAGMA synchronous`'s value for FULL: every commit waits for fsync.
  static let synchronousFull = 2

  /// The writer's `PRAGMA synchronous`, as it is in force.
  func writerSynchronous() async throws -> Int? {
    try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
  }

  /// The customer object hash the original gave every new account.
  static let defaultCustomerObjectHash = "zdpuAnUGSDoNQoHQ2jpjhPePHEvg26mYLsAAGxr4jkzCWUpde"

  public func createUser(_ user: NewUser) async throws -> UserRecord {
    try await write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE email = ?", arguments: [user.email]) == true {
        throw StoreError.emailTaken
      }
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [user.username]) == true {
        throw StoreError.usernameTaken
      }
      let now = Date().timeIntervalSince1970
      try db.execute(
        sql: """
          INSERT INTO users (username, email, password_hash, email_enabled, email_verification_token, credits,
            customer_object_hash, created_at, updated_at, credentials_epoch)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          user.username, user.email, user.passwordHash, user.emailEnabled, user.verificationToken, user.credits,
          SQLiteAccountStore.defaultCustomerObjectHash, now, now, Int64(now.rounded(.down)),
        ])
      let limits = user.tier.limits
      try db.execute(
        sql: """
          INSERT INTO usage (username, tier, monthly_data_limit_bytes, ipns_records_allowed, pubsub_messages_allowed,
            keys_allowed, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          user.username, user.tier.rawValue, limits.monthlyDataBytes, limits.ipnsRecords, limits.pubSubMessages,
          limits.keys, now, now,
        ])
    }
    guard let created = try await self.user(named: user.username) else { throw StoreError.database("the new user was not found") }
    return created
  }

  static let userColumns = """
    id, username, email, password_hash, account_enabled, email_enabled, email_verification_token, admin, free, credits,
    customer_object_hash, organization, created_at, updated_at, credentials_epoch, pending_password_hash
    """

  private static let userByName = "SELECT \(userColumns) FROM users WHERE username = ?"
  private static let userByEmail = "SELECT \(userColumns) FROM users WHERE email = ?"
  private static let usageByName = "SELECT \(usageColumns) FROM usage WHERE username = ?"

  public func user(named username: String) async throws -> UserRecord? {
    try first(SQLiteAccountStore.userByName, [username], SQLiteAccountStore.userRecord)
  }

  public func user(withEmail email: String) async throws -> UserRecord? {
    try first(SQLiteAccountStore.userByEmail, [email], SQLiteAccountStore.userRecord)
  }

  public func verifyEmail(of username: String) async throws {
    try await write { db in
      let now = Date().timeIntervalSince1970
      try db.execute(sql: "UPDATE users SET email_enabled = 1, updated_at = ? WHERE username = ?", arguments: [now, username])
      guard db.changesCount > 0 else { throw StoreError.notFound }
      if try String.fetchOne(db, sql: "SELECT tier FROM usage WHERE username = ?", arguments: [username])
        == Tier.unverified.rawValue
      {
        try SQLiteAccountStore.applyTier(.free, to: username, db)
      }
    }
  }

  public func setPasswordHash(_ hash: String, for username: String, credentialsEpoch: Int64) async throws {
    try await write { db in
      try db.execute(
        sql: """
          UPDATE users SET password_hash = ?, pending_password_hash = '', credentials_epoch = ?, updated_at = ?
          WHERE username = ?
          """,
        arguments: [hash, credentialsEpoch, Date().timeIntervalSince1970, username])
      guard db.changesCount > 0 else { throw StoreError.notFound }
    }
  }

  public func replacePasswordHash(_ oldHash: String, with newHash: String, for username: String) async throws -> Bool {
    try await write { db in
      try db.execute(
        sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ? AND password_hash = ?",
        arguments: [newHash, Date().timeIntervalSince1970, username, oldHash])
      return db.changesCount > 0
    }
  }

  public func setPendingPasswordHash(_ hash: String, for username: String) async throws {
    try await updateUser(username, setting: "pending_password_hash", to: hash)
  }

  public func promotePendingPassword(_ pending: String, to hash: String, for username: String, credentialsEpoch: Int64)
    async throws -> Bool
  {
    try await write { db in
      try db.execute(
        sql: """
          UPDATE users SET password_hash = ?, pending_password_hash = '', credentials_epoch = ?,
            updated_at = ?
          WHERE username = ? AND pending_password_hash = ? AND pending_password_hash != ''
          """,
        arguments: [hash, credentialsEpoch, Date().timeIntervalSince1970, username, pending])
      return db.changesCount > 0
    }
  }

  /// Sets one column of a user's row and its update time; `notFound` when there is no such user.
  private func updateUser(_ username: String, setting column: String, to value: String) async throws {
    try await write { db in
      try db.execute(
        sql: "UPDATE users SET \(column) = ?, updated_at = ? WHERE username = ?",
        arguments: [value, Date().timeIntervalSince1970, username])
      guard db.changesCount > 0 else { throw StoreError.notFound }
    }
  }

  static let usageColumns = """
    id, username, tier, monthly_data_limit_bytes, current_data_used_bytes, ipns_records_published, ipns_records_allowed,
    pubsub_messages_sent, pubsub_messages_allowed, keys_created, keys_allowed, claimed_ens_name, created_at, updated_at
    """

  public func usage(of username: String) async throws -> UsageRecord? {
    try first(SQLiteAccountStore.usageByName, [username]) { SQLiteAccountStore.usageRecord($0) }
  }

  static let userWithUsageQuery: String = {
    let users = SQLiteAccountStore.userColumns.split(separator: ",").map {
      "u." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let usage = SQLiteAccountStore.usageColumns.split(separator: ",").map {
      "g." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return
      "SELECT \((users + usage).joined(separator: ", ")) FROM users u JOIN usage g ON g.username = u.username WHERE u.username = ?"
  }()

  public func userWithUsage(named username: String) async throws -> UserWithUsage? {
    try first(SQLiteAccountStore.userWithUsageQuery, [username]) { row in
      UserWithUsage(user: SQLiteAccountStore.userRecord(row), usage: SQLiteAccountStore.usageRecord(row, offset: 16))
    }
  }

  public func setTier(_ tier: Tier, for username: String) async throws {
    try await write { db in try SQLiteAccountStore.applyTier(tier, to: username, db) }
  }

  public func changeTier(of username: String, from current: Tier, to tier: Tier) async throws -> Bool {
    try await write { db in
      guard try String.fetchOne(db, sql: "SELECT tier FROM usage WHERE username = ?", arguments: [username]) == current.rawValue
      else { return false }
      try SQLiteAccountStore.applyTier(tier, to: username, db)
      return true
    }
  }

  public func setCredits(_ credits: String, for username: String) async throws {
    try await updateUser(username, setting: "credits", to: credits)
  }

  private static let keyColumns = "SELECT name, key_id, key_type, private_key FROM keys"

  public func keys(of username: String) async throws -> [KeyRecord] {
    do {
      return try reader.withConnection { connection in
        var keys: [KeyRecord] = []
        try connection.query(SQLiteAccountStore.keyColumns + " WHERE username = ? ORDER BY id", [username]) { row in
          keys.append(SQLiteAccountStore.keyRecord(row))
        }
        return keys
      }
    } catch {
      throw StoreError.database("\(error)")
    }
  }

  public func key(named name: String, of username: String) async throws -> KeyRecord? {
    try first(SQLiteAccountStore.keyColumns + " WHERE username = ? AND name = ?", [username, name], SQLiteAccountStore.keyRecord)
  }

  public func hasKey(named name: String, of username: String) async throws -> Bool {
    try first("SELECT 1 FROM keys WHERE username = ? AND name = ?", [username, name]) { _ in true } ?? false
  }

  public func addKey(_ key: KeyRecord, for username: String) async throws {
    try await write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM keys WHERE username = ? AND name = ?", arguments: [username, key.name]) == true
      {
        throw StoreError.keyNameExists
      }
      guard
        let counts = try Row.fetchOne(
          db, sql: "SELECT keys_created, keys_allowed FROM usage WHERE username = ?",
          arguments: [username])
      else { throw StoreError.notFound }
      let created: Int64 = counts["keys_created"]
      let allowed: Int64 = counts["keys_allowed"]
      guard created < allowed else { throw StoreError.tooManyKeys }
      let now = Date().timeIntervalSince1970
      try db.execute(
        sql: "INSERT INTO keys (username, name, key_id, key_type, private_key, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [username, key.name, key.keyID, key.type, Data(key.encryptedPrivateKey), now])
      try db.execute(
        sql: "UPDATE usage SET keys_created = keys_created + 1, updated_at = ? WHERE username = ?",
        arguments: [now, username])
    }
  }

  public func removeKey(named name: String, of username: String) async throws -> KeyRecord? {
    try await write { db in
      guard
        let row = try Row.fetchOne(db, sql: "SELECT * FROM keys WHERE username = ? AND name = ?", arguments: [username, name])
      else { return nil }
      try db.execute(sql: "DELETE FROM keys WHERE username = ? AND name = ?", arguments: [username, name])
      try db.execute(
        sql: "UPDATE usage SET keys_created = MAX(keys_created - 1, 0), updated_at = ? WHERE username = ?",
        arguments: [Date().timeIntervalSince1970, username])
      return SQLiteAccountStore.keyRecord(row)
    }
  }

  public func matchesKeyCheck(_ check: String) async throws -> Bool {
    try await write { db in
      try db.execute(sql: "INSERT OR IGNORE INTO settings (name, value) VALUES ('key_check', ?)", arguments: [check])
      return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = 'key_check'") == check
    }
  }

  public func isHealthy() async -> Bool {
    (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
  }

  // MARK: - Helpers

  /// The first row of a query on a read connection, converted by `make`.
  private func first<T>(_ sql: String, _ arguments: [String], _ make: (ReadConnection.Row) -> T) throws -> T? {
    do {
      return try reader.withConnection { connection in
        var result: T? = nil
        try connection.query(sql, arguments) { row in if result == nil { result = make(row) } }
        return result
      }
    } catch {
      throw StoreError.database("\(error)")
    }
  }

  func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
    do {
      return try await writerUsage.measure { try await pool.write(body) }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database("\(error)")
    }
  }

  private static func applyTier(_ tier: Tier, to username: String, _ db: Database) throws {
    let limits = tier.limits
    try db.execute(
      sql: """
        UPDATE usage SET tier = ?, monthly_data_limit_bytes = ?, keys_allowed = ?, pubsub_messages_allowed = ?,
          ipns_records_allowed = ?, updated_at = ?
        WHERE username = ?
        """,
      arguments: [
        tier.rawValue, limits.monthlyDataBytes, limits.keys, limits.pubSubMessages, limits.ipnsRecords,
        Date().timeIntervalSince1970, username,
      ])
    guard db.changesCount > 0 else { throw StoreError.notFound }
  }
}
