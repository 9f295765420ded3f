import Foundation
import TShellJSON
import Testing

@testable import TemporalServer

@Suite("Server: account and recovery")
struct AccountTests {
  @Test func usageCreditsUsernameAndEmail() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ann", email: "ann@example.com")
      let usage = try await server.request(.get, "/v2/account/usage", token: token)
      #expect(usage.status == 200)
      let row = try #require(usage.body["response"]?.objectValue)
      #expect(
        row.keys == [
          "ID", "CreatedAt", "UpdatedAt", "DeletedAt", "UserName", "MonthlyDataLimitBytes",
          "CurrentDataUsedBytes", "IPNSRecordsPublished", "IPNSRecordsAllowed", "PubSubMessagesSent", "PubSubMessagesAllowed",
          "KeysCreated", "KeysAllowed", "Tier", "ClaimedENSName",
        ])
      #expect(row["Tier"] == "free")
      #expect(row["MonthlyDataLimitBytes"] == 3_221_225_472)
      #expect(row["KeysAllowed"] == 5)
      #expect(row["PubSubMessagesAllowed"] == 100)
      #expect(row["IPNSRecordsAllowed"] == 5)
      #expect(try await server.request(.get, "/v2/account/credits/available", token: token).body == ["code": 200, "response": 0])
      #expect(
        try await server.request(.get, "/v2/account/token/username", token: token).body == ["code": 200, "response": "ann"])
      for path in ["/v2/forgot/email", "/v2/account/email/forgot"] {
        #expect(try await server.request(.post, path, token: token).body == ["code": 200, "response": "ann@example.com"])
        #expect(try await server.request(.post, path).status == 401)
      }
    }
  }

  @Test func passwordChange() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("bo", password: "old-pw")
      let missing = try await server.request(
        .post, "/v2/account/password/change", token: token, form: [("old_password", "old-pw")])
      #expect(missing.body == ["code": 400, "response": "new_password not present"])
      let wrong = try await server.request(
        .post, "/v2/account/password/change", token: token,
        form: [("old_password", "nope"), ("new_password", "new-pw")])
      #expect(wrong.body == ["code": 400, "response": "failed to change password"])
      let changed = try await server.request(
        .post, "/v2/account/password/change", token: token,
        form: [("old_password", "old-pw"), ("new_password", "new-pw <b>&amp;")])
      #expect(changed.body == ["code": 200, "response": "password changed"])
      _ = try await server.login("bo", "new-pw <b>&amp;")
      let old = try await server.request(.post, "/v2/auth/login", body: #"{"username":"bo","password":"old-pw"}"#)
      #expect(old.status == 401)
    }
  }

  @Test func forgotUsernameMailsAReminder() async throws {
    try await LiveServer.run { server in
      try await server.onboard("cy", email: "cy@example.com")
      let unknown = try await server.request(.post, "/v2/forgot/username", form: [("email_address", "nobody@example.com")])
      #expect(unknown.body == ["code": 400, "response": "unable to find username"])
      let missing = try await server.request(.post, "/v2/forgot/username", form: [])
      #expect(missing.body == ["code": 400, "response": "email_address not present"])
      let sent = try await server.request(.post, "/v2/forgot/username", form: [("email_address", "cy@example.com")])
      #expect(sent.body == ["code": 200, "response": "username reminder sent account email"])
      let mail = try #require(try server.mails().last)
      #expect(mail["subject"] == "TEMPORAL User Name Reminder")
      #expect(mail["content"] == "your username is cy")
      #expect(mail["to"] == ["cy@example.com"])
      // An unverified address gets no help.
      _ = try await server.request(
        .post, "/v2/auth/register", form: [("username", "dee"), ("password", "p"), ("email_address", "dee@x")])
      let unverified = try await server.request(.post, "/v2/forgot/username", form: [("email_address", "dee@x")])
      #expect(
        unverified.body == [
          "code": 400,
          "response": "account does not have email enabled, unfortunately for security reasons we can't assist in recovery",
        ])
    }
  }

  @Test func forgotPasswordResetsAndMailsANewOne() async throws {
    try await LiveServer.run { server in
      try await server.onboard("di", password: "first", email: "di@example.com")
      let reset = try await server.request(.post, "/v2/forgot/password", form: [("email_address", "di@example.com")])
      #expect(reset.body == ["code": 200, "response": "password reset, please check your email for a new password"])
      let mail = try #require(try server.mails().last)
      #expect(mail["subject"] == "TEMPORAL Password Reset")
      let content = try #require(mail["content"]?.stringValue)
      #expect(content.hasPrefix("your password is "))
      let password = String(content.dropFirst("your password is ".count))
      #expect(password.count >= 16)
      #expect(password.allSatisfy { $0.isLowercase && $0.isASCII })
      _ = try await server.login("di", password)
      #expect(try await server.request(.post, "/v2/auth/login", body: #"{"username":"di","password":"first"}"#).status == 401)
      #expect(
        try await server.request(.post, "/v2/forgot/password", form: [("email_address", "x@y")]).body
          == ["code": 400, "response": "unable to find username"])
    }
  }

  @Test func upgradeFreeToPaidOnce() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ed")
      let upgraded = try await server.request(.post, "/v2/account/upgrade", token: token)
      #expect(upgraded.body == ["code": 200, "response": "account upgraded"])
      let usage = try await server.request(.get, "/v2/account/usage", token: token)
      #expect(usage.body["response"]?["Tier"] == "paid")
      #expect(usage.body["response"]?["KeysAllowed"] == 150)
      #expect(usage.body["response"]?["PubSubMessagesAllowed"] == 15_000)
      #expect(usage.body["response"]?["MonthlyDataLimitBytes"] == 1_099_511_627_776_000)
      let mail = try #require(try server.mails().last)
      #expect(mail["subject"] == "TEMPORAL Account Upgraded")
      #expect(mail["content"] == "your account has been upgraded to a paid account!")
      let again = try await server.request(.post, "/v2/account/upgrade", token: token)
      #expect(again.body == ["code": 400, "response": "user account is already upgrade"])
    }
  }

  @Test func upgradeFromUnverifiedIsOneBody() async throws {
    try await LiveServer.run { server in
      let store = try await server.store()
      let hash = try await PasswordHasher(cost: 4).hash("pw")
      _ = try await store.createUser(
        NewUser(
          username: "fay", email: "fay@x", passwordHash: hash, verificationToken: "t",
          tier: .unverified, emailEnabled: true))
      let answer = try await server.request(.post, "/v2/account/upgrade", token: try await server.login("fay", "pw"))
      #expect(answer.status == 400)
      #expect(answer.text == #"{"code":400,"response":"unverified account upgrade process must be done via email verification"}"#)
    }
  }
}
