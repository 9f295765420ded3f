import CryptoExtras
import Foundation
import TShellJSON
import TemporalKeys
import Testing

@testable import TemporalServer

@Suite("Server: IPFS keys")
struct KeyTests {
  @Test func createListExport() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ann")
      let none = try await server.request(.get, "/v2/account/key/ipfs/get", token: token)
      #expect(none.status == 404)
      #expect(none.body == ["code": 404, "response": "no keys"])
      let created = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ED25519"), ("key_bits", "256"), ("key_name", "laptop")])
      #expect(created.body == ["code": 200, "response": "key creation sent to backend"])
      let rsa = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "rsa"), ("key_size", "256"), ("key_name", "server")])
      #expect(rsa.status == 200)
      let list = try await server.request(.get, "/v2/account/key/ipfs/get", token: token)
      let keys = try #require(list.body["response"]?.objectValue)
      #expect(keys.keys == ["key_ids", "key_names"])
      #expect(keys["key_names"] == ["ann-laptop", "ann-server"])
      let ids = try #require(strings(keys["key_ids"]))
      #expect(ids[0].hasPrefix("12D3KooW"))
      #expect(ids[1].hasPrefix("Qm"))
      // Export: the words decode to the key with the listed peer ID, and the server forgets it.
      let exported = try await server.request(.get, "/v2/account/key/export/ann-laptop", token: token)
      let words = try #require(strings(exported.body["response"]))
      #expect(words.count == 51)
      let key = try LibP2PPrivateKey(marshaled: Mnemonic.decode(words))
      #expect(key.publicKey.peerID == ids[0])
      let rsaWords = try await server.request(.get, "/v2/account/key/export/ann-server", token: token)
      let rsaKey = try LibP2PPrivateKey(marshaled: Mnemonic.decode(try #require(strings(rsaWords.body["response"]))))
      #expect(rsaKey.publicKey.peerID == ids[1])
      // The DER length of a 2048-bit key varies with its numbers; its modulus size does not.
      #expect(
        try _RSA.Signing.PrivateKey(derRepresentation: rsaKey.data).keySizeInBits == 2048,
        "a key of less than 2048 bits is made 2048")
      #expect(try await server.request(.get, "/v2/account/key/ipfs/get", token: token).status == 404)
      let again = try await server.request(.get, "/v2/account/key/export/ann-laptop", token: token)
      #expect(again.body == ["code": 400, "response": "user does not own key"])
      let usage = try await server.request(.get, "/v2/account/usage", token: token)
      #expect(usage.body["response"]?["KeysCreated"] == 0)
    }
  }

  static let badKeyName = "key_name must be 1 to 64 bytes without /, \\ or control characters"

  @Test func creationRefusals() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("bo")
      let cases: [([(String, String)], Int, String)] = [
        ([("key_bits", "1"), ("key_name", "a")], 400, "key_type not present"),
        ([("key_type", "rsa"), ("key_name", "a")], 400, "key_bits not present"),
        ([("key_type", "rsa"), ("key_bits", "2048")], 400, "key_name not present"),
        ([("key_type", "dsa"), ("key_bits", "1"), ("key_name", "a")], 400, "dsa is invalid key type must be rsa, or ed25519"),
        ([("key_type", "rsa"), ("key_bits", "lots"), ("key_name", "a")], 400, #"strconv.Atoi: parsing "lots": invalid syntax"#),
        (
          [("key_type", "rsa"), ("key_bits", "99999999999999999999"), ("key_name", "a")], 400,
          #"strconv.Atoi: parsing "99999999999999999999": value out of range"#
        ),
        ([("key_type", "ed25519"), ("key_bits", "1"), ("key_name", "a/b")], 400, Self.badKeyName),
        ([("key_type", "ed25519"), ("key_bits", "1"), ("key_name", "..")], 400, Self.badKeyName),
        ([("key_type", "ed25519"), ("key_bits", "1"), ("key_name", "a\\b")], 400, Self.badKeyName),
        ([("key_type", "ed25519"), ("key_bits", "1"), ("key_name", "tab\there")], 400, Self.badKeyName),
        ([("key_type", "ed25519"), ("key_bits", "1"), ("key_name", String(repeating: "é", count: 65))], 400, Self.badKeyName),
      ]
      for (form, status, message) in cases {
        let answer = try await server.request(.post, "/v2/account/key/ipfs/new", token: token, form: form)
        #expect(answer.status == status)
        #expect(answer.body == ["code": .int(status), "response": .string(message)])
      }
      _ = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "dup")])
      let duplicate = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "x"), ("key_name", "dup")])
      #expect(duplicate.status == 409)
      #expect(duplicate.body == ["code": 409, "response": "key name already exists"])
      for index in 0..<4 {
        let answer = try await server.request(
          .post, "/v2/account/key/ipfs/new", token: token,
          form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k\(index)")])
        #expect(answer.status == 200)
      }
      let sixth = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "six")])
      #expect(sixth.body == ["code": 400, "response": "too many keys created"])
      // Export frees a place.
      _ = try await server.request(.get, "/v2/account/key/export/bo-k0", token: token)
      #expect(
        try await server.request(
          .post, "/v2/account/key/ipfs/new", token: token,
          form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "six")]
        ).status == 200)
    }
  }

  @Test func rsaSizes() {
    #expect(KeyVault.rsaBits(256) == 2048)
    #expect(KeyVault.rsaBits(2048) == 2048)
    #expect(KeyVault.rsaBits(3000) == 2048)
    #expect(KeyVault.rsaBits(3072) == 3072)
    #expect(KeyVault.rsaBits(4095) == 3072)
    #expect(KeyVault.rsaBits(4096) == 4096)
    #expect(KeyVault.rsaBits(4097) == 2048)
    #expect(KeyVault.rsaBits(-5) == 2048)
    #expect(KeyVault.rsaBits(Int.max) == 2048)
  }

  @Test func twentyConcurrentCreationsOnAFreeAccountGiveExactlyFive() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("cy")
      let statuses = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
        for index in 0..<20 {
          group.addTask {
            let answer = try await server.request(
              .post, "/v2/account/key/ipfs/new", token: token,
              form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "key\(index)")])
            return (answer.status, answer.body)
          }
        }
        var results: [(Int, JSONValue)] = []
        for try await result in group { results.append(result) }
        return results
      }
      #expect(statuses.filter { $0.0 == 200 }.count == 5)
      #expect(statuses.filter { $0.0 == 400 && $0.1["response"] == "too many keys created" }.count == 15)
      let usage = try await server.request(.get, "/v2/account/usage", token: token)
      #expect(usage.body["response"]?["KeysCreated"] == 5)
      let list = try await server.request(.get, "/v2/account/key/ipfs/get", token: token)
      #expect(list.body["response"]?["key_names"]?.arrayValue?.count == 5)
    }
  }

  @Test func concurrentCreationsOfOneNameGiveExactlyOne() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("dee")
      let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<10 {
          group.addTask {
            try await server.request(
              .post, "/v2/account/key/ipfs/new", token: token,
              form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "same")]
            ).status
          }
        }
        var results: [Int] = []
        for try await status in group { results.append(status) }
        return results
      }
      #expect(statuses.filter { $0 == 200 }.count == 1)
      #expect(statuses.filter { $0 == 409 }.count == 9)
      let usage = try await server.request(.get, "/v2/account/usage", token: token)
      #expect(usage.body["response"]?["KeysCreated"] == 1)
    }
  }

  @Test func privateKeysAreEncryptedAtRest() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("eve")
      _ = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "k")])
      let store = try await server.store()
      let stored = try #require(try await store.keys(of: "eve").first)
      // Sealed: no libp2p key header in the stored bytes.
      #expect(!stored.encryptedPrivateKey.starts(with: [0x08, 0x01, 0x12, 0x40]))
      #expect(stored.encryptedPrivateKey.count == 68 + 12 + 16)
      let attributes = try FileManager.default.attributesOfItem(
        atPath: server.configuration.dataDirectory + "/key-encryption-key")
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
  }
}

/// The strings of a JSON array, or nil.
func strings(_ value: JSONValue?) -> [String]? {
  value?.arrayValue?.compactMap { $0.stringValue }
}
