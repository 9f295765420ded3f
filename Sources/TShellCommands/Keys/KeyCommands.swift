import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient

/// `key new`, `key list`, and the account's stored key names.
enum KeyCommands {
  static let all: [Command] = [
    Command(
      name: "key new", group: "keys",
      summary: "create an IPFS key (Ed25519; RSA with --type rsa or --bits); gives {name, peer_id, type}",
      usage: "key new NAME [--type ed25519|rsa] [--bits N]", example: "key new laptop --type rsa --bits 4096",
      flags: [
        FlagDescription("type", value: "TYPE", completion: .choice(["ed25519", "rsa"])), FlagDescription("bits", value: "N"),
        SharedFlag.retry, SharedFlag.dryRun,
      ], run: newKey),
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

  /// Creates the key, then looks it up: the value is `{name, peer_id, type}` with the name the
  /// server stored (`response` and `curl` show the creation, not the lookup).
  @Sendable private static func newKey(_ context: CommandContext) throws -> JSONValue? {
    let name = try context.string(0, "NAME")
    try context.expectAtMost(1)
    // `--bits` alone asks for RSA: Ed25519 keys have no size to choose.
    let type = (context.value("type") ?? (context.value("bits") != nil ? "rsa" : "ed25519")).lowercased()
    guard type == "ed25519" || type == "rsa" else { throw context.fail("--type must be ed25519 or rsa, not '\(type)'") }
    let bits = context.value("bits") ?? (type == "rsa" ? "2048" : "256")
    if name.first?.isWhitespace == true || name.last?.isWhitespace == true {
      // The server keeps names as given; spaces at the ends are rarely meant (a line read from a file).
      context.io.writeError("warning: the key name '\(name)' has spaces at its ends; trim($name) removes them\n")
    }
    let created: JSONValue?
    do {
      created = try context.send(.newKey, form: NewKeyForm(keyType: type, keyBits: bits, keyName: name), retry: context.retry)
    } catch let error as APIError where error.status == 400 && error.message == APIMessage.tooManyKeys {
      throw LanguageError(
        .api, error.message, hint: "the account's tier allows no more keys (usage | $.KeysAllowed); upgrade raises it",
        status: error.status, response: error.body)
    }
    guard created != nil else { return nil }
    let session = try context.session()
    let stored = storedName(name, user: session.user)
    let keys = try stored.isEmpty ? nil : lookup(session)
    let position = keys?.names.firstIndex(of: stored)
    return [
      "name": .string(stored.isEmpty ? name : stored),
      "peer_id": position.flatMap { keys?.ids[$0] }.map(JSONValue.string) ?? .null, "type": .string(type),
    ]
  }

  /// `{key_names, key_ids}` (in that order), empty when the server answers 404 `no keys`; nil in
  /// a dry run.
  static func list(_ context: CommandContext) throws -> JSONValue? {
    let keys: JSONValue?
    do {
      keys = try context.send(.listKeys)
    } catch let error as APIError where error.status == 404 && error.message == APIMessage.noKeys {
      keys = ["key_names": [], "key_ids": []]
    }
    return keys.map { ["key_names": $0["key_names"] ?? [], "key_ids": $0["key_ids"] ?? []] }
  }

  /// The account's stored key names and peer IDs, looked up on the side (not the exchange that
  /// `response` shows); none when the server has no keys.
  static func lookup(_ session: Session) throws -> (names: [String], ids: [String]) {
    do {
      let keys = try session.send(.listKeys, dryRun: false, remembered: false).value ?? .null
      return (
        keys["key_names"]?.arrayValue?.compactMap(\.stringValue) ?? [],
        keys["key_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
      )
    } catch let error as APIError where error.status == 404 {
      return ([], [])
    }
  }

  /// The name the server stores a key under: `<username>-<name>`, NFC-normalised as the server
  /// keeps names; empty when nobody is logged in (the username is not known).
  static func storedName(_ name: String, user: String?) -> String {
    guard let user else { return "" }
    return StoredKeyName.of(name, user: user).precomposedStringWithCanonicalMapping
  }

  /// The keys as two aligned columns, NAME and PEER ID.
  static func table(_ keys: JSONValue) -> String {
    let names = keys["key_names"]?.arrayValue ?? []
    let ids = keys["key_ids"]?.arrayValue ?? []
    let rows = zip(names, ids).map { JSONValue.object(JSONObject(distinctMembers: [("NAME", $0), ("PEER ID", $1)])) }
    return Table.render(rows, colors: false) ?? "NAME  PEER ID\n"
  }

  /// The logged-in account's key names without the `<username>-` prefix `key export` adds back.
  static func shortNames(_ layer: CommandLayer) throws -> [String] {
    let session = try layer.sessions.currentSession()
    let user = session.user ?? ""
    return try lookup(session).names.map { StoredKeyName.keyName($0, user: user) ?? $0 }
  }
}
