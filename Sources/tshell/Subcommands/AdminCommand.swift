import ArgumentParser
import TShellCommands
import TemporalServer

/// `tshell admin`: operator tasks on a server's data directory.
struct AdminCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell admin",
    abstract: "Operator tasks on a server's data directory.",
    subcommands: [
      AddUser.self, Users.self, Disable.self, Enable.self, SetTier.self, SetCredits.self, RotateKeyEncryption.self,
      Backup.self, Restore.self,
    ]
  )

  struct AddUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-user",
      abstract:
        "Create an account, e.g. for a demo: echo \"$PASS\" | tshell admin add-user ann ann@example.com --password-stdin --verified"
    )

    @Argument(help: "The username.", completion: .list([]))
    var username: String

    @Argument(help: "The email address.", completion: .list([]))
    var email: String

    @Flag(help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Flag(help: "Mark the email address verified (the account can log in).")
    var verified = false

    @Option(
      help: ArgumentHelp(
        "The tier: \(Tier.allCases.map(\.rawValue).joined(separator: ", ")) (default: free when verified).", valueName: "tier"))
    var tier: String?

    @Option(help: ArgumentHelp("A credit balance in USD, e.g. 12.5.", valueName: "amount"))
    var credits: String?

    @OptionGroup var target: AdminTarget

    func run() async throws {
      guard passwordStdin else {
        throw CommandFailure(
          message: "tshell admin add-user: give the password on standard input with --password-stdin", exitCode: 2)
      }
      guard let password = readLine(strippingNewline: true), !password.isEmpty else {
        throw CommandFailure(message: "tshell admin add-user: no password on standard input", exitCode: 2)
      }
      var chosenTier: Tier? = nil
      if let tier {
        guard let parsed = Tier(rawValue: tier) else {
          throw CommandFailure(
            message: "tshell admin add-user: --tier must be one of \(Tier.allCases.map(\.rawValue).joined(separator: ", "))",
            exitCode: 2)
        }
        chosenTier = parsed
      }
      try await target.perform("add-user", creates: true) {
        try await AccountAdministration.addUser(
          .init(username: username, email: email, password: password, verified: verified, tier: chosenTier, credits: credits),
          configuration: $0)
      }
      target.report(["username": .string(username), "email": .string(email)], text: "created \(username) (\(email))")
    }
  }
}
