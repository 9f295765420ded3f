import Foundation
import TShellLanguage
import TemporalClient
import TemporalKeys

/// `key decode`, offline: exported words (or a file of them) back to the key file that
/// `ipfs key import` reads.
enum KeyDecode {
  static let command = Command(
    name: "key decode", group: "keys",
    summary: "exported words back to a key file for ipfs key import (offline)",
    usage: "key decode WORDS…|FILE [--format libp2p|pem] [--out FILE]", example: "key decode laptop.words --out laptop.key",
    flags: [FlagDescription("format", value: "FORMAT", completion: .choice(["libp2p", "pem"])), SharedFlag.out],
    arguments: [.file], run: run)

  @Sendable static func run(_ context: CommandContext) throws -> JSONValue? {
    // Words come as words, as strings of words, or as an array of them (`key export`'s value);
    // `null` is one of them, though the language reads it as a literal.
    func strings(_ value: JSONValue) -> [String] {
      switch value {
      case .array(let elements): return elements.flatMap(strings)
      case .string(let text): return [text]
      default: return [JSONPrinter.string(value)]
      }
    }
    let given = context.words.flatMap(strings)
    var words = given.flatMap(Mnemonic.words(of:))
    if words.isEmpty, let input = context.invocation.input {
      words = strings(input).flatMap(Mnemonic.words(of:))
    }
    // Words are letters only: one argument with a dot or a slash, or that names a file, is a file.
    if given.count == 1, let path = given.first,
      path.contains(where: { $0 == "." || $0 == "/" }) || FileManager.default.fileExists(atPath: path)
    {
      try context.io.checkFile(path, "read")
      guard let data = FileManager.default.contents(atPath: path) else {
        throw context.fail(
          "cannot read \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
      }
      words = Mnemonic.words(of: String(decoding: data, as: UTF8.self))
    }
    guard !words.isEmpty else { throw context.fail("key decode needs the exported words or a file holding them") }
    let formatName = context.value("format") ?? "libp2p"
    guard let format = KeyFile.Format(rawValue: formatName) else {
      throw context.fail("--format must be libp2p or pem, not '\(formatName)'")
    }
    let key = try KeyFile.key(fromWords: words)
    let contents = KeyFile.contents(of: key, format: format)
    var result = JSONObject(distinctMembers: [("type", .string(key.type.rawValue)), ("peer_id", .string(key.publicKey.peerID))])
    if let file = context.value("out") {
      try context.io.checkFile(file, "write")
      try PrivateFile.write(contents, to: file)
      result["file"] = .string(file)
      let importFlag = format == .pem ? "--format=pem-pkcs8-cleartext " : ""
      context.io.writeError(
        "wrote the \(format == .pem ? "PEM" : "libp2p") key to \(file); import it with: ipfs key import NAME \(importFlag)\(file)\n"
      )
    } else if format == .pem {
      result["pem"] = .string(String(decoding: contents, as: UTF8.self))
    } else {
      result["libp2p_base64"] = .string(Data(contents).base64EncodedString())
    }
    return .object(result)
  }
}
