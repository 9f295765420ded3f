import Foundation
import Logging

/// `tshell admin rotate-key-encryption`.
extension AccountAdministration {
  /// What a rotation did.
  public struct Rotation: Sendable, Equatable {
    /// Private keys re-encrypted.
    public var keys: Int
    /// Where the new key now lives: the data directory's own key file, which was replaced, or
    /// the operator's new file, which every replica must now be given.
    public var keyFile: String
    public var replacedDataDirectoryKey: Bool
  }

  /// Re-encrypts every stored private key under the 32-byte key in `newKeyFile`, in one
  /// transaction, and records the new key's check value so that replicas still on the old key
  /// refuse to start. When the old key lived in the data directory, the new one replaces it there.
  public static func rotateKeyEncryption(newKeyFile: String, configuration: ServerConfiguration) async throws -> Rotation {
    let newKey: [UInt8]
    do {
      newKey = try SecretFiles.read(newKeyFile)
    } catch {
      throw Failure(description: "\(error)")
    }
    guard newKey.count == 32 else { throw Failure(description: "\(newKeyFile) must hold 32 bytes, not \(newKey.count)") }
    var logger = Logger(label: "tshell.admin")
    logger.logLevel = .critical
    let prepared = try await TemporalServer.prepare(configuration, logger: logger)
    let oldVault = prepared.service.vault
    let newVault = KeyVault(keyEncryptionKey: newKey)
    guard KeyVault.check(of: newKey) != oldVault.check else {
      throw Failure(description: "\(newKeyFile) holds the key already in use")
    }
    let count = try await prepared.service.store.reencryptKeys(newKeyCheck: KeyVault.check(of: newKey)) { record in
      try newVault.seal(try oldVault.open(record.encryptedPrivateKey, name: record.name), name: record.name)
    }
    guard configuration.keyEncryptionKeyFile == nil else {
      return Rotation(keys: count, keyFile: newKeyFile, replacedDataDirectoryKey: false)
    }
    let keyFile = (configuration.dataDirectory as NSString).appendingPathComponent("key-encryption-key")
    try SecretFiles.replace(keyFile, with: newKey)
    return Rotation(keys: count, keyFile: keyFile, replacedDataDirectoryKey: true)
  }
}

/// `tshell admin backup` and `restore`.
extension AccountAdministration {
  /// Where PostgreSQL's own tools take over.
  static func postgresBackupAdvice(_ configuration: ServerConfiguration) -> Failure {
    let url =
      (try? DatabaseURL(configuration.databaseURL ?? "")).map {
        "postgres://\($0.username)@\($0.host):\($0.port)/\($0.database)"
      } ?? "URL"
    return Failure(
      description: """
        a PostgreSQL database is backed up and restored with PostgreSQL's tools: \
        pg_dump --format=custom --file FILE '\(url)', and pg_restore --clean --dbname '\(url)' FILE
        """)
  }

  /// Writes an online copy of the data directory's database to a new file; the accounts in it.
  public static func backup(to file: String, configuration: ServerConfiguration) async throws -> Int {
    guard configuration.databaseURL == nil else { throw postgresBackupAdvice(configuration) }
    let store = try await openStore(configuration)
    guard let sqlite = store as? SQLiteAccountStore else { throw postgresBackupAdvice(configuration) }
    do {
      try sqlite.backup(to: file)
    } catch StoreError.database(let message) {
      throw Failure(description: message)
    }
    return try await store.allAccounts().count
  }

  /// Replaces the data directory's accounts, usage and keys with a backup's; the accounts restored.
  public static func restore(from file: String, configuration: ServerConfiguration) async throws -> Int {
    guard configuration.databaseURL == nil else { throw postgresBackupAdvice(configuration) }
    var logger = Logger(label: "tshell.admin")
    logger.logLevel = .critical
    let prepared = try await TemporalServer.prepare(configuration, logger: logger)
    guard let sqlite = prepared.service.store as? SQLiteAccountStore else { throw postgresBackupAdvice(configuration) }
    guard FileManager.default.fileExists(atPath: file) else { throw Failure(description: "\(file) does not exist") }
    do {
      return try sqlite.restore(from: file, keyCheck: prepared.service.vault.check)
    } catch StoreError.database(let message) {
      throw Failure(description: message)
    }
  }
}
