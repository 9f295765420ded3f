import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI
import TemporalKeys

/// IPFS keys: create, list, export.
extension AccountService {
  /// Creates the key before answering (the original queued it), so the next `key list` sees it;
  /// a failed creation counts nothing against the tier's limit.
  func newKey(_ request: Request, _ context: ServerContext, _ user: UserRecord) async throws -> Response {
    let typeText: String
    let bitsText: String
    let keyName: String
    do throws(FormFields.Refusal) {
      let form = try await FormFields.read(request, context: context)
      typeText = try form.require(["key_type"])[0]
      let bits = try form.value("key_bits")
      let size = try form.value("key_size")
      guard let bits = bits ?? size else {
        return APIResponse.failure(APIMessage.notPresent("key_bits"))
      }
      bitsText = bits
      keyName = Names.normalized(try form.require(["key_name"])[0])
    } catch {
      return APIResponse.failure(error.message)
    }
    guard let type = KeyType(rawValue: typeText.lowercased()) else {
      return APIResponse.failure(APIMessage.invalidKeyType(typeText))
    }
    let name = "\(user.username)-\(keyName)"
    if let refusal = NameRule.refusal(of: keyName, field: "key_name") { return APIResponse.failure(refusal) }
    let existing: [KeyRecord]
    do {
      existing = try await store.keys(of: user.username)
    } catch {
      return storageFailure(error, APIMessage.keySearchFailed, status: .notFound)
    }
    if existing.contains(where: { $0.name == name }) { return APIResponse.failure(APIMessage.keyNameExists, status: .conflict) }
    let bits: Int
    switch GoInteger.parse(bitsText) {
    case .success(let value): bits = value
    case .failure(let message): return APIResponse.failure(message.description)
    }
    if let usage = try? await store.usage(of: user.username), usage.keysCreated >= usage.keysAllowed {
      return APIResponse.failure(APIMessage.tooManyKeys)
    }
    do {
      let privateKey = try await vault.generate(type, bits: bits)
      let record = KeyRecord(
        name: name, keyID: privateKey.publicKey.peerID, type: type.rawValue,
        encryptedPrivateKey: try vault.seal(privateKey, name: name))
      try await store.addKey(record, for: user.username)
    } catch StoreError.keyNameExists {
      return APIResponse.failure(APIMessage.keyNameExists, status: .conflict)
    } catch StoreError.tooManyKeys {
      return APIResponse.failure(APIMessage.tooManyKeys)
    } catch is GenerationQueue.Busy {
      var response = APIResponse.failure(APIMessage.generationsBusy, status: .serviceUnavailable)
      response.headers[.retryAfter] = "5"
      return response
    } catch {
      return storageFailure(error, "failed to increment key count")
    }
    return APIResponse.envelope(.ok, .string(APIMessage.keyCreated))
  }

  func listKeys(_ user: UserRecord) async -> Response {
    let keys: [KeyRecord]
    do {
      keys = try await store.keys(of: user.username)
    } catch {
      return storageFailure(error, APIMessage.keySearchFailed)
    }
    guard !keys.isEmpty else { return APIResponse.failure(APIMessage.noKeys, status: .notFound) }
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
      return APIResponse.failure(APIMessage.invalidName("key_name"))
    }
    let keys: [KeyRecord]
    do {
      keys = try await store.keys(of: user.username)
    } catch {
      return storageFailure(error, APIMessage.keySearchFailed)
    }
    guard let key = keys.first(where: { $0.name == name }) else { return APIResponse.failure(APIMessage.keyNotOwned) }
    let words: [String]
    do {
      words = try Mnemonic.encode(try vault.open(key.encryptedPrivateKey, name: key.name).marshaled)
    } catch {
      return storageFailure(error, APIMessage.exportFailed)
    }
    do {
      guard try await store.removeKey(named: name, of: user.username) != nil else {
        return APIResponse.failure(APIMessage.keyNotOwned)
      }
    } catch {
      return storageFailure(error, "failed to remove key from database")
    }
    return APIResponse.envelope(.ok, .array(words.map(JSONValue.string)))
  }
}

/// Go's `strconv.Atoi`, with its error texts (the original answered them verbatim).
enum GoInteger {
  static func parse(_ text: String) -> Result<Int, StringError> {
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return .failure(StringError("strconv.Atoi: parsing \(quoted(text)): invalid syntax"))
    }
    guard let magnitude = Int(digits) else {
      return .failure(StringError("strconv.Atoi: parsing \(quoted(text)): value out of range"))
    }
    return .success(negative ? -magnitude : magnitude)
  }

  /// Go's `%q`.
  private static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

/// A message as an error value.
struct StringError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
