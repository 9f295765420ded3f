import Foundation
import HummingbirdTesting
import NIOCore
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
    try await client.shutdown()
    // A second server on the same data while the first runs: another port, same data.
    let second = try await EmbeddedServer.start(dataDirectory: directory, bcryptCost: 4)
    #expect(second.baseURL != server.baseURL)
    await second.shutdown()
    await server.shutdown()
    #expect(server.mailDirectory == directory + "/mail")
  }
}
