import Foundation
import HTTPTypes
import TShellJSON
import TemporalAPI
import Testing

@testable import TemporalServer

@Suite("Server: HTTP behaviour")
struct HTTPTests {
  @Test func unknownRoutesAndWrongMethodsAre404Text() async throws {
    try await LiveServer.run { server in
      for (method, path) in [
        (HTTPRequest.Method.get, "/nope"), (.get, "/v2/auth/login"), (.post, "/v2/account/usage"),
        (.delete, "/v2/auth/register"), (.get, "/v2/account/key/export"),
      ] {
        let answer = try await server.request(method, path)
        #expect(answer.status == 404, "\(method) \(path)")
        #expect(answer.text == "404 page not found")
        #expect(answer.headers[.contentType] == "text/plain; charset=utf-8")
      }
    }
  }

  @Test func everyAnswerHasARequestID() async throws {
    try await LiveServer.run { server in
      let first = try await server.request(.get, "/health")
      let second = try await server.request(.get, "/nope")
      let ids = [first, second].compactMap { $0.headers[HTTPField.Name("X-Request-Id")!] }
      #expect(ids.count == 2)
      #expect(ids[0] != ids[1])
      #expect(ids.allSatisfy { $0.count == 36 && $0.split(separator: "-").count == 5 })
    }
  }

  @Test func corsForAnyOrigin() async throws {
    try await LiveServer.run { server in
      let preflight = try await server.request(
        .options, "/v2/account/usage",
        headers: [
          .origin: "https://example.org", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization",
        ])
      #expect(preflight.status == 204)
      #expect(preflight.headers[.accessControlAllowOrigin] == "*")
      let allowed = try #require(preflight.headers[.accessControlAllowHeaders])
      for header in ["Authorization", "Cache-Control", "Content-Type"] { #expect(allowed.contains(header)) }
      let simple = try await server.request(.get, "/health", headers: [.origin: "null"])
      #expect(simple.headers[.accessControlAllowOrigin] == "*")
    }
  }

  @Test func rateLimitPerClient() async throws {
    try await LiveServer.run {
      $0.rateLimitPerHour = 3
    } _: { server in
      for remaining in [2, 1, 0] {
        let answer = try await server.request(.get, "/health")
        #expect(answer.status == 200)
        #expect(answer.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3")
        #expect(answer.headers[HTTPField.Name("X-RateLimit-Remaining")!] == String(remaining))
      }
      let limited = try await server.request(.get, "/health")
      #expect(limited.status == 429)
      #expect(limited.text == "Limit exceeded")
      let retryAfter = Int(limited.headers[.retryAfter] ?? "") ?? 0
      #expect(retryAfter > 0 && retryAfter <= 3600)
      let reset = Int(limited.headers[HTTPField.Name("X-RateLimit-Reset")!] ?? "") ?? 0
      #expect(reset > Int(Date().timeIntervalSince1970))
    }
  }

  @Test func healthAndOpenAPI() async throws {
    try await LiveServer.run { server in
      let health = try await server.request(.get, "/health")
      #expect(health.status == 200)
      #expect(health.text == "ok")
      let document = try await server.request(.get, "/v2/openapi.json")
      #expect(document.status == 200)
      #expect(document.body["openapi"] == "3.1.0")
      let paths = try #require(document.body["paths"]?.objectValue)
      for endpoint in Endpoint.allCases {
        #expect(paths[endpoint.path]?[endpoint.method.rawValue.lowercased()] != nil, "\(endpoint.path)")
      }
      // Every other method of a path is declared with the 404 the server answers, and what it
      // declares is what it answers.
      for (path, item) in paths {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
          #expect(item[method]?["responses"] != nil, "\(method) \(path)")
        }
      }
      let unserved = try await server.request(.put, "/v2/auth/login")
      #expect(unserved.status == 404)
      #expect(paths["/v2/auth/login"]?["put"]?["responses"]?["404"] != nil)
      #expect(paths["/v2/auth/register"]?["post"]?["responses"]?["413"] != nil)
      #expect(paths["/v2/account/key/ipfs/new"]?["post"]?["responses"]?["503"] != nil)
      #expect(paths["/v2/account/key/export/{name}"]?["parameters"]?[0]?["name"] == "name")
    }
  }

  /// The routes come from `Endpoint`: each answers at its path and method, and those that
  /// require a token refuse a request without one.
  @Test func everyEndpointIsRoutedFromTheContract() async throws {
    try await LiveServer.run { server in
      for endpoint in Endpoint.allCases {
        let path = endpoint.path(Dictionary(uniqueKeysWithValues: endpoint.parameterNames.map { ($0, "x") }))
        let method: HTTPRequest.Method = endpoint.method == .get ? .get : .post
        let answer = try await server.request(method, path)
        #expect(answer.text != APIMessage.notFound, "\(endpoint)")
        if endpoint.requiresToken {
          #expect(answer.status == 401, "\(endpoint)")
          #expect(answer.body == ["code": 401, "message": "auth header empty"], "\(endpoint)")
        } else {
          #expect(answer.status != 401 || endpoint == .refresh || endpoint == .login, "\(endpoint)")
        }
        let wrongMethod = try await server.request(method == .get ? .post : .get, path)
        #expect(wrongMethod.status == 404, "\(endpoint)")
      }
    }
  }

  @Test func handlersThatTakeTheAccountAreTheEndpointsThatRequireAToken() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-routes-\(UUID().uuidString)").path
    var configuration = ServerConfiguration(dataDirectory: directory)
    configuration.bcryptCost = 4
    let environment = try await TemporalServer.prepare(configuration, logger: .init(label: "test"))
    for endpoint in Endpoint.allCases {
      #expect(environment.service.handler(for: endpoint).needsAccount == endpoint.requiresToken, "\(endpoint)")
    }
    try? FileManager.default.removeItem(atPath: directory)
  }

  @Test func badBodiesNeverCause5xx() async throws {
    try await LiveServer.run { server in
      let token = try await server.onboard("zed")
      let bodies = ["", "\u{0}\u{1}", "%%%", "a=%ZZ&&&=", String(repeating: "x=y&", count: 1000), "{\"json\": true}"]
      for body in bodies {
        for path in ["/v2/auth/register", "/v2/account/key/ipfs/new", "/v2/forgot/password", "/v2/auth/login"] {
          for contentType in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/json"] {
            let answer = try await server.request(.post, path, token: token, headers: [.contentType: contentType], body: body)
            #expect(answer.status < 500, "\(path) \(contentType) \(body.prefix(20))")
          }
        }
      }
      let huge = try await server.request(.post, "/v2/auth/login", body: String(repeating: "a", count: 2 << 20))
      #expect(huge.status < 500)
    }
  }
}

@Suite("Server: configuration")
struct ConfigurationTests {
  @Test func checksSettings() {
    var configuration = ServerConfiguration(dataDirectory: "/tmp/x")
    configuration.bcryptCost = 3
    #expect(throws: ServerConfiguration.Invalid("--bcrypt-cost must be from 4 to 31, not 3")) { try configuration.validate() }
    configuration.bcryptCost = 32
    #expect(throws: ServerConfiguration.Invalid.self) { try configuration.validate() }
    configuration.bcryptCost = 10
    configuration.port = 70000
    #expect(throws: ServerConfiguration.Invalid("--port must be from 0 to 65535, not 70000")) { try configuration.validate() }
    configuration.port = 0
    configuration.publicURL = "ftp://x"
    #expect(throws: ServerConfiguration.Invalid.self) { try configuration.validate() }
    configuration.publicURL = "https://api.example.com"
    configuration.rateLimitPerHour = -1
    #expect(throws: ServerConfiguration.Invalid.self) { try configuration.validate() }
    configuration.rateLimitPerHour = 0
    #expect(throws: Never.self) { try configuration.validate() }
  }

  @Test func shortJWTSecretsAreRefused() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-cfg-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let secret = directory + "/secret"
    #expect(FileManager.default.createFile(atPath: secret, contents: Data("too short".utf8)))
    var configuration = ServerConfiguration(dataDirectory: directory + "/data")
    configuration.jwtSecretFile = secret
    do {
      _ = try await TemporalServer.prepare(configuration, logger: .init(label: "t"))
      Issue.record("expected a refusal")
    } catch let error as ServerConfiguration.Invalid {
      #expect(error.description == "--jwt-secret-file must hold at least 32 bytes, \(secret) holds 9")
    }
  }
}
