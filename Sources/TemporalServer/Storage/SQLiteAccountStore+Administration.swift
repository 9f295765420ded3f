import Foundation
import GRDB

/// What `tshell admin` needs beyond the API's own reads and writes.
extension SQLiteAccountStore {
  public func allAccounts() async throws -> [UserWithUsage] {
    let sql = SQLiteAccountStore.userWithUsageQuery.replacingOccurrences(
      of: "WHERE u.username = ?", with: "ORDER BY u.username")
    do {
      return try reader.withConnection { connection in
        var accounts: [UserWithUsage] = []
        try connection.query(sql, []) { row in
          accounts.append(
            UserWithUsage(user: SQLiteAccountStore.userRecord(row), usage: SQLiteAccountStore.usageRecord(row, offset: 16)))
        }
        return accounts
      }
    } catch {
      throw StoreError.database("\(error)")
    }
  }

  public func setAccountEnabled(_ enabled: Bool, for username: String) async throws {
    try await write { db in
      try db.execute(
        sql: "UPDATE users SET account_enabled = ?, updated_at = ? WHERE username = ?",
        arguments: [enabled, Date().timeIntervalSince1970, username])
      guard db.changesCount > 0 else { throw StoreError.notFound }
    }
  }

  public func reencryptKeys(newKeyCheck: String, _ reseal: @escaping @Sendable (KeyRecord) throws -> [UInt8]) async throws -> Int
  {
    try await write { db in
      let rows = try Row.fetchAll(db, sql: "SELECT id, name, key_id, key_type, private_key FROM keys ORDER BY id")
      for row in rows {
        let sealed: Data = row["private_key"]
        let record = KeyRecord(name: row["name"], keyID: row["key_id"], type: row["key_type"], encryptedPrivateKey: Array(sealed))
        let id: Int64 = row["id"]
        try db.execute(sql: "UPDATE keys SET private_key = ? WHERE id = ?", arguments: [Data(try reseal(record)), id])
      }
      try db.execute(
        sql: "INSERT INTO settings (name, value) VALUES ('key_check', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        arguments: [newKeyCheck])
      return rows.count
    }
  }

  /// Copies the database to a new 0600 file at `path` with SQLite's online backup: the server
  /// may keep serving meanwhile.
  public func backup(to path: String) throws {
    guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.database("\(path) exists already") }
    do {
      try OwnerOnlyFile.create(path, contents: [])
    } catch {
      throw StoreError.database("\(error)")
    }
    do {
      try pool.backup(to: try DatabaseQueue(path: path))
    } catch {
      try? FileManager.default.removeItem(atPath: path)
      throw StoreError.database("\(error)")
    }
  }

  /// Replaces every row with the backup's, after checking that the backup is a tshell database
  /// whose keys `keyCheck`'s key opens; the number of accounts restored.
  public func restore(from path: String, keyCheck: String) throws -> Int {
    let backup: DatabaseQueue
    do {
      var configuration = Configuration()
      configuration.readonly = true
      backup = try DatabaseQueue(path: path, configuration: configuration)
      let (accounts, check) = try backup.read { db in
        (
          try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0,
          try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = 'key_check'")
        )
      }
      guard check == nil || check == keyCheck else {
        throw StoreError.database("\(path) was made under another key-encryption key: its keys could not be opened")
      }
      try backup.backup(to: pool)
      return accounts
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database("\(path) is not a tshell database backup: \(error)")
    }
  }
}
