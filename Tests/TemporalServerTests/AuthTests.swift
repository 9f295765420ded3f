import Foundation
import HTTPTypes
import TShellJSON
import Testing

@testable import TemporalServer

@Suite("Server: registration, login, tokens")
struct AuthTests {
  @Test func registrationAnswersTheUserRowAndMailsAVerificationLink() async throws {
    try await LiveServer.run { server in
      let answer = try await server.request(
        .post, "/v2/auth/register",
        form: [("username", "ann"), ("password", "s3cret"), ("email_address", "ann@example.com")])
      #expect(answer.status == 200)
      #expect(answer.body["code"] == 200)
      let user = try #require(answer.body["response"]?.objectValue)
      #expect(
        user.keys == [
          "ID", "CreatedAt", "UpdatedAt", "DeletedAt", "UserName", "EmailAddress", "AccountEnabled",
          "EmailEnabled", "EmailVerificationToken", "AdminAccess", "HashedPassword", "Free", "Credits", "CustomerObjectHash",
          "Organization", "IPFSKeyNames", "IPFSKeyIDs", "IPFSNetworkNames", "Status",
        ])
      #expect(user["UserName"] == "ann")
      #expect(user["EmailEnabled"] == false)
      #expect(user["HashedPassword"] == "scrubbed")
      #expect(user["EmailVerificationToken"] == "scrubbed")
      #expect(user["Credits"] == 0)
      #expect(user["IPFSKeyNames"] == .null)
      let mails = try server.mails()
      #expect(mails.count == 1)
      #expect(mails[0]["to"] == ["ann@example.com"])
      #expect(mails[0]["subject"] == " Welcome To Temporal 🌌 Read This For Crucial Getting Started Tips")
      #expect(mails[0]["content_type"] == "text/html")
      #expect(try server.verificationPath(for: "ann") != nil)
      // Not verified yet: login is refused.
      let login = try await server.request(.post, "/v2/auth/login", body: #"{"username":"ann","password":"s3cret"}"#)
      #expect(login.status == 401)
      #expect(login.body == ["code": 401, "message": "Incorrect Username / Password"])
    }
  }

  @Test func registrationRefusals() async throws {
    try await LiveServer.run { server in
      let cases: [([(String, String)], String)] = [
        ([("password", "p"), ("email_address", "a@x")], "username not present"),
        ([("username", "a"), ("email_address", "a@x")], "password not present"),
        ([("username", "a"), ("password", "p")], "email_address not present"),
        ([("username", ""), ("password", "p"), ("email_address", "a@x")], "username not present"),
        (
          [("username", "a"), ("password", "p"), ("email_address", "a+b@x")],
          "emails must not contain + signs, this is to prevent abuse of catch all routing"
        ),
        ([("username", "a@b"), ("password", "p"), ("email_address", "a@x")], "usernames cant contain @ sign"),
      ]
      for (form, message) in cases {
        let answer = try await server.request(.post, "/v2/auth/register", form: form)
        #expect(answer.status == 400)
        #expect(answer.body == ["code": 400, "response": .string(message)])
      }
      _ = try await server.request(
        .post, "/v2/auth/register", form: [("username", "bo"), ("password", "p"), ("email_address", "bo@x")])
      let sameEmail = try await server.request(
        .post, "/v2/auth/register",
        form: [("username", "other"), ("password", "p"), ("email_address", "bo@x")])
      #expect(sameEmail.body == ["code": 400, "response": "email address already taken"])
      let sameName = try await server.request(
        .post, "/v2/auth/register",
        form: [("username", "bo"), ("password", "p"), ("email_address", "new@x")])
      #expect(sameName.body == ["code": 400, "response": "username is already taken"])
      // Both taken: the email is reported first, as in the original.
      let both = try await server.request(
        .post, "/v2/auth/register", form: [("username", "bo"), ("password", "p"), ("email_address", "bo@x")])
      #expect(both.body == ["code": 400, "response": "email address already taken"])
    }
  }

  @Test func queryStringsAreNotFormFields() async throws {
    try await LiveServer.run { server in
      let answer = try await server.request(.post, "/v2/auth/register?username=a&password=b&email_address=c")
      #expect(answer.body == ["code": 400, "response": "username not present"])
    }
  }

  @Test func multipartFormsWork() async throws {
    try await LiveServer.run { server in
      let boundary = "XyZBoundary42"
      let body =
        ["username": "mia", "password": "pw", "email_address": "mia@example.com"].map {
          "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.key)\"\r\n\r\n\($0.value)\r\n"
        }.joined() + "--\(boundary)--\r\n"
      let answer = try await server.request(
        .post, "/v2/auth/register",
        headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
      #expect(answer.status == 200)
      #expect(answer.body["response"]?["UserName"] == "mia")
    }
  }

  @Test func loginByUsernameOrEmailWhateverTheContentType() async throws {
    try await LiveServer.run { server in
      try await server.onboard("cy", password: "pw-cy")
      for (name, contentType) in [
        ("cy", "text/plain"), ("cy@example.com", "application/json"), ("cy", "application/x-www-form-urlencoded"),
      ] {
        let answer = try await server.request(
          .post, "/v2/auth/login", headers: [.contentType: contentType],
          body: "{\"username\": \"\(name)\", \"password\": \"pw-cy\"}")
        #expect(answer.status == 200)
        let object = try #require(answer.body.objectValue)
        #expect(object.keys == ["expire", "token"])
        let claims = try TokenPayload.decode(try #require(object["token"]?.stringValue))
        #expect(claims["id"] == "cy")
        let exp = try #require(claims["exp"]?.numberValue?.intValue)
        let issued = try #require(claims["orig_iat"]?.numberValue?.intValue)
        #expect(exp - issued == 86_400)
      }
    }
  }

  @Test func loginRefusals() async throws {
    try await LiveServer.run { server in
      try await server.onboard("di", password: "right")
      for body in [
        "not json", #"{"username": "di"}"#, #"{"username": "", "password": "x"}"#, "", #"{"username": 1, "password": "x"}"#,
      ] {
        let answer = try await server.request(.post, "/v2/auth/login", body: body)
        #expect(answer.status == 400)
        #expect(answer.body == ["code": 400, "message": "Missing Username or Password"])
      }
      for body in [#"{"username": "di", "password": "wrong"}"#, #"{"username": "nobody", "password": "right"}"#] {
        let answer = try await server.request(.post, "/v2/auth/login", body: body)
        #expect(answer.status == 401)
        #expect(answer.body == ["code": 401, "message": "Incorrect Username / Password"])
        #expect(answer.headers[.wwwAuthenticate] == "JWT realm=temporal-realm")
      }
    }
  }

  @Test func protectedRoutesRefuseBadTokens() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("ed")
      let tokens = try await server.tokens()
      let expired = try await tokens.issue(for: "ed", now: Date().addingTimeInterval(-90_000)).token
      let forged = try await TokenService(secret: Array(repeating: 7, count: 32)).issue(for: "ed").token
      let parts = token.split(separator: ".")
      let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
      let cases: [(String?, Int, String)] = [
        (nil, 401, "auth header empty"),
        ("Token \(token)", 401, "invalid auth header"),
        ("bearer \(token)", 401, "invalid auth header"),
        ("Bearer abc", 401, "token contains an invalid number of segments"),
        ("Bearer \(expired)", 401, "Token is expired"),
        ("Bearer \(forged)", 401, "signature is invalid"),
        ("Bearer \(noneHeader).\(parts[1]).", 401, "invalid signing algorithm"),
      ]
      for (header, status, message) in cases {
        var headers: HTTPFields = [:]
        if let header { headers[.authorization] = header }
        let answer = try await server.request(.get, "/v2/account/usage", headers: headers)
        #expect(answer.status == status, "\(header ?? "no header")")
        #expect(answer.body == ["code": .int(status), "message": .string(message)], "\(header ?? "no header")")
        #expect(answer.headers[.wwwAuthenticate] == "JWT realm=temporal-realm")
      }
      // A valid token of an account that is not verified: 403.
      _ = try await server.request(
        .post, "/v2/auth/register", form: [("username", "fi"), ("password", "p"), ("email_address", "fi@x")])
      let unverified = try await tokens.issue(for: "fi").token
      let forbidden = try await server.request(.get, "/v2/account/usage", token: unverified)
      #expect(forbidden.status == 403)
      #expect(forbidden.body == ["code": 403, "message": "You don't have permission to access."])
      let ghost = try await tokens.issue(for: "ghost").token
      #expect(try await server.request(.get, "/v2/account/usage", token: ghost).status == 403)
    }
  }

  @Test func refreshChecksTheSignatureAndTheLoginAge() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("gus")
      let tokens = try await server.tokens()
      let fresh = try await server.request(.get, "/v2/auth/refresh", token: token)
      #expect(fresh.status == 200)
      let refreshed = try #require(fresh.body["token"]?.stringValue)
      #expect(try TokenPayload.decode(refreshed)["orig_iat"] == TokenPayload.decode(token)["orig_iat"])
      #expect(try await server.request(.get, "/v2/account/usage", token: refreshed).status == 200)
      // Expired but logged in less than 24 hours ago (and not before the account was made):
      // refreshable.
      let now = Date()
      let expired = try await tokens.issue(
        for: "gus", originalIssue: Int64(now.timeIntervalSince1970),
        now: now.addingTimeInterval(-90_000)
      ).token
      #expect(try await server.request(.get, "/v2/auth/refresh", token: expired).status == 200)
      // Logged in more than 24 hours ago: not refreshable.
      let old = try await tokens.issue(for: "gus", now: now.addingTimeInterval(-86_500)).token
      let tooOld = try await server.request(.get, "/v2/auth/refresh", token: old)
      #expect(tooOld.body == ["code": 401, "message": "Token is expired."])
      // Forged and missing: 401 JSON, never 500.
      let forged = try await TokenService(secret: Array(repeating: 1, count: 40)).issue(for: "gus").token
      #expect(
        try await server.request(.get, "/v2/auth/refresh", token: forged).body == [
          "code": 401, "message": "signature is invalid",
        ])
      #expect(try await server.request(.get, "/v2/auth/refresh").body == ["code": 401, "message": "auth header empty"])
      #expect(try await server.request(.get, "/v2/auth/refresh", headers: [.authorization: "garbage"]).status == 401)
    }
  }

  @Test func verificationLinkRefusals() async throws {
    try await LiveServer.run { server in
      _ = try await server.request(
        .post, "/v2/auth/register", form: [("username", "hal"), ("password", "p"), ("email_address", "hal@x")])
      let link = try #require(try server.verificationPath(for: "hal"))
      let token = String(link.split(separator: "/").last ?? "")
      let wrongUser = try await server.request(.get, "/v2/account/email/verify/other/\(token)")
      #expect(wrongUser.body == ["code": 400, "response": "username from claim does not match expected user of other"])
      let tampered = try await server.request(.get, link + "x")
      #expect(tampered.body == ["code": 400, "response": "signature is invalid"])
      let tokens = try await server.tokens()
      let hs256 = try await tokens.issue(for: "hal").token
      #expect(
        try await server.request(.get, "/v2/account/email/verify/hal/\(hs256)").body
          == ["code": 400, "response": "expect hs512 signing method"])
      let stale = try await tokens.emailToken(user: "hal", verificationString: "x", now: Date().addingTimeInterval(-90_000))
      #expect(
        try await server.request(.get, "/v2/account/email/verify/hal/\(stale)").body
          == ["code": 400, "response": "failed to validate email verification token"])
      #expect(try await server.request(.get, link).body == ["code": 200, "response": "email verified"])
      // The link stays usable until it expires, as in the original.
      #expect(try await server.request(.get, link).body == ["code": 200, "response": "email verified"])
      let usage = try await server.request(.get, "/v2/account/usage", token: try await server.login("hal", "p"))
      #expect(usage.body["response"]?["Tier"] == "free")
    }
  }
}

/// Reads a JWT's payload without checking it.
enum TokenPayload {
  static func decode(_ token: String) throws -> JSONValue {
    let segment = token.split(separator: ".")[1]
    return try JSONValue(parsing: try #require(Base64URL.decode(segment)))
  }
}
