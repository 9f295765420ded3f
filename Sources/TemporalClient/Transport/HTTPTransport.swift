/// One HTTP request as the client sends it.
public struct HTTPRequestSpec: Sendable, Equatable {
  public var method: String
  public var url: String
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]?

  public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }

  public func header(_ name: String) -> String? {
    headers.last { $0.name.lowercased() == name.lowercased() }?.value
  }

  public static func == (lhs: HTTPRequestSpec, rhs: HTTPRequestSpec) -> Bool {
    lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
      && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
  }
}

/// One HTTP response.
public struct HTTPResponseSpec: Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  public func header(_ name: String) -> String? {
    headers.last { $0.name.lowercased() == name.lowercased() }?.value
  }
}

/// Why a request got no HTTP response.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The server could not be reached (refused, unreachable, reset).
    case connection
    /// No answer in time.
    case timeout
    /// The URL is not one the client can use.
    case invalidURL
    /// The wait was called off (Ctrl-C).
    case cancelled
  }

  public var kind: Kind
  public var description: String

  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
  }

  /// A duration as messages show it: `30 s`, `0.5 s`.
  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
  }
}

/// Sends requests and waits for their responses. The client core talks to the API only through
/// this, so tests can answer in memory.
public protocol HTTPTransport: Sendable {
  /// Sends `request`, waiting at most `timeout` seconds for the whole exchange.
  func send(_ request: HTTPRequestSpec, timeout: Double) throws(TransportError) -> HTTPResponseSpec
}

/// A transport that answers with a function, for tests.
public struct InMemoryTransport: HTTPTransport {
  private let respond: @Sendable (HTTPRequestSpec) throws(TransportError) -> HTTPResponseSpec

  public init(_ respond: @escaping @Sendable (HTTPRequestSpec) throws(TransportError) -> HTTPResponseSpec) {
    self.respond = respond
  }

  public func send(_ request: HTTPRequestSpec, timeout: Double) throws(TransportError) -> HTTPResponseSpec {
    try respond(request)
  }
}
