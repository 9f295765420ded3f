import TShellJSON

/// A form an endpoint takes: the client builds one and sends its `fields`, the server reads one
/// from what arrived, refusing it with the original's text when a field is missing. The field
/// names are written here and nowhere else.
public protocol APIForm: Sendable {
  /// The field names, in the order the server checks them.
  static var fieldNames: [String] { get }
  /// The fields to send, in order.
  var fields: [(String, String)] { get }
  /// The form from received fields: `field(name)` gives a field's value, nil when it is missing
  /// or empty (it may refuse a value, such as one with a control character).
  init(reading field: (String) throws(FormRefusal) -> String?) throws(FormRefusal)
}

/// Why a received form cannot be used: the 400 text.
public struct FormRefusal: Error, Sendable, Equatable {
  public var message: String
  /// The status to answer with: 400, or 413 for a form larger than any endpoint reads.
  public var status: Int

  public init(_ message: String, status: Int = 400) {
    self.message = message
    self.status = status
  }
}

extension APIForm {
  /// The value of a field that must be there: refused as `<field> not present` when it is not.
  static func required(_ name: String, _ field: (String) throws(FormRefusal) -> String?) throws(FormRefusal) -> String {
    guard let value = try field(name) else { throw FormRefusal(APIMessage.notPresent(name)) }
    return value
  }
}

/// `POST /v2/auth/register`.
public struct RegisterForm: APIForm, Equatable {
  public var username: String
  public var password: String
  public var emailAddress: String

  public init(username: String, password: String, emailAddress: String) {
    self.username = username
    self.password = password
    self.emailAddress = emailAddress
  }

  public static let fieldNames = ["username", "password", "email_address"]
  public var fields: [(String, String)] { [("username", username), ("password", password), ("email_address", emailAddress)] }

  public init(reading field: (String) throws(FormRefusal) -> String?) throws(FormRefusal) {
    username = try Self.required("username", field)
    password = try Self.required("password", field)
    emailAddress = try Self.required("email_address", field)
  }
}

/// `POST /v2/account/password/change`.
public struct PasswordChangeForm: APIForm, Equatable {
  public var oldPassword: String
  public var newPassword: String

  public init(oldPassword: String, newPassword: String) {
    self.oldPassword = oldPassword
    self.newPassword = newPassword
  }

  public static let fieldNames = ["old_password", "new_password"]
  public var fields: [(String, String)] { [("old_password", oldPassword), ("new_password", newPassword)] }

  public init(reading field: (String) throws(FormRefusal) -> String?) throws(FormRefusal) {
    oldPassword = try Self.required("old_password", field)
    newPassword = try Self.required("new_password", field)
  }
}

/// `POST /v2/forgot/username` and `/v2/forgot/password`: the account's address.
public struct EmailForm: APIForm, Equatable {
  public var emailAddress: String

  public init(emailAddress: String) { self.emailAddress = emailAddress }

  public static let fieldNames = ["email_address"]
  public var fields: [(String, String)] { [("email_address", emailAddress)] }

  public init(reading field: (String) throws(FormRefusal) -> String?) throws(FormRefusal) {
    emailAddress = try Self.required("email_address", field)
  }
}

/// `POST /v2/account/key/ipfs/new`. `key_size` is accepted as another name of `key_bits`; the
/// bits stay text, since the original answered Go's own parse errors for them.
public struct NewKeyForm: APIForm, Equatable {
  public var keyType: String
  public var keyBits: String
  public var keyName: String

  public init(keyType: String, keyBits: String, keyName: String) {
    self.keyType = keyType
    self.keyBits = keyBits
    self.keyName = keyName
  }

  public static let fieldNames = ["key_type", "key_bits", "key_name"]
  public var fields: [(String, String)] { [("key_type", keyType), ("key_bits", keyBits), ("key_name", keyName)] }

  public init(reading field: (String) throws(FormRefusal) -> String?) throws(FormRefusal) {
    keyType = try Self.required("key_type", field)
    let bits = try field("key_bits")
    let size = try field("key_size")
    guard let given = bits ?? size else { throw FormRefusal(APIMessage.notPresent("key_bits")) }
    keyBits = given
    keyName = try Self.required("key_name", field)
  }
}

/// `POST /v2/auth/login`: a JSON body, whatever the Content-Type. `username` may be the address.
public struct Credentials: Sendable, Equatable {
  public var username: String
  public var password: String

  public init(username: String, password: String) {
    self.username = username
    self.password = password
  }

  public var json: JSONValue {
    .object(JSONObject(distinctMembers: [("username", .string(username)), ("password", .string(password))]))
  }

  /// The credentials of a body; nil when either is missing or empty (the original's
  /// `Missing Username or Password`).
  public init?(_ body: JSONValue) {
    guard let username = body["username"]?.stringValue, !username.isEmpty,
      let password = body["password"]?.stringValue, !password.isEmpty
    else { return nil }
    self.init(username: username, password: password)
  }

  /// The fields, for the checks every stored or compared field gets.
  public var fields: [(String, String)] { [("username", username), ("password", password)] }
}

/// The name the server stores a key under: `<username>-<key_name>`, as the original did.
public enum StoredKeyName {
  public static func of(_ keyName: String, user: String) -> String { "\(user)-\(keyName)" }

  /// The key name a stored name was made from, when it is one of `user`'s.
  public static func keyName(_ stored: String, user: String) -> String? {
    let prefix = user + "-"
    return stored.hasPrefix(prefix) ? String(stored.dropFirst(prefix.count)) : nil
  }
}
