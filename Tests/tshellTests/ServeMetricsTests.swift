import Foundation
import TShellTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `tshell serve --metrics-port`: Prometheus metrics on a listener of their own.
@Suite("tshell serve metrics")
struct ServeMetricsTests {
  static func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tshell-metrics-\(UUID().uuidString)").path
  }

  static func scrape(_ url: String) async throws -> (status: Int, type: String, text: String) {
    let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self))
  }

  @Test func requestsAreCountedByRouteTemplateWithoutNames() async throws {
    let server = try ServerProcess(dataDirectory: Self.temporaryDirectory(), extraArguments: ["--metrics-port", "0"])
    defer { server.stop() }
    let line = server.nextLine()
    #expect(line.hasPrefix("metrics on http://127.0.0.1:") && line.hasSuffix("/metrics"))
    let url = String(line.dropFirst("metrics on ".count))
    #expect(try await server.request("GET", "/hello").status == 200)
    #expect(try await server.request("GET", "/hello").status == 200)
    let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"secret-name","password":"x"}"#)
    #expect(login.status == 401)
    #expect(try await server.request("GET", "/v2/account/email/verify/secret-name/secret-token").status != 200)
    #expect(try await server.request("GET", "/no/such/secret-path").status == 404)
    let scraped = try await Self.scrape(url)
    #expect(scraped.status == 200)
    #expect(scraped.type == "text/plain; version=0.0.4; charset=utf-8")
    let text = scraped.text
    #expect(text.contains(#"tshell_http_requests_total{endpoint="/hello",method="GET",status="200"} 2"#))
    #expect(text.contains(#"tshell_http_requests_total{endpoint="/v2/auth/login",method="POST",status="401"} 1"#))
    #expect(text.contains(#"tshell_http_requests_total{endpoint="/v2/account/email/verify/{user}/{token}",method="GET",status="#))
    #expect(text.contains(#"tshell_http_requests_total{endpoint="unmatched",method="GET",status="404"} 1"#))
    #expect(text.contains(#"tshell_http_request_duration_seconds_count{endpoint="/hello"} 2"#))
    #expect(text.contains(#"tshell_http_request_duration_seconds_bucket{endpoint="/hello",le="+Inf"} 2"#))
    #expect(text.contains("\ntshell_logins_refused_total 1\n"))
    for name in [
      "tshell_open_connections", "tshell_http_requests_in_flight", "tshell_connections_refused_total",
      "tshell_rate_limited_total",
      "tshell_rsa_generations_running", "tshell_rsa_generations_queued", "tshell_rsa_generations_refused_total",
      "tshell_mails_written_total", "tshell_database_connections_in_use", "tshell_database_operations_waiting",
      "tshell_database_waits_total", "tshell_process_resident_memory_bytes", "tshell_process_open_fds",
    ] {
      #expect(text.contains("\n# TYPE \(name) "), "\(name)")
    }
    #expect(!text.contains("secret"))
    // The API's own port has no /metrics.
    #expect(try await server.request("GET", "/metrics").status == 404)
  }

  @Test func aMetricsPortOutsideItsRangeIsRefused() throws {
    let result = try TShellProcess.run(["serve", "--metrics-port", "70000", "--data-dir", "/nonexistent/x"])
    #expect(result.status == 2)
    #expect(result.stderr == "tshell serve: --metrics-port must be from 0 to 65535, not 70000\n")
  }
}
