import TShellJSON
import TemporalAPI
import Testing

/// The contract client and server share: every form survives the trip from the client's fields
/// to the server's reading, every path from its parameters to its segments, and the bodies from
/// their values to JSON and back.
@Suite("The wire contract")
struct ContractTests {
  /// Reads a form from fields as the server receives them (a body's fields, decoded).
  static func received<Form: APIForm>(_ type: Form.Type, _ body: String) throws(FormRefusal) -> Form {
    let fields = PercentEncoding.formFields(body)
    return try Form { name in fields.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 } }
  }

  /// `form` sent as a urlencoded body and read back.
  static func roundTrip<Form: APIForm>(_ form: Form) throws(FormRefusal) -> Form {
    try received(Form.self, PercentEncoding.formBody(form.fields))
  }

  @Test func everyFormRoundTrips() throws {
    let register = RegisterForm(username: "añn & co", password: "p=a+s s%", emailAddress: "ann@example.com")
    #expect(try ContractTests.roundTrip(register) == register)
    let change = PasswordChangeForm(oldPassword: "old one", newPassword: "new&one")
    #expect(try ContractTests.roundTrip(change) == change)
    let email = EmailForm(emailAddress: "bo@example.com")
    #expect(try ContractTests.roundTrip(email) == email)
    let key = NewKeyForm(keyType: "RSA", keyBits: "4096", keyName: "lap top/ü")
    #expect(try ContractTests.roundTrip(key) == key)
  }

  @Test func endpointsListTheFieldsOfTheirForms() {
    #expect(Endpoint.register.formFields == ["username", "password", "email_address"])
    #expect(Endpoint.changePassword.formFields == ["old_password", "new_password"])
    #expect(Endpoint.forgotUsername.formFields == ["email_address"])
    #expect(Endpoint.forgotPassword.formFields == ["email_address"])
    #expect(Endpoint.newKey.formFields == ["key_type", "key_bits", "key_name"])
    for endpoint in Endpoint.allCases where endpoint.form == nil { #expect(endpoint.formFields.isEmpty, "\(endpoint)") }
    for endpoint in Endpoint.allCases where endpoint.form != nil { #expect(endpoint.method == .post, "\(endpoint)") }
  }

  @Test func theFirstMissingFieldIsNamedInTheServersOrder() {
    #expect(throws: FormRefusal("username not present")) { try ContractTests.received(RegisterForm.self, "") }
    #expect(throws: FormRefusal("password not present")) {
      try ContractTests.received(RegisterForm.self, "username=ann&email_address=a%40b")
    }
    #expect(throws: FormRefusal("email_address not present")) {
      try ContractTests.received(RegisterForm.self, "username=ann&password=x&email_address=")
    }
    #expect(throws: FormRefusal("new_password not present")) {
      try ContractTests.received(PasswordChangeForm.self, "old_password=x")
    }
    #expect(throws: FormRefusal("key_bits not present")) {
      try ContractTests.received(NewKeyForm.self, "key_type=rsa&key_name=a")
    }
  }

  @Test func keySizeIsAnotherNameOfKeyBits() throws {
    let form = try ContractTests.received(NewKeyForm.self, "key_type=rsa&key_size=3072&key_name=a")
    #expect(form == NewKeyForm(keyType: "rsa", keyBits: "3072", keyName: "a"))
    let both = try ContractTests.received(NewKeyForm.self, "key_type=rsa&key_size=3072&key_bits=4096&key_name=a")
    #expect(both.keyBits == "4096")
  }

  @Test func credentialsTravelAsJSON() throws {
    let credentials = Credentials(username: "ann", password: "correct horse")
    #expect(JSONPrinter.string(credentials.json) == #"{"username":"ann","password":"correct horse"}"#)
    #expect(Credentials(try JSONValue(parsing: JSONPrinter.string(credentials.json))) == credentials)
    #expect(Credentials(["username": "ann"]) == nil)
    #expect(Credentials(["username": "ann", "password": ""]) == nil)
    #expect(Credentials(["username": "ann", "password": 3]) == nil)
  }

  @Test func everyPathCarriesItsParameters() {
    let values = ["user": "añn b/c", "token": "a.b-c", "name": "50% off?"]
    for endpoint in Endpoint.allCases {
      let path = endpoint.path(values)
      #expect(path.hasPrefix("/v2/"), "\(endpoint)")
      let segments = path.split(separator: "/", omittingEmptySubsequences: false)
      let template = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
      #expect(segments.count == template.count, "\(endpoint): \(path)")
      var found: [String] = []
      for (segment, pattern) in zip(segments, template) {
        if pattern.hasPrefix("{") {
          let name = String(pattern.dropFirst().dropLast())
          #expect(PercentEncoding.decode(segment, plusIsSpace: false) == values[name], "\(endpoint) \(name)")
          found.append(name)
        } else {
          #expect(segment == pattern, "\(endpoint)")
        }
      }
      #expect(found == endpoint.parameterNames, "\(endpoint)")
      #expect(endpoint.path(placeholder: { ":" + $0 }).contains("{") == false)
    }
    #expect(Endpoint.exportKey.path(["name": "a b"]) == "/v2/account/key/export/a%20b")
    #expect(Endpoint.verifyEmail.pathPrefix == "/v2/account/email/verify/")
  }

  @Test func tokensGoWhereTheEndpointsSay() {
    let open: Set<Endpoint> = [.login, .register, .refresh, .verifyEmail, .forgotUsername, .forgotPassword]
    for endpoint in Endpoint.allCases { #expect(endpoint.requiresToken == !open.contains(endpoint), "\(endpoint)") }
  }

  @Test func storedKeyNamesRoundTrip() {
    #expect(StoredKeyName.of("laptop", user: "ann") == "ann-laptop")
    #expect(StoredKeyName.keyName("ann-laptop", user: "ann") == "laptop")
    #expect(StoredKeyName.keyName("ann-x-y", user: "ann") == "x-y")
    #expect(StoredKeyName.keyName("bob-laptop", user: "ann") == nil)
  }

  @Test func bodiesRoundTrip() throws {
    let envelope = APIEnvelope(code: 409, response: "key name already exists")
    #expect(JSONPrinter.string(envelope.json) == #"{"code":409,"response":"key name already exists"}"#)
    #expect(APIEnvelope.errorText(of: envelope.json) == "key name already exists")
    let message = APIEnvelope.message(code: 401, APIMessage.incorrectCredentials)
    #expect(APIEnvelope.errorText(of: message) == "Incorrect Username / Password")
    let grant = TokenGrant(token: "a.b.c", expire: "2026-12-06T10:00:00Z")
    #expect(TokenGrant(try JSONValue(parsing: JSONPrinter.string(grant.json))) == grant)
    #expect(APIEnvelope.value(of: grant.json) == grant.json)
    #expect(APIEnvelope.value(of: envelope.json) == "key name already exists")
  }

  @Test func formBodiesEncodeEveryByteTheyMust() {
    let fields = [("a b", "c&d=e+f%"), ("ü", "\u{1F600}"), ("empty", "")]
    let body = PercentEncoding.formBody(fields)
    #expect(body == "a+b=c%26d%3De%2Bf%25&%C3%BC=%F0%9F%98%80&empty=")
    #expect(PercentEncoding.formFields(body).map { [$0.0, $0.1] } == fields.map { [$0.0, $0.1] })
  }
}
