import TShellJSON
import TShellLanguage
import TemporalAPI
import TemporalClient

/// Registration, verification, login and the account's own endpoints.
enum AccountCommands {
  static let all: [Command] = [
    Command(
      name: "register", group: "account", summary: "create an account; a verification mail is sent",
      usage: "register USER EMAIL [--password-env VAR | --password-stdin]", example: "register ann ann@example.com",
      flags: [SharedFlag.passwordEnv, SharedFlag.passwordStdin, SharedFlag.dryRun], secretArgument: 2,
      replay: SharedFlag.passwordReplay
    ) { context in
      let username = try context.string(0, "USER")
      let email = try context.string(1, "EMAIL")
      let password = try Passwords.password(context, positional: 2, prompt: "Password for \(username): ", confirm: true)
      let registered = try context.send(
        .register, form: RegisterForm(username: username, password: password, emailAddress: email), secrets: [password])
      if registered != nil, context.io.prompter.isInteractive {
        let verify = context.sessions.embedded != nil ? "verify" : "verify LINK (the link in the mail to \(email))"
        context.io.writeError("next: \(verify), then login \(username)\n")
      }
      return registered
    },
    Command(
      name: "verify", group: "account",
      summary: "verify an email address: the newest mailed link (embedded server), a LINK, or USER TOKEN",
      usage: "verify [LINK | USER TOKEN]", example: "verify", flags: [SharedFlag.dryRun], replay: .withoutWords, run: verify),
    Command(
      name: "login", group: "account",
      summary: "log in; the token is kept for later runs and the value is {user, expire} (token prints the token)",
      usage: "login USER [--password-env VAR | --password-stdin]", example: "login ann",
      flags: [SharedFlag.passwordEnv, SharedFlag.passwordStdin, SharedFlag.dryRun], secretArgument: 1,
      replay: SharedFlag.passwordReplay
    ) { context in
      let username = try context.string(0, "USER")
      let password = try Passwords.password(context, positional: 1, prompt: "Password for \(username): ")
      do {
        let session = try context.session()
        return grant(try session.login(username, password: password, dryRun: context.dryRun), session, context)
      } catch let error as APIError where error.status == 401 {
        // The server's text and status stay the original's; what to try next is the hint.
        throw LanguageError(
          .api, error.message, hint: "wrong password, or the address is not verified yet (verify)", status: error.status,
          response: error.body)
      }
    },
    Command(name: "logout", group: "account", summary: "forget the current user's token", usage: "logout") { context in
      try context.expectAtMost(0)
      let user = try context.session().logout()
      context.io.writeError(user.map { "logged out \($0)\n" } ?? "not logged in; nothing to do\n")
      return nil
    },
    Command(
      name: "refresh", group: "account", summary: "exchange the token for a fresh one; the value is {user, expire}",
      usage: "refresh", flags: [SharedFlag.dryRun]
    ) { context in
      let session = try context.session()
      return grant(try session.refresh(dryRun: context.dryRun), session, context)
    },
    Command(
      name: "token", group: "account",
      summary: "the bearer token, refreshed when due: printed on purpose, for tools that need it (like gh auth token)",
      usage: "token", example: "curl -H \"Authorization: Bearer $(tshell --raw -c token)\" URL"
    ) { context in
      try context.expectAtMost(0)
      return .string(try context.session().currentToken())
    },
    Command(
      name: "whoami", group: "account", summary: "the username of the token", usage: "whoami", flags: [SharedFlag.dryRun],
      isReadOnly: true
    ) { try $0.send(.username) },
    Command(
      name: "credits", group: "account", summary: "the credit balance in USD", usage: "credits", flags: [SharedFlag.dryRun],
      isReadOnly: true
    ) { try $0.send(.credits) },
    Command(
      name: "usage", group: "account", summary: "usage counters and the tier's limits", usage: "usage",
      example: "usage | $.KeysAllowed", flags: [SharedFlag.dryRun], isReadOnly: true
    ) { try $0.send(.usage) },
    Command(
      name: "upgrade", group: "account", summary: "upgrade a free account to the paid tier (asks first)",
      usage: "upgrade [--yes]", flags: [SharedFlag.yes, SharedFlag.dryRun]
    ) { context in
      let session = try context.session()
      if !context.has("yes") && !context.dryRun {
        let prompter = context.io.prompter
        guard prompter.isInteractive else {
          throw context.fail("upgrade needs --yes when not asked on a terminal: the paid tier cannot be undone")
        }
        guard prompter.confirm("Upgrade \(session.user ?? "this account") to the paid tier? This cannot be undone.") else {
          context.io.writeError("not upgraded\n")
          return nil
        }
      }
      return try context.send(.upgrade)
    },
  ]

  /// What `login` and `refresh` give: who is logged in and until when, never the token itself, so
  /// that a script's output and a CI log hold none (`token` prints it on purpose).
  private static func grant(_ outcome: APIOutcome, _ session: Session, _ context: CommandContext) -> JSONValue? {
    guard case .answered(let reply) = outcome else { return context.value(of: outcome) }
    let expire = reply.value.objectValue?["expire"] ?? .null
    return .object(JSONObject(distinctMembers: [("user", session.user.map(JSONValue.string) ?? .null), ("expire", expire)]))
  }

  /// `verify` with no words follows the newest link in the embedded server's outbox (or in
  /// `TSHELL_MAIL_DIR`, the mail folder of a `tshell serve` on this machine).
  @Sendable private static func verify(_ context: CommandContext) throws -> JSONValue? {
    let session = try context.session()
    let path: String
    switch context.words.count {
    case 0:
      let mail: [MailMessage]
      if let embedded = context.sessions.embedded {
        mail = try embedded.mail()
      } else if let folder = context.sessions.variable("TSHELL_MAIL_DIR"), !folder.isEmpty {
        mail = try MailOutboxReader.messages(in: folder)
      } else {
        throw context.fail(
          "verify needs the link from the verification mail (or USER TOKEN) when the server is not the embedded one (or TSHELL_MAIL_DIR, the --mail-dir of a tshell serve on this machine)"
        )
      }
      guard let link = mail.reversed().lazy.compactMap({ $0.link(to: .verifyEmail) }).first else {
        throw LanguageError(.runtime, "no verification mail in the outbox", hint: "register USER EMAIL sends one")
      }
      path = link
    case 1:
      let link = try context.string(0, "LINK")
      guard let range = link.firstRange(of: Endpoint.verifyEmail.pathPrefix) else {
        throw context.fail("'\(link)' is not a verification link")
      }
      path = String(link[range.lowerBound...])
    default:
      try context.expectAtMost(2)
      path = Endpoint.verifyEmail.path(["user": try context.string(0, "USER"), "token": try context.string(1, "TOKEN")])
    }
    return context.value(of: try session.send(Endpoint.verifyEmail.method.rawValue, path, token: .none, dryRun: context.dryRun))
  }
}
