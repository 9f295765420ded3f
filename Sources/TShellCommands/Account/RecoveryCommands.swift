import TShellLanguage
import TemporalAPI

/// Changing a password, and the forgotten-username, -password and -email endpoints.
enum RecoveryCommands {
  static let all: [Command] = [
    Command(
      name: "password change", group: "account", summary: "change the password (asked twice on a terminal)",
      usage: "password change [--old-password-env VAR --new-password-env VAR | --password-stdin]",
      flags: [
        FlagDescription("old-password-env", value: "VAR"), FlagDescription("new-password-env", value: "VAR"),
        SharedFlag.passwordStdin,
        SharedFlag.dryRun,
      ],
      replay: .passwordFromEnvironment([
        EnvironmentFlag("old-password-env", "TSHELL_OLD_PASSWORD"), EnvironmentFlag("new-password-env", "TSHELL_PASSWORD"),
      ]), run: changePassword),
    Command(
      name: "forgot username", group: "account", summary: "mail the username to EMAIL", usage: "forgot username EMAIL",
      flags: [SharedFlag.dryRun]
    ) { context in
      try context.send(.forgotUsername, form: EmailForm(emailAddress: try context.string(0, "EMAIL")))
    },
    Command(
      name: "forgot password", group: "account", summary: "mail a new password to EMAIL (the old one works until it is used)",
      usage: "forgot password EMAIL", flags: [SharedFlag.dryRun]
    ) { context in
      try context.send(.forgotPassword, form: EmailForm(emailAddress: try context.string(0, "EMAIL")))
    },
    Command(
      name: "forgot email", group: "account", summary: "the email address of the logged-in account", usage: "forgot email",
      flags: [SharedFlag.dryRun]
    ) { try $0.send(.forgotEmail) },
  ]

  @Sendable private static func changePassword(_ context: CommandContext) throws -> JSONValue? {
    let old: String
    let new: String
    if let variable = context.value("old-password-env"), let newVariable = context.value("new-password-env") {
      old = try Passwords.fromEnvironment(variable, context)
      new = try Passwords.fromEnvironment(newVariable, context)
    } else if context.has("password-stdin") {
      let readLine = try Passwords.standardInput(context)
      guard let first = readLine(), let second = readLine(), !first.isEmpty, !second.isEmpty else {
        throw context.fail("--password-stdin needs two lines on standard input: the current password, then the new one")
      }
      (old, new) = (first, second)
    } else {
      let prompter = context.io.prompter
      guard prompter.isInteractive, let current = try prompter.readSecret("Current password: "),
        let chosen = try Passwords.askTwice("New password: ", context)
      else {
        throw context.fail(
          "password change asks for the passwords on a terminal; in scripts use --old-password-env VAR --new-password-env VAR or --password-stdin"
        )
      }
      (old, new) = (current, chosen)
    }
    return context.value(of: try context.session().changePassword(old: old, new: new, dryRun: context.dryRun))
  }
}
