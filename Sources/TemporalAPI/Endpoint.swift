import TShellJSON

/// The endpoints of the Temporal v2 Account API: the wire contract client and server share.
public enum Endpoint: String, Sendable, CaseIterable {
  case login, register, refresh, verifyEmail, changePassword, upgrade, credits
  case forgotUsername, forgotPassword, forgotEmail, forgotEmailOriginal
  case newKey, listKeys, exportKey, username, usage

  /// `GET` or `POST`.
  public var method: HTTPMethod {
    switch self {
    case .refresh, .verifyEmail, .credits, .listKeys, .exportKey, .username, .usage: return .get
    default: return .post
    }
  }

  /// The path, with `{name}` style parameters.
  public var path: String {
    switch self {
    case .login: return "/v2/auth/login"
    case .register: return "/v2/auth/register"
    case .refresh: return "/v2/auth/refresh"
    case .verifyEmail: return "/v2/account/email/verify/{user}/{token}"
    case .changePassword: return "/v2/account/password/change"
    case .upgrade: return "/v2/account/upgrade"
    case .credits: return "/v2/account/credits/available"
    case .forgotUsername: return "/v2/forgot/username"
    case .forgotPassword: return "/v2/forgot/password"
    case .forgotEmail: return "/v2/forgot/email"
    case .forgotEmailOriginal: return "/v2/account/email/forgot"
    case .newKey: return "/v2/account/key/ipfs/new"
    case .listKeys: return "/v2/account/key/ipfs/get"
    case .exportKey: return "/v2/account/key/export/{name}"
    case .username: return "/v2/account/token/username"
    case .usage: return "/v2/account/usage"
    }
  }

  /// The path with its parameters filled in (percent-encoded).
  public func path(_ parameters: [String: String]) -> String {
    path(placeholder: { PercentEncoding.encodePathSegment(parameters[$0] ?? "") })
  }

  /// The path with each `{name}` parameter written as `placeholder(name)` (`:name` for a router).
  public func path(placeholder: (String) -> String) -> String {
    var result = ""
    var rest = Substring(path)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result += rest[..<open] + placeholder(String(rest[rest.index(after: open)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// The names of the path's parameters, in order.
  public var parameterNames: [String] {
    var names: [String] = []
    _ = path(placeholder: { name in
      names.append(name)
      return ""
    })
    return names
  }

  /// The path up to its first parameter: what every link to the endpoint starts with.
  public var pathPrefix: String {
    String(path.prefix { $0 != "{" })
  }

  /// Whether the request needs `Authorization: Bearer <token>`.
  public var requiresToken: Bool {
    switch self {
    case .login, .register, .refresh, .verifyEmail, .forgotUsername, .forgotPassword: return false
    default: return true
    }
  }

  /// The form the endpoint takes, if any.
  public var form: (any APIForm.Type)? {
    switch self {
    case .register: return RegisterForm.self
    case .changePassword: return PasswordChangeForm.self
    case .forgotUsername, .forgotPassword: return EmailForm.self
    case .newKey: return NewKeyForm.self
    default: return nil
    }
  }

  /// The required form fields, in the order the server checks them.
  public var formFields: [String] { form?.fieldNames ?? [] }

  /// What the endpoint does, for documentation.
  public var summary: String {
    switch self {
    case .login: return "Log in with a username (or email) and password; returns a JWT"
    case .register: return "Create an account; a verification mail is sent"
    case .refresh: return "Exchange a token for a fresh one (within 24 h of the original login)"
    case .verifyEmail: return "Verify an account's email address (the link of the registration mail)"
    case .changePassword: return "Change the password"
    case .upgrade: return "Upgrade a free account to the paid tier"
    case .credits: return "The account's credit balance in USD"
    case .forgotUsername: return "Mail the username to the account's address"
    case .forgotPassword: return "Reset the password and mail the new one"
    case .forgotEmail: return "The email address of the token's account"
    case .forgotEmailOriginal: return "The email address of the token's account (the original path)"
    case .newKey: return "Create an IPFS key (RSA or Ed25519) stored as <username>-<key_name>"
    case .listKeys: return "The account's key names and peer IDs"
    case .exportKey: return "Export a key as mnemonic words; the server deletes its copy"
    case .username: return "The username of the token"
    case .usage: return "The account's usage counters and tier limits"
    }
  }
}

/// The methods the API uses.
public enum HTTPMethod: String, Sendable, CaseIterable {
  case get = "GET"
  case post = "POST"
}

/// Percent-encoding for paths and form bodies.
public enum PercentEncoding {
  /// Encodes everything but unreserved characters (RFC 3986).
  public static func encodePathSegment(_ text: String) -> String {
    encode(text, keep: { $0.isUnreserved })
  }

  /// `application/x-www-form-urlencoded` encoding of one name or value (spaces as `+`).
  public static func encodeFormComponent(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      if byte.isUnreserved {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else if byte == 0x20 {
        output += "+"
      } else {
        output += "%" + hex(byte)
      }
    }
    return output
  }

  /// A form body from fields in order.
  public static func formBody(_ fields: [(String, String)]) -> String {
    fields.map { encodeFormComponent($0.0) + "=" + encodeFormComponent($0.1) }.joined(separator: "&")
  }

  /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`); invalid escapes stay as written.
  public static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      if byte == UInt8(ascii: "%"), index + 2 < utf8.count, let high = UTF16Escape.hexValue(utf8[index + 1]),
        let low = UTF16Escape.hexValue(utf8[index + 2])
      {
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Fields of an `application/x-www-form-urlencoded` body, in order.
  public static func formFields(_ body: String) -> [(String, String)] {
    body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return (decode(parts[0], plusIsSpace: true), parts.count > 1 ? decode(parts[1], plusIsSpace: true) : "")
    }
  }

  private static func encode(_ text: String, keep: (UInt8) -> Bool) -> String {
    var output = ""
    for byte in text.utf8 {
      if keep(byte) { output.unicodeScalars.append(Unicode.Scalar(byte)) } else { output += "%" + hex(byte) }
    }
    return output
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
  }

}

extension UInt8 {
  fileprivate var isUnreserved: Bool {
    (self | 0x20) &- UInt8(ascii: "a") < 26 || self &- UInt8(ascii: "0") < 10 || self == UInt8(ascii: "-")
      || self == UInt8(ascii: "_") || self == UInt8(ascii: ".") || self == UInt8(ascii: "~")
  }
}
