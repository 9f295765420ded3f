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
}
