import Foundation
import TShellJSON
import TemporalAPI

/// An exchange with the server: the request, its response (nil when none came), how long it
/// took, and the values that must be hidden when it is shown.
public struct Exchange: Sendable {
  public var request: HTTPRequestSpec
  public var response: HTTPResponseSpec?
  public var seconds: Double
  /// Secret values in the request (passwords), replaced when shown.
  public var secrets: [String]
}

/// An answer the server gave with an error status.
public struct APIError: Error, Sendable, CustomStringConvertible {
  public var status: Int
  /// The server's text: `response` or `message` of its JSON body, or the body itself.
  public var message: String
  /// The whole body (JSON when it was JSON).
  public var body: JSONValue

  public var description: String { "\(status): \(message)" }
}

/// Why a request has no answer to give.
public enum ClientError: Error, Sendable, CustomStringConvertible {
  case transport(TransportError)
  /// A mistake in what the user asked for (no profile of that name).
  case usage(String)
  /// A file that cannot be written or is already there: a state of the machine (exit 1).
  case file(String)
  /// No token to send: a state, not a mistake, answered like the 401 it stands for.
  case notLoggedIn
  /// Ctrl-C: the request, or the wait before retrying it, was called off.
  case cancelled

  public var description: String {
    switch self {
    case .transport(let error): return error.description
    case .usage(let message): return message
    case .file(let message): return message
    case .notLoggedIn: return "not logged in: run login USER first (or set TSHELL_TOKEN)"
    case .cancelled: return "interrupted"
    }
  }
}

/// A successful answer: the status and the parsed body.
public struct APIReply: Sendable {
  public var status: Int
  public var body: JSONValue

  /// The `response` of an envelope, or the whole body (login and refresh have no envelope).
  public var value: JSONValue { APIEnvelope.value(of: body) }
}

/// What a request came to: the server's answer, or in a dry run the request as a curl command
/// line, with nothing sent.
public enum APIOutcome: Sendable {
  case answered(APIReply)
  case dryRun(curl: String)

  /// The answer's value (`response` of the envelope); nil for a dry run.
  public var value: JSONValue? {
    guard case .answered(let reply) = self else { return nil }
    return reply.value
  }

  /// The whole body of the answer; nil for a dry run.
  public var body: JSONValue? {
    guard case .answered(let reply) = self else { return nil }
    return reply.body
  }
}

/// Sends API requests: form or JSON bodies, the `User-Agent`, retries of idempotent requests;
/// remembers the last exchange for `response` and `curl`.
public final class APIClient: @unchecked Sendable {
  public let baseURL: String
  public var timeout: Double
  public var retryPolicy: RetryPolicy
  let transport: any HTTPTransport
  let userAgent: String
  /// Waits between retries; returns false when the wait was cancelled.
  let wait: @Sendable (Double) -> Bool
  private let lock = NSLock()
  private var last: Exchange?

  public init(
    baseURL: String, transport: any HTTPTransport, userAgent: String, timeout: Double = 30,
    retryPolicy: RetryPolicy = RetryPolicy(),
    wait: @escaping @Sendable (Double) -> Bool = {
      Thread.sleep(forTimeInterval: $0)
      return true
    }
  ) {
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    self.transport = transport
    self.userAgent = userAgent
    self.timeout = timeout
    self.retryPolicy = retryPolicy
    self.wait = wait
  }

  /// The most recent exchange.
  public var lastExchange: Exchange? { lock.withLock { last } }

  /// Builds the request for `method path` with a form, a JSON body, or neither.
  public func makeRequest(
    _ method: String, _ path: String, form: [(String, String)]? = nil, json: JSONValue? = nil,
    token: String? = nil
  ) -> HTTPRequestSpec {
    var headers: [(name: String, value: String)] = [("User-Agent", userAgent), ("Accept", "application/json")]
    if let token { headers.append(("Authorization", "Bearer \(token)")) }
    var body: [UInt8]? = nil
    if let form {
      headers.append(("Content-Type", "application/x-www-form-urlencoded"))
      body = Array(PercentEncoding.formBody(form).utf8)
    } else if let json {
      headers.append(("Content-Type", "application/json"))
      body = Array(JSONPrinter.string(json).utf8)
    }
    return HTTPRequestSpec(method: method, url: baseURL + path, headers: headers, body: body)
  }

  /// Sends a request (retrying what the policy allows) and returns the 2xx answer; other
  /// statuses throw `APIError`, failures to get an answer `ClientError`. Unless `remembered` is
  /// false (a lookup a command makes on the side), the exchange is the one `response` shows.
  public func send(_ request: HTTPRequestSpec, secrets: [String] = [], retry: Bool? = nil, remembered: Bool = true) throws
    -> APIReply
  {
    let retries = retry ?? (request.method == "GET" || request.method == "HEAD")
    var attempt = 0
    var waited = 0.0
    while true {
      let start = Date()
      let outcome: Result<HTTPResponseSpec, TransportError>
      do {
        outcome = .success(try transport.send(request, timeout: timeout))
      } catch {
        outcome = .failure(error)
      }
      let response = try? outcome.get()
      if remembered {
        remember(Exchange(request: request, response: response, seconds: Date().timeIntervalSince(start), secrets: secrets))
      }
      if retries, let delay = retryPolicy.delay(after: outcome, attempt: attempt, waited: waited) {
        guard wait(delay) else { throw ClientError.cancelled }
        waited += delay
        attempt += 1
        continue
      }
      switch outcome {
      case .failure(let error) where error.kind == .cancelled: throw ClientError.cancelled
      case .failure(let error): throw ClientError.transport(error)
      case .success(let response): return try APIClient.interpret(response)
      }
    }
  }

  /// A 2xx body as JSON (or as text), or the `APIError` of another status.
  static func interpret(_ response: HTTPResponseSpec) throws -> APIReply {
    let parsed = try? JSONValue(parsing: response.body)
    let body = parsed ?? .string(String(decoding: response.body, as: UTF8.self))
    guard (200..<300).contains(response.status) else {
      let text = String(decoding: response.body, as: UTF8.self)
      let message = APIEnvelope.errorText(of: body) ?? (text.isEmpty ? "HTTP \(response.status)" : text)
      throw APIError(status: response.status, message: message.trimmingCharacters(in: .whitespacesAndNewlines), body: body)
    }
    return APIReply(status: response.status, body: body)
  }

  private func remember(_ exchange: Exchange) {
    lock.withLock { last = exchange }
  }
}
