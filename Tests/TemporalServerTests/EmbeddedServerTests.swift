import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TemporalAPI
import Testing

@testable import TemporalServer

@Suite("Embedded server")
struct EmbeddedServerTests {
  @Test func startsOnAFreePortAndStops() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-embedded-\(UUID().uuidString)").path
    let server = try await EmbeddedServer.start(dataDirectory: directory, bcryptCost: 4)
    #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
    let port = try #require(Int(server.baseURL.split(separator: ":").last ?? ""))
    #expect(port > 0)
    let client = TestClient(host: "127.0.0.1", port: port)
    client.connect()
    let response = try await client.execute(TestClient.Request("/health", method: .get))
    #expect(response.status == .ok)
    #expect(String(buffer: response.body ?? ByteBuffer()) == "ok")
    #expect(try server.mail().isEmpty)
    // The outbox is read through the server, next to what writes it.
    var headers = HTTPFields()
    headers[.contentType] = "application/x-www-form-urlencoded"
    let registered = try await client.execute(
      TestClient.Request(
        "/v2/auth/register", method: .post, headers: headers,
        body: ByteBuffer(string: "username=ann&password=pw&email_address=ann%40example.com")))
    #expect(registered.status == .ok)
    let mail = try server.mail()
    #expect(mail.map(\.to) == [["ann@example.com"]])
    #expect(mail.first?.link(to: .verifyEmail)?.hasPrefix("/v2/account/email/verify/ann/") == true)
    try await client.shutdown()
    // A second server on the same data while the first runs: another port, same data.
    let second = try await EmbeddedServer.start(dataDirectory: directory, bcryptCost: 4)
    #expect(second.baseURL != server.baseURL)
    await second.shutdown()
    await server.shutdown()
  }
}
