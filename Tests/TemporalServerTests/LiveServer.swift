import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TShellJSON
import Testing

@testable import TemporalServer

/// The server with a fresh data directory, and helpers that speak HTTP to it the way clients
/// do. By default requests go to its router without a socket (`app.test(.router)`); tests of
/// what only a connection shows (limits, timeouts, TLS, raw bytes, peers) ask for a real server
/// on 127.0.0.1 and a free port (`.live`).
struct LiveServer {
  let client: any TestClientProtocol
  let configuration: ServerConfiguration

  /// How requests reach the server.
  enum Transport {
    /// Through the router, in memory.
    case router
    /// Over a socket to a real server.
    case live
  }

  /// Starts a server (bcrypt cost 4 to keep tests fast), runs `body`, stops the server.
  static func run(
    _ transport: Transport = .router,
    _ adjust: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (LiveServer) async throws -> Void
  ) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-server-\(UUID().uuidString)").path
    var configuration = ServerConfiguration(dataDirectory: directory)
    configuration.port = 0
    configuration.bcryptCost = 4
    configuration.rateLimitPerHour = 0
    configuration.logRequests = false
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    if StorageBackend.server == .postgres {
      configuration.databaseURL = try await StorageBackend.createDatabase(logger: logger).text
    }
    adjust(&configuration)
    let app = try await TemporalServer.application(configuration, logger: logger)
    let frozen = configuration
    let setup: TestingSetup = transport == .live ? .live : .router
    try await app.test(setup) { client in try await body(LiveServer(client: client, configuration: frozen)) }
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// An answer: status, parsed JSON body (or the text as a string), headers.
  struct Answer {
    var status: Int
    var body: JSONValue
    var text: String
    var headers: HTTPFields
  }

  func request(
    _ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:],
    form: [(String, String)]? = nil, body: String? = nil
  ) async throws -> Answer {
    var headers = headers
    if let token { headers[.authorization] = "Bearer \(token)" }
    var buffer: ByteBuffer? = nil
    if let form {
      headers[.contentType] = "application/x-www-form-urlencoded"
      buffer = ByteBuffer(string: form.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&"))
    } else if let body {
      buffer = ByteBuffer(string: body)
    }
    let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: buffer)
    let text = String(buffer: response.body)
    return Answer(
      status: Int(response.status.code), body: (try? JSONValue(parsing: text)) ?? .string(text), text: text,
      headers: response.headers)
  }

  private func encode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
  }

  /// The mails in the outbox, oldest first.
  func mails() throws -> [JSONValue] {
    let folder = configuration.resolvedMailDirectory
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted().map {
      try JSONValue(parsing: Array(FileManager.default.contents(atPath: folder + "/" + $0) ?? Data()))
    }
  }

  /// The path of the newest verification link in the outbox.
  func verificationPath(for username: String) throws -> String? {
    for mail in try mails().reversed() {
      guard let content = mail["content"]?.stringValue, let range = content.range(of: "/v2/account/email/verify/\(username)/")
      else { continue }
      let tail = content[range.lowerBound...]
      return String(tail.prefix { $0 != "\"" && $0 != "<" })
    }
    return nil
  }

  /// Registers, verifies through the mailed link, logs in; returns the token.
  @discardableResult
  func onboard(_ username: String, password: String = "correct horse", email: String? = nil) async throws -> String {
    let register = try await request(
      .post, "/v2/auth/register",
      form: [("username", username), ("password", password), ("email_address", email ?? "\(username)@example.com")])
    #expect(register.status == 200)
    let link = try #require(try verificationPath(for: username))
    let verified = try await request(.get, link)
    #expect(verified.body == ["code": 200, "response": "email verified"])
    return try await login(username, password)
  }

  func login(_ name: String, _ password: String) async throws -> String {
    let answer = try await request(.post, "/v2/auth/login", body: "{\"username\": \"\(name)\", \"password\": \"\(password)\"}")
    return try #require(answer.body["token"]?.stringValue, "login failed: \(answer.text)")
  }

  /// The server's storage, opened beside it (SQLite in its data directory, or its PostgreSQL
  /// database).
  func store() async throws -> any AccountStore {
    if let url = configuration.databaseURL {
      var logger = Logger(label: "test")
      logger.logLevel = .critical
      return try await PostgresAccountStore(try DatabaseURL(url), maximumConnections: 2, logger: logger)
    }
    return try SQLiteAccountStore(path: configuration.dataDirectory + "/temporal.sqlite")
  }

  /// The service behind the server, for signing test tokens with its secret.
  func tokens() async throws -> TokenService {
    let secret = try SecretFiles.read(configuration.dataDirectory + "/jwt-secret")
    return await TokenService(secret: secret)
  }
}
