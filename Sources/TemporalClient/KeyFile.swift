import Foundation
import TemporalKeys

/// Turns exported mnemonic words back into a key file that `ipfs key import` accepts: the
/// libp2p protobuf (`--format libp2p`, ipfs's default) or PKCS#8 PEM (`--format pem`).
public enum KeyFile {
  public enum Format: String, Sendable, CaseIterable {
    case libp2p, pem
  }

  /// The key the words stand for.
  public static func key(fromWords words: [String]) throws -> LibP2PPrivateKey {
    let bytes: [UInt8]
    do {
      bytes = try Mnemonic.decode(words)
    } catch {
      throw ClientError.usage("these words are not an exported key: \(error)")
    }
    do {
      return try LibP2PPrivateKey(marshaled: bytes)
    } catch {
      throw ClientError.usage("the words decode, but not to a key: \(error)")
    }
  }

  /// The file's bytes in `format`.
  public static func contents(of key: LibP2PPrivateKey, format: Format) -> [UInt8] {
    switch format {
    case .libp2p: return key.marshaled
    case .pem: return Array(key.pemRepresentation.utf8)
    }
  }
}
