import Foundation
import PostgresNIO

/// What `tshell admin` needs beyond the API's own reads and writes.
extension PostgresAccountStore {
  public func allAccounts() async throws -> [UserWithUsage] {
    try await all(PostgresStatements.AllAccounts())
  }

  public func setAccountEnabled(_ enabled: Bool, for username: String) async throws {
    try await update(
      """
      UPDATE users SET account_enabled = \(enabled), updated_at = \(Date().timeIntervalSince1970)
      WHERE username = \(username) RETURNING id
      """)
  }

  public func reencryptKeys(newKeyCheck: String, _ reseal: @escaping @Sendable (KeyRecord) throws -> [UInt8]) async throws -> Int
  {
    try await transaction { connection in
      let rows = try await connection.query(
        "SELECT id, name, key_id, key_type, private_key FROM keys ORDER BY id FOR UPDATE", logger: self.logger
      ).collect()
      for row in rows {
        let (id, name, keyID, type, sealed) = try row.decode((Int64, String, String, String, ByteBuffer).self)
        let record = KeyRecord(name: name, keyID: keyID, type: type, encryptedPrivateKey: Array(buffer: sealed))
        try await connection.query(
          "UPDATE keys SET private_key = \(ByteBuffer(bytes: try reseal(record))) WHERE id = \(id)", logger: self.logger)
      }
      try await connection.query(
        """
        INSERT INTO settings (name, value) VALUES ('key_check', \(newKeyCheck))
        ON CONFLICT (name) DO UPDATE SET value = excluded.value
        """, logger: self.logger)
      return rows.count
    }
  }
}
