import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient
import TemporalKeys

/// `key new`, `key list`, `key export`, `key decode`.
extension APICommands {
  func runKey(_ subcommand: String?, _ invocation: CommandInvocation) throws -> JSONValue? {
    let arguments = CommandArguments(invocation, dropping: 1, usage: usage("key \(subcommand ?? "")"))
    switch subcommand {
    case "new": return try newKey(arguments)
    case "list": return try listKeys(arguments)
    case "export": return try exportKey(arguments)
    case "decode": return try decodeKey(arguments)
    default: throw unknownSubcommand("key", subcommand, ["new", "list", "export", "decode"])
    }
  }

  private func newKey(_ arguments: CommandArguments) throws -> JSONValue? {
    let name = try arguments.string(0, "NAME")
    try arguments.expectAtMost(1)
    let type = (arguments.value("type") ?? "ed25519").lowercased()
    guard type == "ed25519" || type == "rsa" else { throw arguments.fail("--type must be ed25519 or rsa, not '\(type)'") }
    let bits = arguments.value("bits") ?? (type == "rsa" ? "2048" : "256")
    return try session().authorized(.newKey, form: [("key_type", type), ("key_bits", bits), ("key_name", name)],
      retry: arguments.has("retry") ? true : nil, dryRun: dryRun(arguments)).value
  }

  /// `{key_names, key_ids}`, empty when the server answers 404 `no keys`.
  private func listKeys(_ arguments: CommandArguments) throws -> JSONValue? {
    try arguments.expectAtMost(0)
    let keys: JSONValue
    do {
      keys = try session().authorized(.listKeys, dryRun: dryRun(arguments)).value
    } catch let error as APIError where error.status == 404 && error.message == APIMessage.noKeys {
      keys = ["key_names": [], "key_ids": []]
    }
    guard arguments.has("table") else { return keys }
    let names = keys["key_names"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let ids = keys["key_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let width = max(4, names.map(\.count).max() ?? 0)
    var text = "NAME".padded(width) + "  PEER ID\n"
    for (name, id) in zip(names, ids) { text += name.padded(width) + "  " + id + "\n" }
    writeOutput(text)
    return nil
  }

  /// Exports (and so removes from the server) a key: NAME is the stored name, or gets the
  /// `<username>-` prefix.
  private func exportKey(_ arguments: CommandArguments) throws -> JSONValue? {
    let given = try arguments.string(0, "NAME")
    try arguments.expectAtMost(1)
    let session = try self.session()
    let user = session.user ?? ""
    let name = !user.isEmpty && !given.hasPrefix(user + "-") ? "\(user)-\(given)" : given
    let dry = dryRun(arguments) || session.dryRun
    if !dry {
      writeError("note: exporting \(name) deletes it from the server; keep the words safe\n")
      if !arguments.has("yes") {
        guard prompter.isInteractive else {
          throw arguments.fail("key export needs --yes when not asked on a terminal: the server deletes the key")
        }
        guard prompter.confirm("Export \(name) and delete it from the server?") else {
          writeError("not exported\n")
          return nil
        }
      }
    }
    let file = arguments.value("out")
    // The server deletes the key as it answers, so the file must be writable before asking.
    if let file, !dry { try PrivateFile.reserve(file) }
    let words: JSONValue
    do {
      words = try session.authorized(.exportKey, parameters: ["name": name], dryRun: dry).value
    } catch {
      if let file, !dry { unlink(file) }
      throw error
    }
    guard let file, !dry else { return words }
    let text = (words.arrayValue?.compactMap(\.stringValue) ?? []).joined(separator: " ") + "\n"
    do {
      try PrivateFile.write(text, to: file)
    } catch {
      // The key is gone from the server: the words must not be lost with the file.
      writeOutput(text)
      throw LanguageError(.runtime, "\(error); the words are on standard output above, save them")
    }
    writeError("wrote \(words.arrayValue?.count ?? 0) words to \(file)\n")
    return nil
  }

  /// Offline: words (or a file of them) to the key file `ipfs key import` reads.
  private func decodeKey(_ arguments: CommandArguments) throws -> JSONValue? {
    var words = arguments.words.compactMap(\.stringValue).flatMap(Mnemonic.words(of:))
    if words.isEmpty, let input = arguments.invocation.input {
      words = input.arrayValue?.compactMap(\.stringValue) ?? input.stringValue.map(Mnemonic.words(of:)) ?? []
    }
    let given = arguments.words.compactMap(\.stringValue)
    // Words are letters only: one argument with a dot or a slash, or that names a file, is a file.
    if given.count == 1, let path = given.first, path.contains(where: { $0 == "." || $0 == "/" }) || FileManager.default.fileExists(atPath: path) {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw arguments.fail("cannot read \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
      }
      words = Mnemonic.words(of: String(decoding: data, as: UTF8.self))
    }
    guard !words.isEmpty else { throw arguments.fail("key decode needs the exported words or a file holding them") }
    let formatName = arguments.value("format") ?? "libp2p"
    guard let format = KeyFile.Format(rawValue: formatName) else { throw arguments.fail("--format must be libp2p or pem, not '\(formatName)'") }
    let key = try KeyFile.key(fromWords: words)
    let contents = KeyFile.contents(of: key, format: format)
    var result = JSONObject(distinctMembers: [("type", .string(key.type.rawValue)), ("peer_id", .string(key.publicKey.peerID))])
    if let file = arguments.value("out") {
      try PrivateFile.write(contents, to: file)
      result["file"] = .string(file)
      writeError("wrote the \(format == .pem ? "PEM" : "libp2p") key to \(file); import it with: ipfs key import NAME \(format == .pem ? "--format=pem-pkcs8-cleartext " : "")\(file)\n")
    } else if format == .pem {
      result["pem"] = .string(String(decoding: contents, as: UTF8.self))
    } else {
      result["libp2p_base64"] = .string(Data(contents).base64EncodedString())
    }
    return .object(result)
  }
}

extension String {
  func padded(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
