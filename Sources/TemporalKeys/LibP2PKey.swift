import Crypto
import CryptoExtras
import Foundation

/// The key types Temporal stores (libp2p `KeyType` numbers).
public enum KeyType: String, Sendable, CaseIterable {
  case rsa, ed25519

  var protobufNumber: UInt64 { self == .rsa ? 0 : 1 }
}

/// Why key bytes could not be read.
public struct KeyFormatError: Error, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// A libp2p private key (go-libp2p-core v0.3.0 `MarshalPrivateKey`): the protobuf
/// `{Type, Data}` with an Ed25519 seed and public key, or an RSA PKCS#1 DER key.
public struct LibP2PPrivateKey: Sendable, Equatable {
  public let type: KeyType
  /// Ed25519: the 32-byte seed then the 32-byte public key. RSA: PKCS#1 `RSAPrivateKey` DER.
  public let data: [UInt8]

  /// A new random Ed25519 key.
  public static func generateEd25519() -> LibP2PPrivateKey {
    let key = Curve25519.Signing.PrivateKey()
    return LibP2PPrivateKey(type: .ed25519, data: Array(key.rawRepresentation) + Array(key.publicKey.rawRepresentation))
  }

  /// The Ed25519 key with this 32-byte seed.
  public init(ed25519Seed seed: [UInt8]) throws {
    let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    self.init(type: .ed25519, data: seed + Array(key.publicKey.rawRepresentation))
  }

  /// A new random RSA key of `bits` (2048, 3072 or 4096).
  public static func generateRSA(bits: Int) throws -> LibP2PPrivateKey {
    let key = try _RSA.Signing.PrivateKey(keySize: _RSA.Signing.KeySize(bitCount: bits))
    return LibP2PPrivateKey(type: .rsa, data: Array(key.derRepresentation))
  }

  init(type: KeyType, data: [UInt8]) {
    self.type = type
    self.data = data
  }

  /// Reads marshalled key bytes (also the old 96-byte Ed25519 layout, as go-libp2p does).
  public init(marshaled bytes: [UInt8]) throws(KeyFormatError) {
    let (type, data) = try Protobuf.readKey(bytes)
    switch type {
    case .ed25519:
      guard data.count == 64 || data.count == 96 else {
        throw KeyFormatError("an Ed25519 private key has 64 bytes of key data, not \(data.count)")
      }
      self.init(type: .ed25519, data: Array(data.prefix(64)))
    case .rsa:
      guard (try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: data)) != nil else {
        throw KeyFormatError("the RSA key data is not a PKCS#1 private key")
      }
      self.init(type: .rsa, data: data)
    }
  }

  /// The protobuf bytes the export mnemonic encodes.
  public var marshaled: [UInt8] { Protobuf.key(type, data) }

  /// The public half.
  public var publicKey: LibP2PPublicKey {
    switch type {
    case .ed25519:
      return LibP2PPublicKey(type: .ed25519, data: Array(data[32..<64]))
    case .rsa:
      // The data was checked when the key was made or read.
      let key = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: data)
      return LibP2PPublicKey(type: .rsa, data: key.map { Array($0.publicKey.derRepresentation) } ?? [])
    }
  }

  /// The key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), which `ipfs key import` accepts.
  public var pemRepresentation: String {
    let der: [UInt8]
    switch type {
    case .ed25519:
      // RFC 8410: PrivateKeyInfo { version 0, id-Ed25519, OCTET STRING { OCTET STRING seed } }.
      der =
        [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        + data.prefix(32)
    case .rsa:
      der = (try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: data)).map { Array($0.pkcs8DERRepresentation) } ?? []
    }
    return PEM.encode(der, label: "PRIVATE KEY")
  }
}

/// A libp2p public key and its peer ID.
public struct LibP2PPublicKey: Sendable, Equatable {
  public let type: KeyType
  /// Ed25519: the 32-byte key. RSA: X.509 `SubjectPublicKeyInfo` DER.
  public let data: [UInt8]

  public init(type: KeyType, data: [UInt8]) {
    self.type = type
    self.data = data
  }

  /// Reads a marshalled public key.
  public init(marshaled bytes: [UInt8]) throws(KeyFormatError) {
    let (type, data) = try Protobuf.readKey(bytes)
    self.init(type: type, data: data)
  }

  public var marshaled: [UInt8] { Protobuf.key(type, data) }

  /// The multihash of the peer ID: identity for keys of at most 42 marshalled bytes, else SHA-256.
  public var peerIDMultihash: [UInt8] {
    let key = marshaled
    if key.count <= 42 { return [0x00] + Protobuf.varint(UInt64(key.count)) + key }
    return [0x12, 0x20] + Array(SHA256.hash(data: key))
  }

  /// The peer ID (`12D3KooW…` for Ed25519, `Qm…` for RSA).
  public var peerID: String { Base58.encode(peerIDMultihash) }
}

/// The two-field protobuf of libp2p keys: `08 <type> 12 <length> <data>`.
enum Protobuf {
  static func key(_ type: KeyType, _ data: [UInt8]) -> [UInt8] {
    [0x08] + varint(type.protobufNumber) + [0x12] + varint(UInt64(data.count)) + data
  }

  static func varint(_ value: UInt64) -> [UInt8] {
    var value = value
    var bytes: [UInt8] = []
    repeat {
      var byte = UInt8(value & 0x7F)
      value >>= 7
      if value != 0 { byte |= 0x80 }
      bytes.append(byte)
    } while value != 0
    return bytes
  }

  static func readKey(_ bytes: [UInt8]) throws(KeyFormatError) -> (KeyType, [UInt8]) {
    var index = 0
    var type: KeyType? = nil
    var data: [UInt8]? = nil
    func readVarint() throws(KeyFormatError) -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        guard shift < 64 else { break }
        value |= UInt64(byte & 0x7F) << shift
        if byte & 0x80 == 0 { return value }
        shift += 7
      }
      throw KeyFormatError("the key bytes end inside a number")
    }
    while index < bytes.count {
      let tag = try readVarint()
      switch tag {
      case 0x08:
        switch try readVarint() {
        case 0: type = .rsa
        case 1: type = .ed25519
        case let other: throw KeyFormatError("key type \(other) is not supported (only RSA and Ed25519)")
        }
      case 0x12:
        let length = try readVarint()
        guard length <= UInt64(bytes.count - index) else { throw KeyFormatError("the key data is cut short") }
        data = Array(bytes[index..<index + Int(length)])
        index += Int(length)
      default:
        throw KeyFormatError("these bytes are not a libp2p key")
      }
    }
    guard let type, let data else { throw KeyFormatError("these bytes are not a libp2p key") }
    return (type, data)
  }
}

/// PEM armour.
enum PEM {
  static func encode(_ der: [UInt8], label: String) -> String {
    let base64 = Data(der).base64EncodedString()
    var lines = ["-----BEGIN \(label)-----"]
    var rest = Substring(base64)
    while !rest.isEmpty {
      lines.append(String(rest.prefix(64)))
      rest = rest.dropFirst(64)
    }
    lines.append("-----END \(label)-----")
    return lines.joined(separator: "\n") + "\n"
  }
}
