import Foundation
import GRDB

/// The SQLite store's tables, their migrations, and rows read back into records.
extension SQLiteAccountStore {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            account_enabled INTEGER NOT NULL DEFAULT 1,
            email_enabled INTEGER NOT NULL DEFAULT 0,
            email_verification_token TEXT NOT NULL,
            admin INTEGER NOT NULL DEFAULT 0,
            free INTEGER NOT NULL DEFAULT 1,
            credits TEXT NOT NULL DEFAULT '0',
            customer_object_hash TEXT NOT NULL,
            organization TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
          );
          CREATE TABLE usage (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE REFERENCES users(username) ON DELETE CASCADE,
            tier TEXT NOT NULL,
            monthly_data_limit_bytes INTEGER NOT NULL,
            current_data_used_bytes INTEGER NOT NULL DEFAULT 0,
            ipns_records_published INTEGER NOT NULL DEFAULT 0,
            ipns_records_allowed INTEGER NOT NULL,
            pubsub_messages_sent INTEGER NOT NULL DEFAULT 0,
            pubsub_messages_allowed INTEGER NOT NULL,
            keys_created INTEGER NOT NULL DEFAULT 0,
            keys_allowed INTEGER NOT NULL,
            claimed_ens_name INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
          );
          CREATE TABLE keys (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
            name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            key_type TEXT NOT NULL,
            private_key BLOB NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (username, name)
          );
          """)
    }
    // Tokens whose `orig_iat` is before `credentials_epoch` are refused; a reset password waits in
    // `pending_password_hash` until it is first used, so that asking for one locks nobody out.
    migrator.registerMigration("v2 credentials epoch") { db in
      try db.execute(
        sql: """
          ALTER TABLE users ADD COLUMN credentials_epoch INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE users ADD COLUMN pending_password_hash TEXT NOT NULL DEFAULT '';
          """)
    }
    migrator.registerMigration("v3 settings") { db in
      try db.execute(sql: "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    }
    return migrator
  }

  static func userRecord(_ row: ReadConnection.Row) -> UserRecord {
    UserRecord(
      id: row.int(0), username: row.text(1), email: row.text(2), passwordHash: row.text(3), accountEnabled: row.bool(4),
      emailEnabled: row.bool(5), emailVerificationToken: row.text(6), admin: row.bool(7), free: row.bool(8), credits: row.text(9),
      customerObjectHash: row.text(10), organization: row.text(11), createdAt: Date(timeIntervalSince1970: row.double(12)),
      updatedAt: Date(timeIntervalSince1970: row.double(13)), credentialsEpoch: row.int(14),
      pendingPasswordHash: row.text(15).isEmpty ? nil : row.text(15))
  }

  static func usageRecord(_ row: ReadConnection.Row, offset: Int32 = 0) -> UsageRecord {
    let o = offset
    return UsageRecord(
      id: row.int(o), username: row.text(o + 1), tier: Tier(rawValue: row.text(o + 2)) ?? .unverified,
      monthlyDataLimitBytes: row.int(o + 3), currentDataUsedBytes: row.int(o + 4), ipnsRecordsPublished: row.int(o + 5),
      ipnsRecordsAllowed: row.int(o + 6), pubSubMessagesSent: row.int(o + 7), pubSubMessagesAllowed: row.int(o + 8),
      keysCreated: row.int(o + 9), keysAllowed: row.int(o + 10), claimedENSName: row.bool(o + 11),
      createdAt: Date(timeIntervalSince1970: row.double(o + 12)), updatedAt: Date(timeIntervalSince1970: row.double(o + 13)))
  }

  static func keyRecord(_ row: ReadConnection.Row) -> KeyRecord {
    KeyRecord(name: row.text(0), keyID: row.text(1), type: row.text(2), encryptedPrivateKey: row.blob(3))
  }

  static func keyRecord(_ row: Row) -> KeyRecord {
    let data: Data = row["private_key"]
    return KeyRecord(name: row["name"], keyID: row["key_id"], type: row["key_type"], encryptedPrivateKey: Array(data))
  }
}
