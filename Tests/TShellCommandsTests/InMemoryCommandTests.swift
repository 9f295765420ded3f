import Foundation
import Synchronization
import TShellLanguage
import TemporalClient
import Testing

/// Answers requests from a list and records them.
final class ScriptedServer: Sendable {
  let requests = Mutex<[HTTPRequestSpec]>([])
  private let answers: Mutex<[HTTPResponseSpec]>
  /// Called with each request as it arrives.
  let onRequest: @Sendable (HTTPRequestSpec) -> Void

  init(_ answers: [HTTPResponseSpec], onRequest: @escaping @Sendable (HTTPRequestSpec) -> Void = { _ in }) {
    self.answers = Mutex(answers)
    self.onRequest = onRequest
  }

  static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponseSpec {
    HTTPResponseSpec(status: status, headers: headers, body: Array(text.utf8))
  }

  var transport: @Sendable (String) -> any HTTPTransport {
    { _ in
      InMemoryTransport { request throws(TransportError) in
        self.requests.withLock { $0.append(request) }
        self.onRequest(request)
        return self.answers.withLock { $0.isEmpty ? HTTPResponseSpec(status: 500) : $0.removeFirst() }
      }
    }
  }
}

/// The command layer over an in-memory network: what goes on the wire, and how waits end.
@Suite("Commands over an in-memory transport")
struct InMemoryCommandTests {
  @Test func endpointsDecideWhetherTheTokenIsSent() async throws {
    let server = ScriptedServer([
      ScriptedServer.json(200, #"{"code":200,"response":"username reminder sent account email"}"#),
      ScriptedServer.json(200, #"{"code":200,"response":"ann@example.com"}"#),
      ScriptedServer.json(200, #"{"code":200,"response":"ok"}"#),
    ])
    let harness = CommandHarness(api: "http://api.test", environment: ["TSHELL_TOKEN": "T0K"], transport: server.transport)
    let run = await harness.run("forgot username ann@example.com; forgot email; get /anything")
    #expect(run.output == "\"username reminder sent account email\"\n\"ann@example.com\"\n\"ok\"\n")
    let sent = server.requests.withLock { $0 }
    #expect(
      sent.map(\.url) == ["http://api.test/v2/forgot/username", "http://api.test/v2/forgot/email", "http://api.test/anything"])
    #expect(sent.map { $0.header("Authorization") } == [nil, "Bearer T0K", "Bearer T0K"])
    #expect(sent[0].body == Array("email_address=ann%40example.com".utf8))
  }

  @Test func keyNewSendsTheFormTheServerReads() async throws {
    let server = ScriptedServer([ScriptedServer.json(200, #"{"code":200,"response":"key creation sent to backend"}"#)])
    let harness = CommandHarness(api: "http://api.test", environment: ["TSHELL_TOKEN": "T"], transport: server.transport)
    #expect(await harness.run("key new \"a b\" --type RSA --bits 3072").status == 0)
    let sent = try #require(server.requests.withLock { $0.first })
    #expect(sent.method == "POST")
    #expect(sent.body == Array("key_type=rsa&key_bits=3072&key_name=a+b".utf8))
    let bad = await harness.run("key new x --type dsa")
    #expect(bad.error?.message == "--type must be ed25519 or rsa, not 'dsa'")
    #expect(server.requests.withLock { $0.count } == 1)
  }

  @Test func noKeysIsAnEmptyList() async throws {
    let server = ScriptedServer([ScriptedServer.json(404, #"{"code":404,"response":"no keys"}"#)])
    let harness = CommandHarness(api: "http://api.test", environment: ["TSHELL_TOKEN": "T"], transport: server.transport)
    #expect(await harness.run("key list | $.key_names | length").output == "0\n")
  }

  /// Ctrl-C while a GET waits to be retried (the server said `Retry-After: 20`) ends the run as
  /// an interruption: exit 130, not caught by `try`, nothing more sent.
  @Test func interruptingARetryWaitIsNotCaught() async throws {
    let cancellation = Mutex<CancellationToken?>(nil)
    let server = ScriptedServer(
      [ScriptedServer.json(503, "busy", headers: [(name: "Retry-After", value: "20")])],
      onRequest: { _ in
        // Ctrl-C as the answer arrives: the wait that follows it must end at once.
        cancellation.withLock { $0 }?.cancel()
      })
    let harness = CommandHarness(api: "http://api.test", environment: ["TSHELL_TOKEN": "T"], transport: server.transport)
    cancellation.withLock { $0 = harness.cancellation }
    let run = await harness.run(#"try { get /v2/account/usage } catch $e { echo "caught ${e.message}" }; echo after"#)
    #expect(run.status == 130)
    #expect(run.error?.kind == .interrupted)
    #expect(run.output.isEmpty)
    #expect(run.errors.hasPrefix("<test>:1:7: error: interrupted\n"))
    // One request: the wait ended without the retry (which would have got a 500 and exit 5).
    #expect(server.requests.withLock { $0.count } == 1)
  }

  @Test func transportFailuresAreRuntimeErrorsWithAHint() async throws {
    let harness = CommandHarness(
      api: "http://api.test",
      transport: { _ in
        InMemoryTransport { _ throws(TransportError) in
          throw TransportError(.connection, "cannot reach http://api.test: connection refused")
        }
      })
    let run = await harness.run("forgot username a@example.com")
    #expect(run.status == 1)
    #expect(run.error?.message == "cannot reach http://api.test: connection refused")
    #expect(run.error?.hint == "is the server running? connect URL chooses another, connect --embedded the embedded server")
  }
}
