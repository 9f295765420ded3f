import Foundation
import TShellJSON
import TemporalAPI
import Testing

@testable import TemporalServer

/// Names that are not plain ASCII travel through every route that carries one: registration,
/// the verification link, login, key creation, the key list and export. They are stored NFC,
/// so a decomposed spelling is the same name; names that could not travel are refused.
@Suite("Server: names")
struct NameTests {
  static let badUsername = "username must be 1 to 64 bytes without /, \\ or control characters"
  static let badKeyName = "key_name must be 1 to 64 bytes without /, \\ or control characters"

  @Test func accentedSpacedAndEmojiNamesRoundTrip() async throws {
    try await LiveServer.run { server in
      let username = "José Ñ"  // NFC
      let decomposed = "Jose\u{301} N\u{303}"
      let register = try await server.request(
        .post, "/v2/auth/register", form: [("username", decomposed), ("password", "pw"), ("email_address", "jose@example.com")])
      #expect(register.status == 200)
      #expect(register.body["response"]?["UserName"] == .string(username))
      let mail = try #require(try server.mails().last)
      let link = try #require(MailMessage(id: "last", json: mail)?.link(to: .verifyEmail))
      #expect(link.hasPrefix("/v2/account/email/verify/Jos%C3%A9%20%C3%91/"))
      #expect(try await server.request(.get, link).body == ["code": 200, "response": "email verified"])
      // Logged in with either spelling, the token names the stored one.
      let login = try await server.request(
        .post, "/v2/auth/login", body: JSONPrinter.string(["username": .string(decomposed), "password": "pw"]))
      let token = try #require(login.body["token"]?.stringValue, "\(login.text)")
      #expect(
        try await server.request(.get, "/v2/account/token/username", token: token).body == [
          "code": 200, "response": .string(username),
        ])
      for keyName in ["a b", "é🔑", "100%", "e\u{301}"] {
        let created = try await server.request(
          .post, "/v2/account/key/ipfs/new", token: token,
          form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", keyName)])
        #expect(created.status == 200, "\(keyName): \(created.text)")
      }
      let list = try await server.request(.get, "/v2/account/key/ipfs/get", token: token)
      let names = list.body["response"]?["key_names"]?.arrayValue?.compactMap { $0.stringValue } ?? []
      #expect(names == ["José Ñ-a b", "José Ñ-é🔑", "José Ñ-100%", "José Ñ-é"])
      // The same key under its decomposed spelling: one of a name.
      let again = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token, form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "é")])
      #expect(again.status == 409)
      for name in ["José Ñ-a b", "Jose\u{301} N\u{303}-é🔑", "José Ñ-100%", "José Ñ-e\u{301}"] {
        let export = try await server.request(
          .get, "/v2/account/key/export/" + PercentEncoding.encodePathSegment(name), token: token)
        #expect(export.status == 200, "\(name): \(export.text)")
        #expect(export.body["response"]?.arrayValue?.count == 51, "\(name)")
      }
      #expect(try await server.request(.get, "/v2/account/key/ipfs/get", token: token).status == 404)
    }
  }

  @Test func namesThatCannotTravelAreRefused() async throws {
    try await LiveServer.run { server in
      // 64 bytes of the NFC form: 33 two-byte letters are 66, and one letter with 2,000
      // combining marks is thousands, though each counts as one character.
      let long = String(repeating: "ü", count: 33)
      let stacked = "a" + String(repeating: "\u{301}", count: 2000)
      for (username, message) in [
        ("", APIMessage.notPresent("username")), (".", Self.badUsername), ("..", Self.badUsername), ("a/b", Self.badUsername),
        ("a\\b", Self.badUsername), ("tab\there", Self.badUsername), ("nul\u{0}x", Self.badUsername), (long, Self.badUsername),
        (stacked, Self.badUsername), ("ali\u{200B}ce", Self.badUsername), ("bob\u{202E}moc.exe", Self.badUsername),
        ("line\u{2028}sep", Self.badUsername), ("a@b", APIMessage.atInUsername),
      ] {
        let answer = try await server.request(
          .post, "/v2/auth/register", form: [("username", username), ("password", "pw"), ("email_address", "x@example.com")])
        #expect(answer.status == 400, "\(username.debugDescription)")
        #expect(answer.body == ["code": 400, "response": .string(message)], "\(username.debugDescription)")
      }
      let fits = String(repeating: "ü", count: 32)
      let accepted = try await server.request(
        .post, "/v2/auth/register", form: [("username", fits), ("password", "pw"), ("email_address", "x@example.com")])
      #expect(accepted.status == 200)
      let token = try await server.onboard("kim")
      for keyName in [
        ".", "..", "a/b", "a\\b", "line\nbreak", long, stacked, "db\u{200D}1", String(repeating: "k", count: 5_000),
      ] {
        let answer = try await server.request(
          .post, "/v2/account/key/ipfs/new", token: token,
          form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", keyName)])
        #expect(answer.body == ["code": 400, "response": .string(Self.badKeyName)], "\(keyName.debugDescription)")
      }
    }
  }
}
