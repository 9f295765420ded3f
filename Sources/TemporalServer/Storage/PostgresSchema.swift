import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL tables (the SQLite ones, in PostgreSQL's types), their migrations, and rows
/// read back into records.
enum PostgresSchema {
  /// Any number, the same for every replica: migrations run under this advisory lock.
  static let migrationLock: Int64 = 0x7473_6865_6c6c

  static let migrations: [(String, String)] = [
    (
      "v1",
      """
      CREATE TABLE users (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        account_enabled BOOLEAN NOT NULL DEFAULT TRUE,
        email_enabled BOOLEAN NOT NULL DEFAULT FALSE,
        email_verification_token TEXT NOT NULL,
        admin BOOLEAN NOT NULL DEFAULT FALSE,
        free BOOLEAN NOT NULL DEFAULT TRUE,
        credits TEXT NOT NULL DEFAULT '0',
        customer_object_hash TEXT NOT NULL,
        organization TEXT NOT NULL DEFAULT '',
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        credentials_epoch BIGINT NOT NULL DEFAULT 0,
        pending_password_hash TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE usage (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL UNIQUE REFERENCES users(username) ON DELETE CASCADE,
        tier TEXT NOT NULL,
        monthly_data_limit_bytes BIGINT NOT NULL,
        current_data_used_bytes BIGINT NOT NULL DEFAULT 0,
        ipns_records_published BIGINT NOT NULL DEFAULT 0,
        ipns_records_allowed BIGINT NOT NULL,
        pubsub_messages_sent BIGINT NOT NULL DEFAULT 0,
        pubsub_messages_allowed BIGINT NOT NULL,
        keys_created BIGINT NOT NULL DEFAULT 0,
        keys_allowed BIGINT NOT NULL,
        claimed_ens_name BOOLEAN NOT NULL DEFAULT FALSE,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL
      );
      CREATE TABLE keys (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key_id TEXT NOT NULL,
        key_type TEXT NOT NULL,
        private_key BYTEA NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        UNIQUE (username, name)
      );
      """
    ),
    ("v2 settings", "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    (
      "v3 rate limits",
      """
      CREATE TABLE rate_limits (
        client TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (client, window_start)
      )
      """
    ),
  ]

  /// Applies the migrations not applied yet, one replica at a time.
  static func migrate(_ client: PostgresClient, logger: Logger) async throws {
    try await client.withConnection { connection in
      try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger)
      do {
        try await connection.query(
          "CREATE TABLE IF NOT EXISTS tshell_migrations (version TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
          logger: logger)
        for (version, sql) in migrations {
          let applied = try await connection.query(
            "SELECT 1 FROM tshell_migrations WHERE version = \(version)", logger: logger
          ).collect()
          guard applied.isEmpty else { continue }
          try await connection.withTransaction(logger: logger) { transaction in
            for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
              try await transaction.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger)
            }
            try await transaction.query(
              "INSERT INTO tshell_migrations (version, applied_at) VALUES (\(version), \(Date().timeIntervalSince1970))",
              logger: logger)
          }
        }
      } catch {
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
        throw error
      }
      try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
    }
  }

  static let userColumns = SQLiteAccountStore.userColumns
  static let usageColumns = SQLiteAccountStore.usageColumns

  /// A user from the next cells, in `userColumns` order.
  static func user(_ cells: inout PostgresCells) throws -> UserRecord {
    let id: Int64 = try cells.next()
    let username: String = try cells.next()
    let email: String = try cells.next()
    let passwordHash: String = try cells.next()
    let accountEnabled: Bool = try cells.next()
    let emailEnabled: Bool = try cells.next()
    let verificationToken: String = try cells.next()
    let admin: Bool = try cells.next()
    let free: Bool = try cells.next()
    let credits: String = try cells.next()
    let customerObjectHash: String = try cells.next()
    let organization: String = try cells.next()
    let createdAt: Double = try cells.next()
    let updatedAt: Double = try cells.next()
    let credentialsEpoch: Int64 = try cells.next()
    let pending: String = try cells.next()
    return UserRecord(
      id: id, username: username, email: email, passwordHash: passwordHash, accountEnabled: accountEnabled,
      emailEnabled: emailEnabled, emailVerificationToken: verificationToken, admin: admin, free: free, credits: credits,
      customerObjectHash: customerObjectHash, organization: organization,
      createdAt: Date(timeIntervalSince1970: createdAt), updatedAt: Date(timeIntervalSince1970: updatedAt),
      credentialsEpoch: credentialsEpoch, pendingPasswordHash: pending.isEmpty ? nil : pending)
  }

  /// The user and usage columns of one joined row.
  static let userWithUsageColumns: String = {
    let names = { (list: String) in list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
    return (names(userColumns).map { "u.\($0)" } + names(usageColumns).map { "g.\($0)" }).joined(separator: ", ")
  }()

  /// A usage row from the next cells, in `usageColumns` order.
  static func usage(_ cells: inout PostgresCells) throws -> UsageRecord {
    let id: Int64 = try cells.next()
    let username: String = try cells.next()
    let tier: String = try cells.next()
    let monthlyDataLimit: Int64 = try cells.next()
    let dataUsed: Int64 = try cells.next()
    let ipnsPublished: Int64 = try cells.next()
    let ipnsAllowed: Int64 = try cells.next()
    let pubSubSent: Int64 = try cells.next()
    let pubSubAllowed: Int64 = try cells.next()
    let keysCreated: Int64 = try cells.next()
    let keysAllowed: Int64 = try cells.next()
    let claimedENSName: Bool = try cells.next()
    let createdAt: Double = try cells.next()
    let updatedAt: Double = try cells.next()
    return UsageRecord(
      id: id, username: username, tier: Tier(rawValue: tier) ?? .unverified,
      monthlyDataLimitBytes: monthlyDataLimit, currentDataUsedBytes: dataUsed,
      ipnsRecordsPublished: ipnsPublished, ipnsRecordsAllowed: ipnsAllowed,
      pubSubMessagesSent: pubSubSent, pubSubMessagesAllowed: pubSubAllowed,
      keysCreated: keysCreated, keysAllowed: keysAllowed, claimedENSName: claimedENSName,
      createdAt: Date(timeIntervalSince1970: createdAt), updatedAt: Date(timeIntervalSince1970: updatedAt))
  }

  static func key(_ row: PostgresRow) throws -> KeyRecord {
    let (name, keyID, type, privateKey) = try row.decode((String, String, String, ByteBuffer).self)
    return KeyRecord(name: name, keyID: keyID, type: type, encryptedPrivateKey: Array(buffer: privateKey))
  }
}

/// A `postgres://user:password@host:port/database` URL; the password may instead come from
/// `PGPASSWORD`.
public struct DatabaseURL: Sendable, Equatable {
  public var host: String
  public var port: Int
  public var username: String
  public var password: String?
  public var database: String

  public struct Invalid: Error, CustomStringConvertible {
    public var description: String
  }

  /// The URL's text (with the password, when it has one).
  public var text: String {
    let credentials =
      username + (password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
    return "postgres://\(credentials)@\(host):\(port)/\(database)"
  }

  public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql",
      let host = url.host, !host.isEmpty
    else {
      throw Invalid(description: "the database URL must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    }
    self.host = host
    port = url.port ?? 5432
    username = url.user ?? environment["PGUSER"] ?? "postgres"
    password = url.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
    let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    database = path.isEmpty ? username : path
  }
}
