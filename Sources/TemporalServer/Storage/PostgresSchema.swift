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

  static func user(_ row: PostgresRow) throws -> UserRecord {
    let cells = row.makeRandomAccess()
    func text(_ name: String) throws -> String { try cells[name].decode(String.self) }
    func flag(_ name: String) throws -> Bool { try cells[name].decode(Bool.self) }
    func time(_ name: String) throws -> Date { Date(timeIntervalSince1970: try cells[name].decode(Double.self)) }
    let pending = try text("pending_password_hash")
    return UserRecord(
      id: try cells["id"].decode(Int64.self), username: try text("username"), email: try text("email"),
      passwordHash: try text("password_hash"), accountEnabled: try flag("account_enabled"),
      emailEnabled: try flag("email_enabled"), emailVerificationToken: try text("email_verification_token"),
      admin: try flag("admin"), free: try flag("free"), credits: try text("credits"),
      customerObjectHash: try text("customer_object_hash"), organization: try text("organization"),
      createdAt: try time("created_at"), updatedAt: try time("updated_at"),
      credentialsEpoch: try cells["credentials_epoch"].decode(Int64.self), pendingPasswordHash: pending.isEmpty ? nil : pending)
  }

  /// The user and usage columns of one joined row, the usage ones named `g_<column>`.
  static let userWithUsageColumns: String = {
    let names = { (list: String) in list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
    return (names(userColumns).map { "u.\($0)" } + names(usageColumns).map { "g.\($0) AS g_\($0)" }).joined(separator: ", ")
  }()

  static func usage(_ row: PostgresRow, prefix: String = "") throws -> UsageRecord {
    let cells = row.makeRandomAccess()
    func number(_ name: String) throws -> Int64 { try cells[prefix + name].decode(Int64.self) }
    return UsageRecord(
      id: try number("id"), username: try cells[prefix + "username"].decode(String.self),
      tier: Tier(rawValue: try cells[prefix + "tier"].decode(String.self)) ?? .unverified,
      monthlyDataLimitBytes: try number("monthly_data_limit_bytes"), currentDataUsedBytes: try number("current_data_used_bytes"),
      ipnsRecordsPublished: try number("ipns_records_published"), ipnsRecordsAllowed: try number("ipns_records_allowed"),
      pubSubMessagesSent: try number("pubsub_messages_sent"), pubSubMessagesAllowed: try number("pubsub_messages_allowed"),
      keysCreated: try number("keys_created"), keysAllowed: try number("keys_allowed"),
      claimedENSName: try cells[prefix + "claimed_ens_name"].decode(Bool.self),
      createdAt: Date(timeIntervalSince1970: try cells[prefix + "created_at"].decode(Double.self)),
      updatedAt: Date(timeIntervalSince1970: try cells[prefix + "updated_at"].decode(Double.self)))
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
