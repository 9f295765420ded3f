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
}
