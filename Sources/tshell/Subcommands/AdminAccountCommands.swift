import ArgumentParser
import TShellCommands
import TShellJSON
import TemporalServer

extension AdminCommand {
  struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "List the accounts.")

    @Option(help: ArgumentHelp("Only accounts in this tier.", valueName: "tier"))
    var tier: String?

    @Flag(help: "Only disabled accounts.")
    var disabled = false

    @OptionGroup var target: AdminTarget

    func run() async throws {
      let tier = try self.tier.map { try AdminCommand.tier($0, command: "users") }
      let accounts = try await target.perform("users") {
        try await AccountAdministration.users(tier: tier, disabledOnly: disabled, configuration: $0)
      }
      if target.json {
        StandardStreams.writeOutput(JSONPrinter.string(.array(accounts.map(\.json)), format: .pretty) + "\n")
        return
      }
      let header = ["USERNAME", "EMAIL", "TIER", "VERIFIED", "ENABLED", "CREDITS", "KEYS"]
      let rows = accounts.map {
        [
          $0.username, $0.email, $0.tier.rawValue, $0.verified ? "yes" : "no", $0.enabled ? "yes" : "no", $0.credits,
          "\($0.keysCreated)/\($0.keysAllowed)",
        ]
      }
      StandardStreams.writeOutput(AdminCommand.table([header] + rows))
    }
  }

  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "disable", abstract: "Disable an account: it cannot log in and its tokens are refused.")

    @Argument(help: "The username.", completion: .list([])) var username: String
    @OptionGroup var target: AdminTarget

    func run() async throws { try await target.setEnabled(false, username) }
  }

  struct Enable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled account.")

    @Argument(help: "The username.", completion: .list([])) var username: String
    @OptionGroup var target: AdminTarget

    func run() async throws { try await target.setEnabled(true, username) }
  }

  struct SetTier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set-tier", abstract: "Move an account to a tier, with the tier's limits.")

    @Argument(help: "The username.", completion: .list([])) var username: String
    @Argument(
      help: ArgumentHelp("One of \(Tier.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "tier"),
      completion: .list(Tier.allCases.map(\.rawValue)))
    var tier: String
    @OptionGroup var target: AdminTarget

    func run() async throws {
      let tier = try AdminCommand.tier(tier, command: "set-tier")
      let account = try await target.perform("set-tier") {
        try await AccountAdministration.setTier(tier, username: username, configuration: $0)
      }
      target.show(account, text: "\(account.username) is in the \(account.tier.rawValue) tier (\(account.keysAllowed) keys)")
    }
  }

  struct SetCredits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set-credits", abstract: "Set an account's credit balance in USD.")

    @Argument(help: "The username.", completion: .list([])) var username: String
    // Every word argument-parser does not know, so that `-5` reaches the amount check (a
    // negative balance is refused there) instead of being taken for an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The balance, e.g. 12.5.", valueName: "amount"))
    var amounts: [String] = []
    @OptionGroup var target: AdminTarget

    func validate() throws {
      guard amounts.count == 1 else {
        throw ValidationError(amounts.isEmpty ? "Missing expected argument '<amount>'" : "one amount, not \(amounts.count)")
      }
    }

    func run() async throws {
      let amount = amounts[0]
      let account = try await target.perform("set-credits") {
        try await AccountAdministration.setCredits(amount, username: username, configuration: $0)
      }
      target.show(account, text: "\(account.username) has \(account.credits) USD of credits")
    }
  }

  /// A tier by name, or a usage error naming the choices.
  static func tier(_ name: String, command: String) throws -> Tier {
    guard let tier = Tier(rawValue: name) else {
      throw CommandFailure(
        message:
          "tshell admin \(command): the tier must be one of \(Tier.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'",
        exitCode: 2)
    }
    return tier
  }

  /// Rows as left-aligned columns two spaces apart.
  static func table(_ rows: [[String]]) -> String {
    var widths: [Int] = []
    for row in rows {
      for (index, cell) in row.enumerated() {
        if index == widths.count { widths.append(0) }
        widths[index] = max(widths[index], cell.count)
      }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}

extension AdminCommand {
  struct RotateKeyEncryption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rotate-key-encryption",
      abstract: "Re-encrypt every stored private key under a new key-encryption key, in one transaction.")

    @Option(
      help: ArgumentHelp("A file holding the new 32-byte key (e.g. head -c 32 /dev/urandom).", valueName: "file"),
      completion: .file())
    var newKeyFile: String

    @OptionGroup var target: AdminTarget

    func run() async throws {
      let rotation = try await target.perform("rotate-key-encryption") {
        try await AccountAdministration.rotateKeyEncryption(newKeyFile: newKeyFile, configuration: $0)
      }
      let text =
        rotation.replacedDataDirectoryKey
        ? "re-encrypted \(rotation.keys) keys; \(rotation.keyFile) now holds the new key"
        : "re-encrypted \(rotation.keys) keys; start every replica with --key-encryption-key-file \(rotation.keyFile)"
      target.report(
        [
          "keys": .int(rotation.keys), "key_file": .string(rotation.keyFile),
          "replaced_data_directory_key": .bool(rotation.replacedDataDirectoryKey),
        ], text: text)
    }
  }
}

extension AdminCommand {
  struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "backup", abstract: "Copy the data directory's database to a new file, while the server runs.")

    @Argument(help: "The new backup file.", completion: .file()) var file: String
    @OptionGroup var target: AdminTarget

    func run() async throws {
      let accounts = try await target.perform("backup") { try await AccountAdministration.backup(to: file, configuration: $0) }
      target.report(["file": .string(file), "accounts": .int(accounts)], text: "backed up \(accounts) accounts to \(file)")
    }
  }

  struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "restore", abstract: "Replace the data directory's accounts and keys with a backup's (stop the server first).")

    @Argument(help: "The backup file.", completion: .file()) var file: String
    @OptionGroup var target: AdminTarget

    func run() async throws {
      let accounts = try await target.perform("restore", creates: true) {
        try await AccountAdministration.restore(from: file, configuration: $0)
      }
      target.report(["file": .string(file), "accounts": .int(accounts)], text: "restored \(accounts) accounts from \(file)")
    }
  }
}
