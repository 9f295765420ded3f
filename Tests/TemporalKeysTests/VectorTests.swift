import Foundation
import TShellJSON
import Testing

@testable import TemporalKeys

/// Every case of `Fixtures/vectors.json` (the reference data of the export format).
@Suite("Key and mnemonic vectors")
struct VectorTests {
  static let vectors: JSONValue = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vectors.json")
    let data = (try? Data(contentsOf: url)) ?? Data()
    return (try? JSONValue(parsing: [UInt8](data))) ?? .null
  }()

  static func cases(_ section: String) -> [JSONValue] { vectors[section]?.arrayValue ?? [] }

  static func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
      index = next
    }
    return bytes
  }

  static func words(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

  @Test func wordList() throws {
    let list = MnemonicWords.english
    let expected = try #require(VectorTests.vectors["wordlist"])
    #expect(list.count == 1626)
    #expect(list.first.map(String.init) == expected["first"]?.stringValue)
    #expect(list.last.map(String.init) == expected["last"]?.stringValue)
    #expect(String(list[255]) == expected["index_255"]?.stringValue)
    #expect(String(list[256]) == expected["index_256"]?.stringValue)
    #expect(String(list[512]) == expected["index_512"]?.stringValue)
    #expect(String(list[770]) == expected["index_770"]?.stringValue)
    let text = list.joined(separator: "\n") + "\n"
    let digest = SHA256Digest.hex(Array(text.utf8))
    #expect(digest == expected["sha256"]?.stringValue)
  }

  @Test(arguments: VectorTests.cases("mnemonic"))
  func mnemonicBothWays(_ vector: JSONValue) throws {
    let bytes = VectorTests.hex(vector["hex"]?.stringValue ?? "")
    if vector["error"] != nil {
      #expect(throws: Mnemonic.Failure.emptyInput) { try Mnemonic.encode(bytes) }
      return
    }
    let words = VectorTests.words(vector["words"])
    #expect(try Mnemonic.encode(bytes) == words, "\(vector["name"] ?? "")")
    #expect(try Mnemonic.decode(words) == bytes, "\(vector["name"] ?? "")")
    #expect(words.count == vector["word_count"]?.numberValue?.intValue)
  }

  @Test(arguments: VectorTests.cases("mnemonic_decode"))
  func mnemonicDecode(_ vector: JSONValue) throws {
    let words = VectorTests.words(vector["words"])
    switch vector["error"]?.stringValue {
    case "empty input":
      #expect(throws: Mnemonic.Failure.emptyInput) { try Mnemonic.decode(words) }
    case "unknown word":
      #expect(throws: Mnemonic.Failure.self) { try Mnemonic.decode(words) }
    default:
      #expect(try Mnemonic.decode(words) == VectorTests.hex(vector["hex"]?.stringValue ?? ""), "\(vector["name"] ?? "")")
    }
  }

  @Test(arguments: VectorTests.cases("ed25519"))
  func ed25519(_ vector: JSONValue) throws {
    let key = try LibP2PPrivateKey(ed25519Seed: VectorTests.hex(vector["seed_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.data == VectorTests.hex(vector["public_key_hex"]?.stringValue ?? ""))
    #expect(key.marshaled == VectorTests.hex(vector["libp2p_private_key_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.marshaled == VectorTests.hex(vector["libp2p_public_key_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.peerIDMultihash == VectorTests.hex(vector["peer_id_multihash_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.peerID == vector["peer_id"]?.stringValue)
    let words = VectorTests.words(vector["mnemonic_words"])
    #expect(try Mnemonic.encode(key.marshaled) == words)
    #expect(words.count == 51)
    #expect(try LibP2PPrivateKey(marshaled: Mnemonic.decode(words)) == key)
  }

  @Test(arguments: VectorTests.cases("rsa"))
  func rsa(_ vector: JSONValue) throws {
    let marshaled = VectorTests.hex(vector["libp2p_private_key_hex"]?.stringValue ?? "")
    let key = try LibP2PPrivateKey(marshaled: marshaled)
    #expect(key.type == .rsa)
    #expect(key.data == VectorTests.hex(vector["pkcs1_der_hex"]?.stringValue ?? ""))
    #expect(key.marshaled == marshaled)
    #expect(key.publicKey.data == VectorTests.hex(vector["spki_der_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.marshaled == VectorTests.hex(vector["libp2p_public_key_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.peerIDMultihash == VectorTests.hex(vector["peer_id_multihash_hex"]?.stringValue ?? ""))
    #expect(key.publicKey.peerID == vector["peer_id"]?.stringValue)
    let words = VectorTests.words(vector["mnemonic_words"])
    #expect(try Mnemonic.encode(marshaled) == words)
    #expect(try Mnemonic.decode(words) == marshaled)
  }

  @Test(arguments: VectorTests.cases("peer_id_from_public_key"))
  func peerIDs(_ vector: JSONValue) throws {
    let bytes = VectorTests.hex(vector["libp2p_public_key_hex"]?.stringValue ?? "")
    let multihash = VectorTests.hex(vector["peer_id_multihash_hex"]?.stringValue ?? "")
    // ECDSA and secp256k1 keys are not generated here, but their peer IDs follow the same rule.
    let peerID = Base58.encode(bytes.count <= 42 ? [0x00, UInt8(bytes.count)] + bytes : multihash)
    #expect(peerID == vector["peer_id"]?.stringValue)
    #expect(Base58.decode(peerID) == multihash)
  }
}

enum SHA256Digest {
  static func hex(_ bytes: [UInt8]) -> String {
    TemporalKeysDigest.sha256Hex(bytes)
  }
}
