import TShellJSON

/// The bodies of the original server: `{"code", "response"}` from every handler, success or not;
/// `{"code", "message"}` from the auth middleware and login; `{"expire", "token"}` from login and
/// refresh. The server encodes them and the client decodes them here, and nowhere else.
public struct APIEnvelope: Sendable, Equatable {
  /// Equal to the HTTP status.
  public var code: Int
  public var response: JSONValue

  public init(code: Int, response: JSONValue) {
    self.code = code
    self.response = response
  }

  /// `{"code": code, "response": response}`.
  public var json: JSONValue {
    .object(JSONObject(distinctMembers: [("code", .int(code)), ("response", response)]))
  }

  /// `{"code": code, "message": text}`: the middleware's error body.
  public static func message(code: Int, _ text: String) -> JSONValue {
    .object(JSONObject(distinctMembers: [("code", .int(code)), ("message", .string(text))]))
  }

  /// What a successful body carries: its `response`, or the whole body where there is no
  /// envelope (login and refresh).
  public static func value(of body: JSONValue) -> JSONValue {
    body["response"] ?? body
  }

  /// The server's text in an error body: its `response` or its `message`, nil when it has neither.
  public static func errorText(of body: JSONValue) -> String? {
    body["response"]?.stringValue ?? body["message"]?.stringValue
  }
}

/// `{"expire": RFC 3339, "token": jwt}`: what login and refresh answer.
public struct TokenGrant: Sendable, Equatable {
  public var token: String
  /// `2026-11-24T14:37:59Z`.
  public var expire: String

  public init(token: String, expire: String) {
    self.token = token
    self.expire = expire
  }

  /// The grant in a body, nil when the body has no token.
  public init?(_ body: JSONValue) {
    guard let token = body["token"]?.stringValue else { return nil }
    self.init(token: token, expire: body["expire"]?.stringValue ?? "")
  }

  public var json: JSONValue {
    .object(JSONObject(distinctMembers: [("expire", .string(expire)), ("token", .string(token))]))
  }
}
