import TShellJSON
import TShellLanguage
import TemporalAPI
import TemporalClient

/// `get` and `post` of any path, and the last exchange: `response` and `curl`.
enum RequestCommands {
  static let all: [Command] = [
    Command(
      name: "get", group: "data", summary: "GET any API path (with the token when logged in); gives the answer's response member",
      usage: "get PATH [field=value…]", example: "get /v2/account/usage", flags: [SharedFlag.retry, SharedFlag.dryRun]
    ) {
      try send(.get, $0)
    },
    Command(
      name: "post", group: "data", summary: "POST a form to any API path (a JSON object to /v2/auth/login)",
      usage: "post PATH field=value…",
      example: "post /v2/forgot/username email_address=ann@example.com", flags: [SharedFlag.retry, SharedFlag.dryRun]
    ) {
      try send(.post, $0)
    },
    Command(name: "response", group: "data", summary: "the last exchange: status, headers, time, body", usage: "response") {
      try lastResponse($0)
    },
    Command(
      name: "curl", group: "data", summary: "the last request as a curl command line ($TSHELL_TOKEN for the token)",
      usage: "curl [--show-secrets]", flags: [FlagDescription("show-secrets")]
    ) { context in
      let exchange = try lastExchange(context)
      context.io.writeOutput(
        CurlCommand(exchange.request, secrets: exchange.secrets, showSecrets: context.has("show-secrets")).text + "\n")
      context.sessions.noteEmbeddedAddress()
      return nil
    },
  ]

  /// `get PATH [field=value…]` (fields as the query) and `post PATH field=value…` (a form).
  private static func send(_ method: HTTPMethod, _ context: CommandContext) throws -> JSONValue? {
    var path = try context.string(0, "PATH")
    if let range = path.firstRange(of: "://") {
      path = String(path[range.upperBound...].drop { $0 != "/" })
    }
    guard path.hasPrefix("/") else { throw context.fail("PATH must start with /, as in /v2/account/usage") }
    var fields: [(String, String)] = []
    for word in context.words.dropFirst() {
      guard case .string(let text) = word, let equals = text.firstIndex(of: "=") else {
        throw context.fail("fields are written name=value")
      }
      fields.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
    }
    if method == .get && !fields.isEmpty {
      path += (path.contains("?") ? "&" : "?") + PercentEncoding.formBody(fields)
    }
    // Fields named like secrets (`password=…`, `token=…`) stay out of curl lines and dry runs.
    let secrets = fields.filter { Redaction.isSecretName($0.0) }.map(\.1)
    // The login route reads a JSON body, so its fields go as one; every other POST is a form.
    let json = method == .post && path == Endpoint.login.path
    let outcome = try context.session().send(
      method.rawValue, path, token: .whenAvailable, form: method == .post && !json ? fields : nil,
      json: json ? .object(JSONObject(distinctMembers: fields.map { ($0.0, JSONValue.string($0.1)) })) : nil,
      secrets: secrets, retry: context.retry, dryRun: context.dryRun)
    return context.value(of: outcome)
  }

  private static func lastExchange(_ context: CommandContext) throws -> Exchange {
    guard let exchange = context.sessions.existingSession?.client.lastExchange else {
      throw LanguageError(.usage, "no request has been sent yet")
    }
    return exchange
  }

  /// The last exchange: `{method, url, status, headers, seconds, body}`.
  private static func lastResponse(_ context: CommandContext) throws -> JSONValue? {
    let exchange = try lastExchange(context)
    var object = JSONObject()
    object["method"] = .string(exchange.request.method)
    object["url"] = .string(exchange.request.url)
    object["status"] = exchange.response.map { .int($0.status) } ?? .null
    var headers = JSONObject()
    for header in exchange.response?.headers ?? [] { headers[header.name.lowercased()] = .string(header.value) }
    object["headers"] = .object(headers)
    object["seconds"] = .double((exchange.seconds * 1_000_000).rounded() / 1_000_000)
    let body = exchange.response?.body ?? []
    object["body"] = (try? JSONValue(parsing: body)) ?? .string(String(decoding: body, as: UTF8.self))
    return .object(object)
  }
}
