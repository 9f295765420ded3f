import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TShellJSON
import Testing

@testable import TemporalServer

/// Tokens end when their account's credentials change, whatever is in flight, and only integer
/// claims are trusted.
@Suite("Server: token ordering and claims")
struct TokenRulesTests {
  /// A password change that commits while a login compares the old password (bcrypt takes tens
  /// of milliseconds) wins: the login is refused instead of getting a token.
  @Test func aLoginInFlightLosesToAPasswordChange() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-race-\(UUID().uuidString)").path
    var configuration = ServerConfiguration(dataDirectory: directory)
    configuration.bcryptCost = 4
    configuration.rateLimitPerHour = 0
    configuration.logRequests = false
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let prepared = try await TemporalServer.prepare(configuration, logger: logger)
    let real = prepared.service
    let created = try await real.store.createUser(
      NewUser(
        username: "ann", email: "ann@example.com", passwordHash: try await real.passwords.hash("old password"),
        verificationToken: "v"))
    try await real.store.verifyEmail(of: created.username)
    let newHash = try await real.passwords.hash("new password")
    let store = InterleavingStore(real.store) {
      try await real.store.setPasswordHash(newHash, for: "ann", credentialsEpoch: AccountService.nextEpoch(Date()))
    }
    let service = AccountService(
      store: store, tokens: real.tokens, passwords: real.passwords, vault: real.vault, outbox: real.outbox, links: real.links,
      logger: logger)
    let router = TemporalServer.router(
      TemporalServer.Prepared(configuration: configuration, service: service, trustedProxies: prepared.trustedProxies),
      logger: logger)
    try await Application(router: router).test(.router) { client in
      let login = try await client.execute(
        uri: "/v2/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"ann","password":"old password"}"#))
      #expect(login.status == .unauthorized)
      #expect(String(buffer: login.body) == #"{"code":401,"message":"Incorrect Username / Password"}"#)
      let again = try await client.execute(
        uri: "/v2/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"ann","password":"new password"}"#))
      #expect(again.status == .ok)
    }
  }

  /// A token signed with the server's key over `payload`, in the header the server issues.
  static func signed(_ payload: String, like token: String, secret: [UInt8]) -> String {
    let header = token.split(separator: ".")[0]
    let body = Data(payload.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    let input = header + "." + body
    let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))
    let signature = Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    return input + "." + signature
  }

  @Test func claimsMustBeIntegersAndNotInTheFuture() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("cy")
      let secret = try SecretFiles.read(server.configuration.dataDirectory + "/jwt-secret")
      let now = Int(Date().timeIntervalSince1970)
      let good = Self.signed(#"{"exp":\#(now + 3600),"id":"cy","orig_iat":\#(now)}"#, like: token, secret: secret)
      #expect(try await server.request(.get, "/v2/account/usage", token: good).status == 200)
      let forged = [
        #"{"exp":"9999999999","id":"cy","orig_iat":\#(now)}"#,
        #"{"exp":1e30,"id":"cy","orig_iat":\#(now)}"#,
        #"{"exp":\#(now + 3600).5,"id":"cy","orig_iat":\#(now)}"#,
        #"{"id":"cy","orig_iat":\#(now)}"#,
        #"{"exp":\#(now + 3600),"id":"cy","orig_iat":"\#(now)"}"#,
        #"{"exp":\#(now + 90000),"id":"cy","orig_iat":\#(now + 3600)}"#,
      ]
      for payload in forged {
        let answer = try await server.request(.get, "/v2/account/usage", token: Self.signed(payload, like: token, secret: secret))
        #expect(answer.status == 401, "\(payload)")
        let refresh = try await server.request(.get, "/v2/auth/refresh", token: Self.signed(payload, like: token, secret: secret))
        #expect(refresh.status == 401, "\(payload)")
      }
    }
  }

  @Test func refreshRefusesADisabledAccount() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("dee")
      #expect(try await server.request(.get, "/v2/auth/refresh", token: token).status == 200)
      try await server.store().setAccountEnabled(false, for: "dee")
      let refused = try await server.request(.get, "/v2/auth/refresh", token: token)
      #expect(refused.status == 403)
      #expect(try await server.request(.get, "/v2/account/usage", token: token).status == 403)
    }
  }

  static func mailedPassword(_ server: LiveServer) throws -> String {
    let content = try #require(try server.mails().last?["content"]?.stringValue)
    return String(content.dropFirst("your password is ".count))
  }

  /// A mailed reset password works within the hour and before the owner logs in with the old one;
  /// otherwise it is refused like a wrong password, and the old password goes on working.
  @Test func aMailedPasswordExpiresAndTheOwnersLoginVoidsIt() async throws {
    try await LiveServer.run { server in
      try await server.onboard("eve", password: "eve-pw", email: "eve@example.com")
      let forgot: [(String, String)] = [("email_address", "eve@example.com")]
      let wrong: JSONValue = ["code": 401, "message": "Incorrect Username / Password"]
      // The owner logs in with the old password: the reset mailed before is void.
      _ = try await server.request(.post, "/v2/forgot/password", form: forgot)
      let voided = try Self.mailedPassword(server)
      _ = try await server.login("eve", "eve-pw")
      let afterOwner = try await server.request(.post, "/v2/auth/login", body: #"{"username":"eve","password":"\#(voided)"}"#)
      #expect(afterOwner.body == wrong)
      // Mailed more than an hour ago: refused.
      _ = try await server.request(.post, "/v2/forgot/password", form: forgot)
      let late = try Self.mailedPassword(server)
      let store = try await server.store()
      let user = try #require(try await store.user(named: "eve"))
      var pending = try #require(PendingPassword(stored: user.pendingPasswordHash))
      pending.mailedAt -= PendingPassword.lifetime + 1
      try await store.setPendingPasswordHash(pending.stored, for: "eve")
      let expired = try await server.request(.post, "/v2/auth/login", body: #"{"username":"eve","password":"\#(late)"}"#)
      #expect(expired.body == wrong)
      _ = try await server.login("eve", "eve-pw")
      // Within the hour and unused by the owner: it becomes the password.
      _ = try await server.request(.post, "/v2/forgot/password", form: forgot)
      let fresh = try Self.mailedPassword(server)
      _ = try await server.login("eve", fresh)
      let old = try await server.request(.post, "/v2/auth/login", body: #"{"username":"eve","password":"eve-pw"}"#)
      #expect(old.body == wrong)
    }
  }

  /// An account made at another bcrypt cost (admin add-user, an older server) is raised to the
  /// server's cost by its next login, so that it answers as fast as every other.
  @Test func aLoginRaisesTheHashToTheServersCost() async throws {
    try await LiveServer.run { server in
      try await server.onboard("fay", password: "fay-pw")
      let store = try await server.store()
      let other = try await PasswordHasher(cost: 5).hash("fay-pw")
      let before = try #require(try await store.user(named: "fay"))
      try await store.setPasswordHash(other, for: "fay", credentialsEpoch: before.credentialsEpoch)
      #expect(PasswordHasher.cost(of: other) == 5)
      let token = try await server.login("fay", "fay-pw")
      let after = try #require(try await store.user(named: "fay"))
      #expect(PasswordHasher.cost(of: after.passwordHash) == server.configuration.bcryptCost)
      #expect(after.credentialsEpoch == before.credentialsEpoch)
      #expect(try await server.request(.get, "/v2/account/usage", token: token).status == 200)
      _ = try await server.login("fay", "fay-pw")
    }
  }

  /// admin add-user applies registration's rules: no password that could never log in, no line
  /// break that would become a mail header, no look-alike name.
  @Test func adminAddUserAppliesTheRegistrationRules() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-add-\(UUID().uuidString)").path
    var configuration = ServerConfiguration(dataDirectory: directory)
    configuration.bcryptCost = 4
    func add(_ username: String, _ email: String, _ password: String) async -> String? {
      do {
        try await AccountAdministration.addUser(
          .init(username: username, email: email, password: password, verified: true, tier: nil, credits: nil),
          configuration: configuration)
        return nil
      } catch {
        return "\(error)"
      }
    }
    #expect(await add("ann", "ann@example.com", String(repeating: "p", count: 100)) == "the password must be at most 72 bytes")
    #expect(await add("ann", "v@x.io\r\nBcc: x@y", "pw") == "email_address must not contain control characters")
    #expect(await add("ali\u{200B}ce", "a@x.io", "pw") == "username must be 1 to 64 bytes without /, \\ or control characters")
    #expect(await add("ann", "ann@example.com", "pw") == nil)
  }
}
