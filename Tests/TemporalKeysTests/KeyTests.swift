import Foundation
import Testing

@testable import TemporalKeys

@Suite("Keys")
struct KeyTests {
  @Test func generatedEd25519RoundTripsThroughTheMnemonic() throws {
    let key = LibP2PPrivateKey.generateEd25519()
    let words = try Mnemonic.encode(key.marshaled)
    #expect(words.count == 51)
    #expect(try LibP2PPrivateKey(marshaled: Mnemonic.decode(words)) == key)
    #expect(key.publicKey.peerID.hasPrefix("12D3KooW"))
  }

  @Test func generatedRSA() throws {
    let key = try LibP2PPrivateKey.generateRSA(bits: 2048)
    let words = try Mnemonic.encode(key.marshaled)
    // The key's DER length varies from key to key (leading zero bytes of its integers), and so does
    // the word count: it lies between what the length allows, in base 1626, for the smallest and
    // the largest number of that many bytes.
    let length = Double(key.marshaled.count)
    let fewest = Int(((length - 1) * log(256) / log(1626)).rounded(.down))
    let most = Int((length * log(257) / log(1626)).rounded(.up)) + 1
    #expect((fewest...most).contains(words.count), "\(words.count) words for \(key.marshaled.count) bytes")
    #expect(try LibP2PPrivateKey(marshaled: Mnemonic.decode(words)) == key)
    #expect(key.publicKey.peerID.hasPrefix("Qm"))
    #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
  }

  @Test func ed25519PEMIsPKCS8() throws {
    let key = try LibP2PPrivateKey(ed25519Seed: Array(repeating: 0, count: 32))
    #expect(
      key.pemRepresentation == """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        -----END PRIVATE KEY-----

        """)
  }

  @Test func rejectsBytesThatAreNotKeys() {
    #expect(throws: KeyFormatError.self) { try LibP2PPrivateKey(marshaled: [0x01, 0x02]) }
    #expect(throws: KeyFormatError.self) { try LibP2PPrivateKey(marshaled: [0x08, 0x01, 0x12, 0x05, 1, 2, 3]) }
    #expect(throws: KeyFormatError.self) { try LibP2PPrivateKey(marshaled: [0x08, 0x01, 0x12, 0x02, 1, 2]) }
    #expect(throws: KeyFormatError.self) { try LibP2PPrivateKey(marshaled: [0x08, 0x02, 0x12, 0x01, 1]) }
  }

  @Test func decodeAcceptsAnyBlankSpace() throws {
    #expect(Mnemonic.words(of: "abbey  abducts\nzoom\t") == ["abbey", "abducts", "zoom"])
  }
}
