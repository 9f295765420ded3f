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
}
