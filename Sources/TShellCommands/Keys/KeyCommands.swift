import TShellLanguage
import TemporalAPI
import TemporalClient

/// `key new`, `key list`, and the names key completion offers.
enum KeyCommands {
  static let all: [Command] = [
    Command(
      name: "key new", group: "keys", summary: "create an IPFS key (Ed25519 by default)",
      usage: "key new NAME [--type ed25519|rsa] [--bits N]", example: "key new laptop --type rsa --bits 4096",
      flags: [
        FlagDescription("type", value: "TYPE", completion: .choice(["ed25519", "rsa"])), FlagDescription("bits", value: "N"),
        SharedFlag.retry, SharedFlag.dryRun,
      ]
    ) { context in
      let name = try context.string(0, "NAME")
      try context.expectAtMost(1)
      let type = (context.value("type") ?? "ed25519").lowercased()
      guard type == "ed25519" || type == "rsa" else { throw context.fail("--type must be ed25519 or rsa, not '\(type)'") }
      let bits = context.value("bits") ?? (type == "rsa" ? "2048" : "256")
      return try context.send(.newKey, form: [("key_type", type), ("key_bits", bits), ("key_name", name)], retry: context.retry)
    },
    Command(
      name: "key list", group: "keys", summary: "the keys: {key_names, key_ids} (empty when there are none)",
      usage: "key list [--table]", example: "key list | $.key_names[*]", flags: [FlagDescription("table"), SharedFlag.dryRun],
      isReadOnly: true
    ) { context in
      try context.expectAtMost(0)
      guard let keys = try list(context) else { return nil }
      guard context.has("table") else { return keys }
      context.io.writeOutput(table(keys))
      return nil
    },
    KeyExport.command,
    KeyDecode.command,
  ]

  /// `{key_names, key_ids}`, empty when the server answers 404 `no keys`; nil in a dry run.
  static func list(_ context: CommandContext) throws -> JSONValue? {
    do {
      return try context.send(.listKeys)
    } catch let error as APIError where error.status == 404 && error.message == APIMessage.noKeys {
      return ["key_names": [], "key_ids": []]
    }
  }

  /// The keys as two aligned columns, NAME and PEER ID.
  static func table(_ keys: JSONValue) -> String {
    let names = keys["key_names"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let ids = keys["key_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let width = max(4, names.map(\.count).max() ?? 0)
    var text = "NAME".padded(width) + "  PEER ID\n"
    for (name, id) in zip(names, ids) { text += name.padded(width) + "  " + id + "\n" }
    return text
  }

  /// The logged-in account's key names without the `<username>-` prefix `key export` adds back.
  static func shortNames(_ shell: CommandShell) throws -> [String] {
    let session = try shell.environment.currentSession()
    let keys: JSONValue
    do {
      keys = try session.send(.listKeys, dryRun: false).value ?? .null
    } catch let error as APIError where error.status == 404 {
      return []
    }
    let names = keys["key_names"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let prefix = (session.user ?? "") + "-"
    return names.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
  }
}

extension String {
  /// The string with spaces after it up to `width` characters.
  func padded(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
