import Crypto
import Foundation
import NIOPosix
import TemporalKeys

/// Makes IPFS keys and keeps their private halves encrypted at rest (AES-GCM under the server's
/// key-encryption key, with the key's stored name as associated data).
struct KeyVault: Sendable {
  private let key: SymmetricKey
  /// `KeyVault.check(of:)` of this vault's key.
  let check: String
  let rsaGenerations: GenerationQueue

  init(keyEncryptionKey: [UInt8], rsaGenerations: GenerationQueue = GenerationQueue(concurrent: 1, waiting: 16)) {
    key = SymmetricKey(data: keyEncryptionKey)
    check = KeyVault.check(of: keyEncryptionKey)
    self.rsaGenerations = rsaGenerations
  }

  /// A value that tells key-encryption keys apart without revealing them: HMAC-SHA256 of a fixed
  /// text under the key, in hex.
  static func check(of keyEncryptionKey: [UInt8]) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: Array("tshell key check".utf8), using: SymmetricKey(data: keyEncryptionKey))
    return code.map { String(format: "%02x", $0) }.joined()
  }

  /// RSA sizes as the server accepts them: outside 2048–4096 become 2048; inside, they round down
  /// to 2048, 3072 or 4096.
  static func rsaBits(_ requested: Int) -> Int {
    switch requested {
    case 4096...4096: return 4096
    case 3072..<4096: return 3072
    default: return 2048
    }
  }

  /// A new key of `type`. RSA generation takes a while: it runs off the event loops, a bounded
  /// number at a time (`GenerationQueue.Busy` past the line's end).
  func generate(_ type: KeyType, bits: Int) async throws -> LibP2PPrivateKey {
    switch type {
    case .ed25519: return LibP2PPrivateKey.generateEd25519()
    case .rsa:
      let size = KeyVault.rsaBits(bits)
      return try await rsaGenerations.run {
        try await NIOThreadPool.singleton.runIfActive { try LibP2PPrivateKey.generateRSA(bits: size) }
      }
    }
  }

  func seal(_ privateKey: LibP2PPrivateKey, name: String) throws -> [UInt8] {
    let box = try AES.GCM.seal(privateKey.marshaled, using: key, authenticating: Array(name.utf8))
    return Array(box.combined ?? Data())
  }

  func open(_ sealed: [UInt8], name: String) throws -> LibP2PPrivateKey {
    let box = try AES.GCM.SealedBox(combined: sealed)
    let bytes = try AES.GCM.open(box, using: key, authenticating: Array(name.utf8))
    return try LibP2PPrivateKey(marshaled: Array(bytes))
  }
}
