import HTTPTypes
import Testing

@testable import TemporalServer

@Suite("Server: X-Forwarded-For only from trusted proxies")
struct TrustedProxyTests {
  @Test func rangesAndTheClientTheyName() throws {
    let proxies = try TrustedProxies(["10.0.0.0/8", "192.168.1.7", "fd00::/8"])
    #expect(proxies.isTrusted("10.200.3.4"))
    #expect(!proxies.isTrusted("11.0.0.1"))
    #expect(proxies.isTrusted("192.168.1.7"))
    #expect(!proxies.isTrusted("192.168.1.8"))
    #expect(proxies.isTrusted("fd12::1"))
    #expect(!proxies.isTrusted("fe80::1"))
    // From a trusted proxy: the last hop that is not a proxy.
    #expect(proxies.client(peer: "10.0.0.1", forwardedFor: "203.0.113.9") == "203.0.113.9")
    #expect(proxies.client(peer: "10.0.0.1", forwardedFor: "198.51.100.1, 203.0.113.9, 10.1.1.1") == "203.0.113.9")
    #expect(proxies.client(peer: "10.0.0.1", forwardedFor: "10.3.3.3, 10.1.1.1") == "10.3.3.3")
    // Rubbish in the header: the peer.
    #expect(proxies.client(peer: "10.0.0.1", forwardedFor: "203.0.113.9, not-an-address") == "10.0.0.1")
    #expect(proxies.client(peer: "10.0.0.1", forwardedFor: nil) == "10.0.0.1")
    // From anyone else the header is ignored.
    #expect(proxies.client(peer: "203.0.113.50", forwardedFor: "1.2.3.4") == "203.0.113.50")
    #expect(TrustedProxies.none.client(peer: "10.0.0.1", forwardedFor: "1.2.3.4") == "10.0.0.1")
    for bad in ["10.0.0.0/33", "::/129", "example.com", "10.0.0.0/", "/8", ""] {
      #expect(throws: TrustedProxies.Invalid(text: bad)) { try TrustedProxies([bad]) }
    }
    var configuration = ServerConfiguration(dataDirectory: "/tmp/x")
    configuration.trustedProxies = ["10.0.0.0/8", "10.0.0.0/99"]
    #expect(
      throws: ServerConfiguration.Invalid(
        "--trusted-proxy must be an address or a CIDR range such as 10.0.0.0/8, not 10.0.0.0/99")
    ) { try configuration.validate() }
  }

  @Test(arguments: [true, false])
  func theRateLimitCountsTheForwardedClientOnlyBehindATrustedProxy(trusted: Bool) async throws {
    try await LiveServer.run(.live) {
      $0.rateLimitPerHour = 2
      $0.trustedProxies = trusted ? ["127.0.0.1"] : []
    } _: { server in
      func remaining(forwardedFor client: String) async throws -> String? {
        var headers = HTTPFields()
        headers[HeaderNames.forwardedFor] = client
        return try await server.request(.get, "/health", headers: headers).headers[HeaderNames.rateLimitRemaining]
      }
      let first = try await remaining(forwardedFor: "203.0.113.1")
      // Another forwarded client: its own count behind a trusted proxy, the same peer's otherwise.
      let other = try await remaining(forwardedFor: "203.0.113.2")
      let firstAgain = try await remaining(forwardedFor: "203.0.113.1")
      #expect(first == "1")
      #expect(other == (trusted ? "1" : "0"))
      #expect(firstAgain == "0")
    }
  }

  /// One address in several spellings is one client; a forwarded IPv6 address counts once
  /// however a proxy writes it.
  @Test func oneAddressIsOneBucketHoweverItIsWritten() async throws {
    #expect(Set(["::1", "0:0:0:0:0:0:0:1", "::0:1", "0000::0001"].map(ClientKey.of)) == ["::1"])
    #expect(ClientKey.of("::ffff:10.0.0.1") == "10.0.0.1")
    #expect(ClientKey.of("2001:DB8::1") == ClientKey.of("2001:db8:0::1"))
    #expect(ClientKey.of("not an address") == "not an address")
    try await LiveServer.run(.live) {
      $0.rateLimitPerHour = 3
      $0.trustedProxies = ["127.0.0.1"]
    } _: { server in
      var statuses: [Int] = []
      for spelling in ["2001:db8::7", "2001:DB8:0::7", "2001:db8:0:0:0:0:0:7", "2001:0db8::0007"] {
        var headers = HTTPFields()
        headers[HeaderNames.forwardedFor] = spelling
        statuses.append(try await server.request(.get, "/health", headers: headers).status)
      }
      #expect(statuses == [200, 200, 200, 429])
    }
  }

  /// CORS preflights are answered before the routes, and count against the limit too.
  @Test func preflightsCountAgainstTheLimit() async throws {
    try await LiveServer.run(.live) {
      $0.rateLimitPerHour = 2
    } _: { server in
      var headers = HTTPFields()
      headers[.origin] = "https://example.com"
      headers[.accessControlRequestMethod] = "POST"
      var statuses: [Int] = []
      for _ in 0..<3 { statuses.append(try await server.request(.options, "/v2/auth/login", headers: headers).status) }
      #expect(statuses == [204, 204, 429])
      #expect(try await server.request(.get, "/health").status == 429)
    }
  }
}
