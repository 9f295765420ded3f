import Foundation
import HTTPTypes
import HummingbirdBcrypt
import TShellJSON
import TemporalAPI
import Testing

@testable import TemporalServer

@Suite("Server: lock-out, revoked tokens, NUL bytes, passwords, token spelling")
struct AccountSecurityTests {
  static let revoked: JSONValue = ["code": 401, "message": .string(APIMessage.tokenRevoked)]

  @Test func askingForAResetLocksNobodyOut() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ann", password: "first-pw", email: "ann@example.com")
      let reset = try await server.request(.post, "/v2/forgot/password", form: [("email_address", "ann@example.com")])
      #expect(reset.body == ["code": 200, "response": "password reset, please check your email for a new password"])
      // Anyone may ask; until the mailed password is used, the owner's tokens work.
      #expect(try await server.request(.get, "/v2/account/usage", token: token).status == 200)
      let content = try #require(try server.mails().last?["content"]?.stringValue)
      let mailed = String(content.dropFirst("your password is ".count))
      let fresh = try await server.login("ann", mailed)
      // First use makes it the password: the old one and every older token stop working.
      let old = try await server.request(.post, "/v2/auth/login", body: #"{"username":"ann","password":"first-pw"}"#)
      #expect(old.status == 401)
      #expect(try await server.request(.get, "/v2/account/usage", token: token).body == Self.revoked)
      #expect(try await server.request(.get, "/v2/auth/refresh", token: token).body == Self.revoked)
      #expect(try await server.request(.get, "/v2/account/usage", token: fresh).status == 200)
      _ = try await server.login("ann", mailed)
    }
  }

  @Test func aPasswordChangeRevokesEveryOlderToken() async throws {
    try await LiveServer.run { server in
      let first = try await server.onboard("bo", password: "old-pw")
      let second = try await server.login("bo", "old-pw")
      let changed = try await server.request(
        .post, "/v2/account/password/change", token: first, form: [("old_password", "old-pw"), ("new_password", "new-pw")])
      #expect(changed.body == ["code": 200, "response": "password changed"])
      for token in [first, second] {
        #expect(try await server.request(.get, "/v2/account/usage", token: token).body == Self.revoked)
        #expect(try await server.request(.get, "/v2/auth/refresh", token: token).body == Self.revoked)
      }
      // A login in the same second as the change still gets a working token.
      let after = try await server.login("bo", "new-pw")
      #expect(try await server.request(.get, "/v2/account/usage", token: after).status == 200)
      let refreshed = try await server.request(.get, "/v2/auth/refresh", token: after)
      #expect(refreshed.status == 200)
    }
  }

  @Test func aTokenFromBeforeTheAccountWasMadeIsRefused() async throws {
    try await LiveServer.run { server in
      // As after the name was deleted and registered again: a validly signed token for the same
      // name, issued before this account existed.
      let token = try await server.onboard("cy")
      let tokens = try await server.tokens()
      let now = Date()
      let earlier = try await tokens.issue(for: "cy", now: now.addingTimeInterval(-60)).token
      #expect(try await server.request(.get, "/v2/account/usage", token: earlier).body == Self.revoked)
      #expect(try await server.request(.get, "/v2/auth/refresh", token: earlier).body == Self.revoked)
      #expect(try await server.request(.get, "/v2/account/usage", token: token).status == 200)
    }
  }

  @Test func unknownNamesAreCheckedAgainstABcryptHashOfTheSameCost() {
    for cost in [4, 10, 12] {
      let hasher = PasswordHasher(cost: cost)
      let real = Bcrypt.hash("x", cost: UInt8(cost))
      #expect(hasher.unknownUserHash.count == real.count)
      #expect(hasher.unknownUserHash.prefix(7) == real.prefix(7))
    }
    // Well formed (the check runs in full) and matched by nothing.
    let hasher = PasswordHasher(cost: 4)
    for password in ["", "x", "tshell", "unknown"] { #expect(!Bcrypt.verify(password, hash: hasher.unknownUserHash)) }
  }

  @Test func controlCharactersAreRefusedWhereverAValueIsStoredOrCompared() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("bob", password: "pw", email: "bob@example.com")
      let badName: JSONValue = ["code": 400, "response": .string(APIMessage.invalidName("username"))]
      let register: [([(String, String)], JSONValue)] = [
        ([("username", "nulluser\u{0}tail"), ("password", "p"), ("email_address", "n@x")], badName),
        (
          [("username", "nu"), ("password", "p\u{0}q"), ("email_address", "n@x")],
          ["code": 400, "response": "password must not contain control characters"]
        ),
        (
          [("username", "nu"), ("password", "p"), ("email_address", "n@x\u{0}y")],
          ["code": 400, "response": "email_address must not contain control characters"]
        ),
      ]
      for (form, answer) in register {
        #expect(try await server.request(.post, "/v2/auth/register", form: form).body == answer)
      }
      let login = try await server.request(.post, "/v2/auth/login", body: #"{"username":"bob\u0000zz","password":"pw"}"#)
      #expect(login.body == ["code": 400, "message": .string(APIMessage.invalidName("username"))])
      let password = try await server.request(.post, "/v2/auth/login", body: #"{"username":"bob","password":"pw\u0000x"}"#)
      #expect(password.body == ["code": 400, "message": "password must not contain control characters"])
      let key = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k\u{0}x")])
      #expect(key.body == ["code": 400, "response": .string(APIMessage.invalidName("key_name"))])
      let export = try await server.request(.get, "/v2/account/key/export/k%00x", token: token)
      #expect(export.body == ["code": 400, "response": .string(APIMessage.invalidName("key_name"))])
      let verify = try await server.request(.get, "/v2/account/email/verify/bob%00x/abc")
      #expect(verify.body == ["code": 400, "response": .string(APIMessage.invalidName("username"))])
      let forgot = try await server.request(.post, "/v2/forgot/password", form: [("email_address", "bob@example.com\u{0}")])
      #expect(forgot.body == ["code": 400, "response": "email_address must not contain control characters"])
      #expect(try server.mails().count == 1)
      // Below the routes, a NUL is compared, never taken as the end of the text.
      let store = try await server.store()
      #expect((try? await store.user(named: "bob\u{0}zz")) ?? nil == nil)
      #expect(try await store.user(named: "bob")?.username == "bob")
    }
  }

  @Test func passwordsLongerThanBcryptReadsAreRefused() async throws {
    try await LiveServer.run { server in
      let long = String(repeating: "p", count: 73)
      let refused = try await server.request(
        .post, "/v2/auth/register", form: [("username", "di"), ("password", long), ("email_address", "di@x")])
      #expect(refused.body == ["code": 400, "response": "password must be at most 72 bytes"])
      // 72 bytes (here 24 three-byte letters) are fine.
      let longest = String(repeating: "€", count: 24)
      let token = try await server.onboard("di", password: longest)
      let login = try await server.request(.post, "/v2/auth/login", body: "{\"username\":\"di\",\"password\":\"\(longest)x\"}")
      #expect(login.body == ["code": 401, "message": "Incorrect Username / Password"])
      let change = try await server.request(
        .post, "/v2/account/password/change", token: token, form: [("old_password", longest), ("new_password", long)])
      #expect(change.body == ["code": 400, "response": "new_password must be at most 72 bytes"])
    }
  }

  @Test func tokensAreAcceptedInTheirCanonicalSpellingOnly() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ed")
      #expect(try await server.request(.get, "/v2/account/usage", token: token).status == 200)
      let parts = token.split(separator: ".").map(String.init)
      let signature = parts[2]
      // 32 bytes: 43 characters, the last carrying 4 bits of data and 2 unused ones.
      let last = try #require(signature.last)
      let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
      let value = try #require(alphabet.firstIndex(of: last))
      let sameBits = alphabet[value ^ 1]
      let respellings = [
        parts[0] + "." + parts[1] + "." + signature + "=",
        parts[0] + "." + parts[1] + "." + signature.dropLast() + String(sameBits),
        parts[0] + "." + parts[1] + "."
          + signature.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
          + (signature.contains(where: { $0 == "-" || $0 == "_" }) ? "" : "="),
        parts[0] + "=." + parts[1] + "." + signature,
      ]
      for respelled in respellings {
        let answer = try await server.request(.get, "/v2/account/usage", token: respelled)
        #expect(answer.status == 401, "\(respelled)")
      }
    }
  }
}
