import Foundation
import TShellLanguage
import TemporalAPI
import TemporalClient

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `key export`: the key as mnemonic words. The server deletes its copy as it answers, so the
/// words must never be lost: a confirmation first, the output file claimed before the request,
/// and the words on standard output when the file cannot take them.
enum KeyExport {
  /// The stored name NAME stands for: a stored name as it is, else `<username>-NAME` (the name
  /// `key new NAME` stored). A dry run sends nothing, so it looks nothing up: it uses the prefix
  /// rule, and says so.
  static func storedName(_ given: String, session: Session, context: CommandContext) throws -> String {
    let prefixed = KeyCommands.storedName(given, user: session.user)
    guard !prefixed.isEmpty, let user = session.user else { return given }
    if context.dryRun {
      let name = StoredKeyName.keyName(given, user: user) != nil ? given : prefixed
      context.io.writeError("note: a dry run looks no key names up; \(given) is sent as \(name)\n")
      return name
    }
    let names = try KeyCommands.lookup(session).names
    let exact = given.precomposedStringWithCanonicalMapping
    return names.contains(exact) ? exact : prefixed
  }

  static let command = Command(
    name: "key export", group: "keys", summary: "the key as mnemonic words; the server deletes its copy",
    usage: "key export NAME [--yes] [--out FILE]", example: "key export laptop --yes --out laptop.words",
    flags: [SharedFlag.yes, SharedFlag.out, SharedFlag.dryRun], arguments: [.keyName], run: run)

  @Sendable static func run(_ context: CommandContext) throws -> JSONValue? {
    let given = try context.string(0, "NAME")
    try context.expectAtMost(1)
    let session = try context.session()
    let name = try storedName(given, session: session, context: context)
    let dryRun = context.dryRun
    if !dryRun {
      if !context.has("yes") {
        let prompter = context.io.prompter
        guard prompter.isInteractive else {
          throw context.fail("key export needs --yes when not asked on a terminal: the server deletes the key")
        }
        guard prompter.confirm("Export \(name) and delete it from the server?") else {
          context.io.writeError("not exported\n")
          return nil
        }
      }
    }
    let file = dryRun ? nil : context.value("out")
    // The server deletes the key as it answers, so the file must be writable before asking.
    if let file {
      try context.io.checkFile(file, "write")
      try PrivateFile.reserve(file)
    }
    let words: JSONValue?
    do {
      words = try context.send(.exportKey, parameters: ["name": name])
    } catch let error as APIError where error.status == 400 && error.message == APIMessage.keyNotOwned {
      if let file { unlink(file) }
      throw LanguageError(
        .api, error.message,
        hint: "key list shows the keys of \(session.user ?? "this account"); an exported key is no longer on the server",
        status: error.status, response: error.body)
    } catch {
      if let file { unlink(file) }
      throw error
    }
    // Said only once the server has answered: a failed export leaves the key where it was.
    if words != nil { context.io.writeError("note: the server deleted \(name) as it exported it; keep the words safe\n") }
    guard let file, let words else { return words }
    let text = (words.arrayValue?.compactMap(\.stringValue) ?? []).joined(separator: " ") + "\n"
    do {
      try PrivateFile.write(text, to: file)
    } catch {
      // The key is gone from the server: the words must not be lost with the file.
      context.io.writeOutput(text)
      throw LanguageError(.runtime, "\(error); the words are on standard output above, save them")
    }
    context.io.writeError("wrote \(words.arrayValue?.count ?? 0) words to \(file)\n")
    return nil
  }
}
