import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI
import TemporalKeys

/// IPFS keys: create, list, export.
extension AccountService {
  /// Creates the key before answering (the original queued it), so the next `key list` sees it;
  /// a failed creation counts nothing against the tier's limit. The store's transaction decides
  /// whether the name is new and the tier allows another key; the checks before generating the
  /// key only spare the work when the answer is already known.
  func newKey(_ request: Request, _ context: ServerContext, _ account: UserWithUsage) async throws -> Response {
    let form = try await self.form(NewKeyForm.self, of: request, context)
    let keyName = Names.normalized(form.keyName)
    guard let type = KeyType(rawValue: form.keyType.lowercased()) else {
      throw APIFailure.refused(APIMessage.invalidKeyType(form.keyType))
    }
    if let refusal = NameRule.refusal(of: keyName, field: "key_name") { throw APIFailure.refused(refusal) }
    let username = account.user.username
    let name = StoredKeyName.of(keyName, user: username)
    do {
      if try await store.hasKey(named: name, of: username) { throw StoreError.keyNameExists }
    } catch {
      throw APIFailure.store(error, APIMessage.keySearchFailed, status: .notFound)
    }
    let bits = try GoInteger.parse(form.keyBits)
    if account.usage.keysCreated >= account.usage.keysAllowed { throw APIFailure.refused(APIMessage.tooManyKeys) }
    let privateKey: LibP2PPrivateKey
    do {
      privateKey = try await vault.generate(type, bits: bits)
    } catch is GenerationQueue.Busy {
      var failure = APIFailure.refused(APIMessage.generationsBusy, status: .serviceUnavailable)
      failure.headers[.retryAfter] = "5"
      throw failure
    } catch {
      throw APIFailure.storage(StoreError.database("\(error)"), APIMessage.keyCountFailed)
    }
    do {
      let record = KeyRecord(
        name: name, keyID: privateKey.publicKey.peerID, type: type.rawValue,
        encryptedPrivateKey: try vault.seal(privateKey, name: name))
      try await store.addKey(record, for: username)
    } catch {
      throw APIFailure.store(error, APIMessage.keyCountFailed)
    }
    return APIResponse.envelope(.ok, .string(APIMessage.keyCreated))
  }

  func listKeys(_ user: UserRecord) async throws -> Response {
    let keys: [KeyRecord]
    do {
      keys = try await store.keys(of: user.username)
    } catch {
      throw APIFailure.store(error, APIMessage.keySearchFailed)
    }
    guard !keys.isEmpty else { throw APIFailure.refused(APIMessage.noKeys, status: .notFound) }
    return APIResponse.envelope(
      .ok,
      [
        "key_ids": .array(keys.map { .string($0.keyID) }),
        "key_names": .array(keys.map { .string($0.name) }),
      ])
  }

  /// Answers the key as mnemonic words and deletes the server's copy (a move, not a backup).
  func exportKey(_ request: Request, _ context: ServerContext, _ user: UserRecord) async throws -> Response {
    guard let name = Names.fromPath(context.parameters.get("name")) else {
      throw APIFailure.refused(APIMessage.invalidName("key_name"))
    }
    let found: KeyRecord?
    do {
      found = try await store.key(named: name, of: user.username)
    } catch {
      throw APIFailure.store(error, APIMessage.keySearchFailed)
    }
    guard let key = found else { throw APIFailure.refused(APIMessage.keyNotOwned) }
    let words: [String]
    do {
      words = try Mnemonic.encode(try vault.open(key.encryptedPrivateKey, name: key.name).marshaled)
    } catch {
      throw APIFailure.storage(StoreError.database("\(error)"), APIMessage.exportFailed)
    }
    let removed: KeyRecord?
    do {
      removed = try await store.removeKey(named: name, of: user.username)
    } catch {
      throw APIFailure.store(error, APIMessage.keyRemovalFailed)
    }
    guard removed != nil else { throw APIFailure.refused(APIMessage.keyNotOwned) }
    return APIResponse.envelope(.ok, .array(words.map(JSONValue.string)))
  }
}

/// Go's `strconv.Atoi`, refusing with its error texts (the original answered them verbatim).
enum GoInteger {
  static func parse(_ text: String) throws(APIFailure) -> Int {
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw .refused(APIMessage.integerSyntax(quoted(text)))
    }
    guard let magnitude = Int(digits) else { throw .refused(APIMessage.integerRange(quoted(text))) }
    return negative ? -magnitude : magnitude
  }

  /// Go's `%q`.
  private static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
