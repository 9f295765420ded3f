import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient

/// `get`, `post`, `response`, `curl`, `mail`, `connect`.
extension APICommands {
  /// `get PATH [field=value…]` (fields as the query) and `post PATH field=value…` (a form).
  func raw(_ invocation: CommandInvocation) throws -> JSONValue? {
    let arguments = CommandArguments(invocation, dropping: 0, usage: usage(invocation.name))
    var path = try arguments.string(0, "PATH")
    if let range = path.range(of: "://") {
      path = String(path[range.upperBound...].drop { $0 != "/" })
    }
    guard path.hasPrefix("/") else { throw arguments.fail("PATH must start with /, as in /v2/account/usage") }
    var fields: [(String, String)] = []
    for word in arguments.words.dropFirst() {
      guard case .string(let text) = word, let equals = text.firstIndex(of: "=") else {
        throw arguments.fail("fields are written name=value")
      }
      fields.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
    }
    let session = try self.session()
    let dry = dryRun(arguments) || session.dryRun
    let retry: Bool? = arguments.has("retry") ? true : nil
    if invocation.name == "get" && !fields.isEmpty {
      path += (path.contains("?") ? "&" : "?") + PercentEncoding.formBody(fields)
    }
    let form = invocation.name == "post" ? fields : nil
    let method = invocation.name == "get" ? "GET" : "POST"
    let reply: APIReply
    if session.user != nil || TShellHome.environment("TSHELL_TOKEN") != nil {
      reply = try session.authorized(method: method, path: path, form: form, retry: retry, dryRun: dry)
    } else {
      reply = try session.client.send(session.client.makeRequest(method, path, form: form), retry: retry, dryRun: dry)
    }
    return reply.body
  }

  /// The last exchange: `{status, headers, seconds, body, method, url}`.
  func lastResponse() throws -> JSONValue? {
    guard let exchange = environment.session?.client.lastExchange else {
      throw LanguageError(.usage, "no request has been sent yet")
    }
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

  /// Prints the last request as a curl command line.
  func curl(_ arguments: CommandArguments) throws -> JSONValue? {
    guard let exchange = environment.session?.client.lastExchange else {
      throw LanguageError(.usage, "no request has been sent yet")
    }
    writeOutput(CurlCommand(exchange.request, secrets: exchange.secrets, showSecrets: arguments.has("show-secrets")).text + "\n")
    return nil
  }

  /// `mail`: the outbox of the embedded server; `mail show ID|last`: one message.
  func mail(_ arguments: CommandArguments) throws -> JSONValue? {
    _ = try session()
    guard let embedded = environment.embedded, environment.session?.profile == "embedded" else {
      throw LanguageError(.usage, "mail reads the embedded server's outbox; connect --embedded first")
    }
    let messages = try Outbox(directory: embedded.mailDirectory).messages()
    switch arguments.optional(0) {
    case nil:
      return .array(messages.map { message in
        ["id": .string(message.id), "to": message.mail["to"] ?? .null, "subject": message.mail["subject"] ?? .null]
      })
    case "show":
      let wanted = try arguments.string(1, "ID")
      guard let message = wanted == "last" ? messages.last : messages.first(where: { $0.id == wanted }) else {
        throw LanguageError(.usage, "no mail \(wanted) in the outbox")
      }
      return message.mail
    case let other?:
      throw arguments.fail("unknown mail command '\(other)'")
    }
  }

  /// `connect URL`, `connect --embedded`, `connect --profile NAME`; alone, the current endpoint.
  func connect(_ arguments: CommandArguments) throws -> JSONValue? {
    let profiles = environment.profiles
    let session: Session
    if arguments.has("embedded") {
      try profiles.use(ProfileStore.embedded)
      session = try environment.connect(profile: ProfileStore.embedded, url: nil)
    } else if let name = arguments.value("profile") {
      let known = try profiles.url(of: name) != nil
      guard name == ProfileStore.embedded || known else {
        throw arguments.fail("there is no profile named '\(name)'")
      }
      try profiles.use(name)
      session = try environment.connect(profile: name, url: nil)
    } else if let url = arguments.optional(0) {
      let checked = try ClientEnvironment.checked(url)
      let name = arguments.value("name") ?? URL(string: checked).map { ($0.host ?? "remote") + ($0.port.map { ":\($0)" } ?? "") } ?? "remote"
      try profiles.use(name, url: checked)
      session = try environment.connect(profile: name, url: checked)
    } else {
      session = try self.session()
    }
    return ["profile": .string(session.profile), "url": .string(session.baseURL), "user": session.user.map(JSONValue.string) ?? .null]
  }
}
