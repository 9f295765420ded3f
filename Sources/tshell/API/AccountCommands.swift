import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient

/// Registration, login and the account endpoints.
extension APICommands {
  /// A dry run's stand-in for a password nobody gave; curl lines show it as `$TSHELL_PASSWORD`.
  static let passwordPlaceholder = "tshell-password-placeholder"

  func runAccount(_ invocation: CommandInvocation) throws -> JSONValue? {
    let arguments = CommandArguments(invocation, dropping: 0, usage: usage(invocation.name))
    let dry = dryRun(arguments)
    switch invocation.name {
    case "register":
      let username = try arguments.string(0, "USER")
      let email = try arguments.string(1, "EMAIL")
      let password = try self.password(arguments, positional: 2, prompt: "Password for \(username): ", confirm: true)
      return try session().call(.register, form: [("username", username), ("password", password), ("email_address", email)],
        secrets: [password], dryRun: dry).value
    case "verify":
      return try verify(arguments)
    case "login":
      let username = try arguments.string(0, "USER")
      let password = try self.password(arguments, positional: 1, prompt: "Password for \(username): ")
      let session = try self.session()
      if dry || session.dryRun {
        _ = try session.call(.login, json: ["username": .string(username), "password": .string(password)], secrets: [password], dryRun: true)
        return nil
      }
      return try session.login(username, password: password).body
    case "logout":
      try arguments.expectAtMost(0)
      try session().logout()
      writeError("logged out\n")
      return nil
    case "refresh":
      return try session().refresh().body
    case "whoami":
      return try session().authorized(.username, dryRun: dry).value
    case "credits":
      return try session().authorized(.credits, dryRun: dry).value
    case "usage":
      return try session().authorized(.usage, dryRun: dry).value
    case "upgrade":
      let session = try self.session()
      if !arguments.has("yes") && !dry {
        guard prompter.isInteractive else {
          throw arguments.fail("upgrade needs --yes when not asked on a terminal: the paid tier cannot be undone")
        }
        guard prompter.confirm("Upgrade \(session.user ?? "this account") to the paid tier? This cannot be undone.") else {
          writeError("not upgraded\n")
          return nil
        }
      }
      return try session.authorized(.upgrade, dryRun: dry).value
    default:
      throw LanguageError(.runtime, "unknown command '\(invocation.name)'")
    }
  }

  func runForgot(_ subcommand: String?, _ invocation: CommandInvocation) throws -> JSONValue? {
    let arguments = CommandArguments(invocation, dropping: 1, usage: usage("forgot \(subcommand ?? "")"))
    let dry = dryRun(arguments)
    switch subcommand {
    case "username", "password":
      let email = try arguments.string(0, "EMAIL")
      let endpoint: Endpoint = subcommand == "username" ? .forgotUsername : .forgotPassword
      return try session().call(endpoint, form: [("email_address", email)], dryRun: dry).value
    case "email":
      return try session().authorized(.forgotEmail, dryRun: dry).value
    default:
      throw unknownSubcommand("forgot", subcommand, ["username", "password", "email"])
    }
  }

  func changePassword(_ arguments: CommandArguments) throws -> JSONValue? {
    let old: String
    let new: String
    if let variable = arguments.value("old-password-env"), let newVariable = arguments.value("new-password-env") {
      old = try environmentPassword(variable, arguments)
      new = try environmentPassword(newVariable, arguments)
    } else if arguments.has("password-stdin") {
      guard !scriptOnStandardInput else { throw arguments.fail("--password-stdin cannot be used when the script comes from standard input") }
      guard let first = readLine(), let second = readLine(), !first.isEmpty, !second.isEmpty else {
        throw arguments.fail("--password-stdin needs two lines on standard input: the current password, then the new one")
      }
      (old, new) = (first, second)
    } else {
      guard prompter.isInteractive, let current = prompter.password("Current password: "),
        let chosen = try askTwice("New password: ")
      else {
        throw arguments.fail("password change asks for the passwords on a terminal; in scripts use --old-password-env VAR --new-password-env VAR or --password-stdin")
      }
      (old, new) = (current, chosen)
    }
    return try session().authorized(.changePassword, form: [("old_password", old), ("new_password", new)], secrets: [old, new],
      dryRun: dryRun(arguments)).value
  }

  /// `verify` with no words follows the newest link in the embedded server's outbox.
  private func verify(_ arguments: CommandArguments) throws -> JSONValue? {
    let session = try self.session()
    let path: String
    switch arguments.words.count {
    case 0:
      guard let embedded = environment.embedded, session.profile == "embedded" else {
        throw arguments.fail("verify needs the link from the verification mail (or USER TOKEN) when the server is not the embedded one")
      }
      guard let link = try Outbox(directory: embedded.mailDirectory).newestVerificationLink() else {
        throw LanguageError(.runtime, "no verification mail in the outbox", hint: "register USER EMAIL sends one")
      }
      path = link
    case 1:
      let link = try arguments.string(0, "LINK")
      guard let range = link.range(of: "/v2/account/email/verify/") else {
        throw arguments.fail("'\(link)' is not a verification link")
      }
      path = String(link[range.lowerBound...])
    default:
      try arguments.expectAtMost(2)
      path = Endpoint.verifyEmail.path(["user": try arguments.string(0, "USER"), "token": try arguments.string(1, "TOKEN")])
    }
    let request = session.client.makeRequest("GET", path)
    return try session.client.send(request, dryRun: dryRun(arguments) || session.dryRun).value
  }

  /// A password from `--password-env`, `--password-stdin`, a word (with a warning), or the terminal.
  func password(_ arguments: CommandArguments, positional: Int, prompt: String, confirm: Bool = false) throws -> String {
    if let variable = arguments.value("password-env") { return try environmentPassword(variable, arguments) }
    if arguments.has("password-stdin") {
      guard !scriptOnStandardInput else { throw arguments.fail("--password-stdin cannot be used when the script comes from standard input") }
      guard let line = readLine(), !line.isEmpty else { throw arguments.fail("no password on standard input") }
      return line
    }
    if let given = arguments.optional(positional) {
      writeError("warning: a password given as a word can end up in shell history; use the prompt, --password-env or --password-stdin\n")
      return given
    }
    if environment.options.dryRun || arguments.has("dry-run") { return APICommands.passwordPlaceholder }
    guard prompter.isInteractive else {
      throw arguments.fail("a password is needed: on a terminal it is asked for; in scripts use --password-env VAR or --password-stdin")
    }
    guard let password = confirm ? try askTwice(prompt) : prompter.password(prompt), !password.isEmpty else {
      throw arguments.fail("no password given")
    }
    return password
  }

  private func askTwice(_ prompt: String) throws -> String? {
    guard let first = prompter.password(prompt) else { return nil }
    guard prompter.password("Again: ") == first else { throw LanguageError(.usage, "the two passwords differ") }
    return first
  }

  private func environmentPassword(_ variable: String, _ arguments: CommandArguments) throws -> String {
    guard let value = TShellHome.environment(variable), !value.isEmpty else {
      if environment.options.dryRun || arguments.has("dry-run") { return APICommands.passwordPlaceholder }
      throw arguments.fail("the environment variable \(variable) is not set or empty")
    }
    return value
  }
}

/// The mail outbox of the embedded server: one JSON file per message, oldest first.
struct Outbox {
  let directory: String

  func messages() throws -> [(id: String, mail: JSONValue)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
      guard let data = FileManager.default.contents(atPath: directory + "/" + name),
        let mail = try? JSONValue(parsing: [UInt8](data))
      else { return nil }
      return (String(name.dropLast(5)), mail)
    }
  }

  /// The path of the newest verification link.
  func newestVerificationLink() throws -> String? {
    for message in try messages().reversed() {
      guard let content = message.mail["content"]?.stringValue, let range = content.range(of: "/v2/account/email/verify/") else { continue }
      return String(content[range.lowerBound...].prefix { $0 != "\"" && $0 != "<" && $0 != " " })
    }
    return nil
  }
}
