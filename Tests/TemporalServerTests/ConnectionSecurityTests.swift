import Foundation
import HTTPTypes
import TShellJSON
import TShellTestSupport
import TemporalAPI
import Testing

@testable import TemporalServer

@Suite("Server: slow clients, multipart bounds, headers, files, races")
struct ConnectionSecurityTests {
  @Test func idleAndSlowClientsAreClosed() async throws {
    try await LiveServer.run(.live) {
      $0.idleTimeout = 1
      $0.requestTimeout = 2
    } _: { server in
      let port = try #require(server.client.port)
      let idle = try RawConnection(port: port)
      #expect(idle.closes(within: 10))
      // A head that never ends, one header line at a time.
      let slowHead = try RawConnection(port: port)
      slowHead.send("GET /health HTTP/1.1\r\nHost: x\r\n")
      var closed = false
      for index in 0..<50 where !closed {
        closed = !slowHead.send("X-Slow-\(index): a\r\n") || slowHead.closes(within: 0.2)
      }
      #expect(closed)
      // A body that never ends, one byte at a time.
      let slowBody = try RawConnection(port: port)
      slowBody.send(
        "POST /v2/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
      )
      closed = false
      for _ in 0..<50 where !closed {
        closed = !slowBody.send("a") || slowBody.closes(within: 0.2)
      }
      #expect(closed)
      // Others are served meanwhile (the test client's own connection was idle too long: a new one).
      let healthy = try RawConnection(port: port)
      healthy.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      #expect(await healthy.answer(for: 10).hasPrefix("HTTP/1.1 200"))
    }
  }

  /// Clients that pipeline requests and never read the replies: the server stops reading from
  /// them after a few replies, closes them after --write-timeout, and serves others meanwhile.
  @Test func clientsThatDoNotReadAreClosed() async throws {
    try await LiveServer.run(.live) {
      $0.writeTimeout = 2
      $0.idleTimeout = 60
      $0.requestTimeout = 60
    } _: { server in
      let port = try #require(server.client.port)
      let request = "GET /v2/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"
      let readers = try (0..<3).map { _ in try RawConnection(port: port) }
      for reader in readers { #expect(reader.pipeline(request, count: 2000) > 0) }
      let healthy = try RawConnection(port: port)
      healthy.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      #expect(await healthy.answer(for: 10).hasPrefix("HTTP/1.1 200"))
      // Waiting for an event, not for a time: 60 s is only how long to wait before failing.
      for reader in readers { #expect(await reader.ended(within: 60)) }
    }
  }

  /// One client address holds at most a quarter of the connection cap; other addresses are
  /// served meanwhile.
  @Test func oneAddressCannotTakeEveryConnection() async throws {
    try await LiveServer.run(.live) {
      $0.maxConnections = 12
    } _: { server in
      let port = try #require(server.client.port)
      let held = try (0..<3).map { _ in try RawConnection(port: port, from: "127.0.0.2") }
      for connection in held { connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") }
      for connection in held { #expect(await connection.answer(for: 10, until: "ok").contains("200")) }
      let fourth = try RawConnection(port: port, from: "127.0.0.2")
      #expect(await fourth.ended(within: 30))
      let other = try RawConnection(port: port, from: "127.0.0.3")
      other.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      #expect(await other.answer(for: 10).hasPrefix("HTTP/1.1 200"))
    }
  }

  @Test func multipartBodiesAreBounded() async throws {
    try await LiveServer.run { server in
      func multipart(_ parts: [(String, String)], extraHeader: String = "") -> String {
        parts.map { "--B\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\(extraHeader)\r\n\($0.1)\r\n" }.joined()
          + "--B--\r\n"
      }
      var headers = HTTPFields()
      headers[.contentType] = "multipart/form-data; boundary=B"
      let fields = [("username", "fa"), ("password", "pw"), ("email_address", "fa@x")]
      let many = multipart(fields + (0..<15_000).map { ("f\($0)", "x") })
      #expect(many.utf8.count > 800_000)
      let tooMany = try await server.request(.post, "/v2/auth/register", headers: headers, body: many)
      #expect(tooMany.body == ["code": 400, "response": "the form has too many parts"])
      let bigHeader = multipart(fields, extraHeader: "X-Padding: \(String(repeating: "p", count: 5000))\r\n")
      let refused = try await server.request(.post, "/v2/auth/register", headers: headers, body: bigHeader)
      #expect(refused.body == ["code": 400, "response": "the form has too many parts"])
      let fine = try await server.request(.post, "/v2/auth/register", headers: headers, body: multipart(fields))
      #expect(fine.status == 200)
      #expect(fine.body["response"]?["UserName"] == "fa")
    }
  }

  /// A megabyte of `f=v&` would be 250,000 fields to decode on the event loop: past 64 fields an
  /// urlencoded form gets 413, counted before anything is decoded.
  @Test func urlencodedFormsAreBounded() async throws {
    try await LiveServer.run { server in
      let fields = [("username", "ug"), ("password", "pw"), ("email_address", "ug@x")]
      let many = fields + (0..<1_000).map { ("f\($0)", "v") }
      let refused = try await server.request(.post, "/v2/auth/register", form: many)
      #expect(refused.status == 413)
      #expect(refused.body == ["code": 413, "response": "the form has more than 64 fields"])
      let large = fields + [("padding", String(repeating: "p", count: 70_000))]
      let tooLarge = try await server.request(.post, "/v2/auth/register", form: large)
      #expect(tooLarge.body == ["code": 413, "response": "the form is larger than 65536 bytes"])
      let atTheLimit = try await server.request(.post, "/v2/auth/register", form: fields + (0..<60).map { ("f\($0)", "v") })
      #expect(atTheLimit.status == 200)
    }
  }

  @Test func repliesAreKeptOutOfCachesAndSniffing() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("go")
      _ = try await server.request(
        .post, "/v2/account/key/ipfs/new", token: token, form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k")])
      let answers = [
        try await server.request(.post, "/v2/auth/login", body: #"{"username":"go","password":"correct horse"}"#),
        try await server.request(.get, "/v2/auth/refresh", token: token),
        try await server.request(.get, "/v2/account/key/export/go-k", token: token),
        try await server.request(.get, "/v2/account/usage", token: token),
        try await server.request(.get, "/v2/account/usage"),
        try await server.request(.get, "/nowhere"),
      ]
      for answer in answers {
        #expect(answer.headers[.cacheControl] == "no-store")
        #expect(answer.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
      }
      #expect(answers[2].status == 200)
    }
  }

  @Test(.enabled(if: StorageBackend.server == .sqlite, "SQLite's files"))
  func databaseFilesAreReadableByTheOwnerOnly() async throws {
    try await LiveServer.run { server in
      try await server.onboard("hu")
      for suffix in ["", "-wal", "-shm"] {
        let path = server.configuration.dataDirectory + "/temporal.sqlite" + suffix
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "\(path)")
      }
    }
    // A database made before is restricted when it is opened.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-mode-\(UUID().uuidString).sqlite").path
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
    _ = try SQLiteAccountStore(path: path)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
  }

  @Test func ofConcurrentUpgradesOneWins() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("iv")
      let bodies = try await withThrowingTaskGroup(of: JSONValue.self) { group in
        for _ in 0..<20 { group.addTask { try await server.request(.post, "/v2/account/upgrade", token: token).body } }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(bodies.filter { $0 == ["code": 200, "response": "account upgraded"] }.count == 1)
      #expect(bodies.filter { $0 == ["code": 400, "response": "user account is already upgrade"] }.count == 19)
      #expect(try server.mails().filter { $0["subject"] == "TEMPORAL Account Upgraded" }.count == 1)
    }
  }

  @Test func timeoutsAndTheCapAreChecked() {
    var configuration = ServerConfiguration(dataDirectory: "/tmp/x")
    configuration.idleTimeout = 0
    #expect(throws: ServerConfiguration.Invalid("--idle-timeout must be a number of seconds from 1, not 0")) {
      try configuration.validate()
    }
    configuration.idleTimeout = 30
    configuration.requestTimeout = -1
    #expect(throws: ServerConfiguration.Invalid("--request-timeout must be a number of seconds from 1, not -1")) {
      try configuration.validate()
    }
    configuration.requestTimeout = 30
    configuration.maxBodySize = 0
    #expect(throws: ServerConfiguration.Invalid("--max-body-size must be from 1 to 67108864 bytes, not 0")) {
      try configuration.validate()
    }
    configuration.maxBodySize = 1 << 20
    configuration.maxConnections = 0
    #expect(throws: ServerConfiguration.Invalid("--max-connections must be at least 1, not 0")) { try configuration.validate() }
    // Kept under the open-file limit, so that accepting stops before descriptors run out.
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    #expect(ConnectionLimit.effective(Int.max) == Int(clamping: limit.rlim_cur) - ConnectionLimit.reservedDescriptors)
    #expect(ConnectionLimit.effective(10) == 10)
  }

  @Test func verificationTokensStayOutOfTheLog() {
    #expect(LoggedPath.of("/v2/account/email/verify/ann/eyJhbGciOiJIUzUxMiJ9.e30.c2ln") == "/v2/account/email/verify/ann/{token}")
    for spelling in [
      "//v2/account/email/verify/ann/eyJ.e30.c2ln", "/v2//account/email/verify/ann/eyJ.e30.c2ln/",
      "/v2/account/email/%76erify/ann/eyJ.e30.c2ln", "/V2/Account/Email/Verify/ann/eyJ.e30.c2ln",
    ] {
      #expect(LoggedPath.of(spelling) == "/v2/account/email/verify/ann/{token}", "\(spelling)")
    }
    #expect(LoggedPath.of("/v2/account/email/verify/ann") == "/v2/account/email/verify/ann")
    #expect(LoggedPath.of("/v2/account/usage") == "/v2/account/usage")
  }
}

extension ConnectionSecurityTests {
  @Test func oversizedBodiesGet413WithoutBeingReadAndOthersAreServed() async throws {
    try await LiveServer.run(.live) {
      $0.maxBodySize = 4096
    } _: { server in
      let port = try #require(server.client.port)
      let refusal = #"{"code":413,"response":"the request body is larger than 4096 bytes"}"#
      // Announced: refused from the head alone, though not one body byte follows.
      let announced = try RawConnection(port: port)
      announced.send("POST /v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n\r\n")
      let announcedReply = await announced.answer(for: 10)
      #expect(announcedReply.hasPrefix("HTTP/1.1 413"))
      #expect(announcedReply.hasSuffix("\r\n\r\n" + refusal))
      #expect(announced.closes(within: 5))
      // Chunked: refused once the body passes the limit.
      let chunked = try RawConnection(port: port)
      chunked.send("POST /v2/auth/register HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
      for _ in 0..<3 { chunked.send("800\r\n" + String(repeating: "a", count: 2048) + "\r\n") }
      let chunkedReply = await chunked.answer(for: 10)
      #expect(chunkedReply.hasPrefix("HTTP/1.1 413"))
      #expect(chunkedReply.contains("connection: close") || chunkedReply.contains("Connection: close"))
      #expect(chunked.closes(within: 5))
      // At the limit, the handler answers as ever.
      let body = #"{"username":"nobody","password":""# + String(repeating: "p", count: 4096 - 35) + #""}"#
      #expect(body.utf8.count == 4096)
      let atLimit = try await server.request(.post, "/v2/auth/login", body: body)
      #expect(atLimit.status == 401)
      #expect(try await server.request(.get, "/health").status == 200)
    }
  }
}
