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
    let environment = try await TemporalServer.prepare(configuration, logger: logger)
    let oldVault = environment.service.vault
    let newVault = KeyVault(keyEncryptionKey: newKey)
    guard KeyVault.check(of: newKey) != oldVault.check else {
      throw Failure(description: "\(newKeyFile) holds the key already in use")
    }
    let count = try await environment.service.store.reencryptKeys(newKeyCheck: KeyVault.check(of: newKey)) { record in
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
