import Foundation
import Synchronization
import TShellJSON
import TemporalAPI
import Testing

@testable import TemporalClient

/// Records requests and answers them from a script of responses.
final class ScriptedTransport: @unchecked Sendable {
  let requests = Mutex<[HTTPRequestSpec]>([])
  let answers: Mutex<[Result<HTTPResponseSpec, TransportError>]>

  init(_ answers: [Result<HTTPResponseSpec, TransportError>]) {
    self.answers = Mutex(answers)
  }

  var transport: InMemoryTransport {
    InMemoryTransport { request throws(TransportError) in
      self.requests.withLock { $0.append(request) }
      let next = self.answers.withLock { $0.isEmpty ? .success(HTTPResponseSpec(status: 500)) : $0.removeFirst() }
      return try next.get()
    }
  }
}

/// The waits a client asked for between retries.
final class Waits: Sendable {
  let values = Mutex<[Double]>([])
}

func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Result<HTTPResponseSpec, TransportError> {
  .success(HTTPResponseSpec(status: status, headers: headers.map { ($0.0, $0.1) }, body: Array(text.utf8)))
}

@Suite("Client core")
struct ClientTests {
  func client(_ scripted: ScriptedTransport, waits: Waits = Waits()) -> APIClient {
    var policy = RetryPolicy()
    policy.jitter = { 1 }
    return APIClient(
      baseURL: "http://api.test", transport: scripted.transport, userAgent: "tshell/test", retryPolicy: policy,
      wait: { seconds in
        waits.values.withLock { $0.append(seconds) }
        return true
      })
  }

  @Test func formRequestsAndEnvelopes() throws {
    let scripted = ScriptedTransport([json(200, #"{"code":200,"response":"key creation sent to backend"}"#)])
    let api = client(scripted)
    let request = api.makeRequest(
      "POST", "/v2/account/key/ipfs/new", form: [("key_name", "a b&c"), ("key_type", "rsa")], token: "T")
    let reply = try api.send(request)
    #expect(reply.value == "key creation sent to backend")
    let sent = try #require(scripted.requests.withLock { $0.first })
    #expect(sent.url == "http://api.test/v2/account/key/ipfs/new")
    #expect(sent.header("Authorization") == "Bearer T")
    #expect(sent.header("User-Agent") == "tshell/test")
    #expect(sent.header("Content-Type") == "application/x-www-form-urlencoded")
    #expect(sent.body == Array("key_name=a+b%26c&key_type=rsa".utf8))
  }

  @Test func errorsCarryTheServersText() {
    let scripted = ScriptedTransport([
      json(409, #"{"code":409,"response":"key name already exists"}"#),
      json(401, #"{"code":401,"message":"Token is expired"}"#), json(429, "Limit exceeded", headers: [("Retry-After", "3600")]),
    ])
    let api = client(scripted)
    for (status, message) in [(409, "key name already exists"), (401, "Token is expired"), (429, "Limit exceeded")] {
      do {
        _ = try api.send(api.makeRequest("POST", "/x"))
        Issue.record("expected an error")
      } catch let error as APIError {
        #expect(error.status == status)
        #expect(error.message == message)
      } catch {
        Issue.record("unexpected \(error)")
      }
    }
  }

  @Test func idempotentRequestsAreRetriedWithBackoffAndRetryAfter() throws {
    let waits = Waits()
    let scripted = ScriptedTransport([
      .failure(TransportError(.connection, "refused")), json(503, "busy"),
      json(429, "Limit exceeded", headers: [("Retry-After", "2")]),
      json(200, #"{"code":200,"response":"ok"}"#),
    ])
    let api = client(scripted, waits: waits)
    #expect(try api.send(api.makeRequest("GET", "/v2/account/usage")).value == "ok")
    #expect(waits.values.withLock { $0 } == [0.25, 0.5, 2])
    #expect(scripted.requests.withLock { $0.count } == 4)
  }

  @Test func retriesStopAfterThreeOrThirtySeconds() {
    let waits = Waits()
    let scripted = ScriptedTransport(Array(repeating: json(502, "bad gateway"), count: 10))
    let api = client(scripted, waits: waits)
    #expect(throws: APIError.self) { try api.send(api.makeRequest("GET", "/x")) }
    #expect(scripted.requests.withLock { $0.count } == 4)
    let long = ScriptedTransport([json(429, "Limit exceeded", headers: [("Retry-After", "40")]), json(200, "{}")])
    let limited = client(long)
    #expect(throws: APIError.self) { try limited.send(limited.makeRequest("GET", "/x")) }
    #expect(long.requests.withLock { $0.count } == 1)
  }

  @Test func postsAreNotRetriedUnlessAsked() throws {
    let scripted = ScriptedTransport([json(503, "busy"), json(503, "busy"), json(200, #"{"code":200,"response":1}"#)])
    let api = client(scripted)
    #expect(throws: APIError.self) { try api.send(api.makeRequest("POST", "/x")) }
    #expect(try api.send(api.makeRequest("POST", "/x"), retry: true).value == 1)
  }

  @Test func dryRunSendsNothing() throws {
    let scripted = ScriptedTransport([])
    let session = Session(profile: "p", client: client(scripted), tokens: TokenStore(path: "/nonexistent/tokens.json"))
    let outcome = try session.login("ann", password: "it's secret", dryRun: true)
    guard case .dryRun(let line) = outcome else { return #expect(Bool(false), "expected a dry run, got \(outcome)") }
    #expect(
      line
        == #"curl -X POST 'http://api.test/v2/auth/login' -H 'User-Agent: tshell/test' -H 'Accept: application/json' -H 'Content-Type: application/json' --data-raw '{"username":"ann","password":"'"$TSHELL_PASSWORD"'"}'"#
    )
    #expect(outcome.value == nil)
    // A dry run of an endpoint that requires a token needs no login: the line names $TSHELL_TOKEN.
    guard case .dryRun(let usage) = try session.send(.usage, dryRun: true) else { return #expect(Bool(false)) }
    #expect(usage.hasSuffix(#"-H "Authorization: Bearer $TSHELL_TOKEN""#))
    #expect(scripted.requests.withLock { $0.isEmpty })
  }

  @Test func aCancelledWaitIsACancellationNotAnError() {
    let scripted = ScriptedTransport([json(503, "busy", headers: [("Retry-After", "1")])])
    var policy = RetryPolicy()
    policy.jitter = { 1 }
    let api = APIClient(
      baseURL: "http://api.test", transport: scripted.transport, userAgent: "tshell/test", retryPolicy: policy,
      wait: { _ in false })
    #expect {
      try api.send(api.makeRequest("GET", "/x"))
    } throws: { error in
      guard case ClientError.cancelled = error else { return false }
      return true
    }
    #expect(scripted.requests.withLock { $0.count } == 1)
  }

  @Test func curlQuotesForTheShell() {
    let request = HTTPRequestSpec(method: "GET", url: "http://h/it's", headers: [("Authorization", "Bearer abc")])
    #expect(CurlCommand(request).text == #"curl 'http://h/it'\''s' -H "Authorization: Bearer $TSHELL_TOKEN""#)
    #expect(CurlCommand(request, showSecrets: true).text == #"curl 'http://h/it'\''s' -H 'Authorization: Bearer abc'"#)
  }

  @Test func sessionRefreshesOnceAfterA401() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-session-\(UUID().uuidString)").path
    let store = TokenStore(path: home + "/tokens.json")
    let far = Int(Date().timeIntervalSince1970) + 80_000
    try store.save(.init(token: "old", expires: far), profile: "p", user: "ann")
    let scripted = ScriptedTransport([
      json(401, #"{"code":401,"message":"Token is expired"}"#), json(200, #"{"expire":"x","token":"new"}"#),
      json(200, #"{"code":200,"response":"ann"}"#),
    ])
    let session = Session(profile: "p", client: client(scripted), tokens: store)
    #expect(try session.send(.username, dryRun: false).value == "ann")
    let sent = scripted.requests.withLock { $0 }
    #expect(sent.map { $0.header("Authorization") } == ["Bearer old", "Bearer old", "Bearer new"])
    #expect(
      sent.map(\.url) == [
        "http://api.test/v2/account/token/username", "http://api.test/v2/auth/refresh",
        "http://api.test/v2/account/token/username",
      ])
    #expect(store.token(profile: "p", user: "ann")?.token == "new")
  }

  @Test func tokenStoreIsPrivateAndPerProfile() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-tokens-\(UUID().uuidString)").path
    let store = TokenStore(path: home + "/tokens.json")
    try store.save(.init(token: "a", expires: 1), profile: "one", user: "ann")
    try store.save(.init(token: "b", expires: 2), profile: "two", user: "bo")
    #expect(store.currentUser(profile: "one") == "ann")
    #expect(store.token(profile: "two", user: "bo") == .init(token: "b", expires: 2))
    try store.forget(profile: "one")
    #expect(store.currentUser(profile: "one") == nil)
    #expect(store.token(profile: "two", user: "bo") != nil)
    let attributes = try FileManager.default.attributesOfItem(atPath: home + "/tokens.json")
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }

  @Test func tokenStoreSeesWhatAnotherProcessWrote() throws {
    let path =
      FileManager.default.temporaryDirectory.appendingPathComponent("tshell-tokens-\(UUID().uuidString)").path + "/tokens.json"
    let reader = TokenStore(path: path)
    let writer = TokenStore(path: path)
    #expect(reader.current(profile: "p") == nil)
    try writer.save(.init(token: "first", expires: 1), profile: "p", user: "ann")
    #expect(reader.current(profile: "p")?.token == .init(token: "first", expires: 1))
    try writer.save(.init(token: "second", expires: 2), profile: "p", user: "ann")
    #expect(reader.current(profile: "p")?.user == "ann")
    #expect(reader.current(profile: "p")?.token == .init(token: "second", expires: 2))
  }
}
