import Foundation
import Hummingbird
import Logging
import Synchronization
import TShellJSON
import TemporalAPI

/// What the routes share: storage, tokens, passwords, keys, mail, and where links point.
struct AccountService: Sendable {
  let store: any AccountStore
  let tokens: TokenService
  let passwords: PasswordHasher
  let vault: KeyVault
  let outbox: MailOutbox
  let links: LinkBase
  let logger: Logger

  /// The user a request's token names, or the response refusing it: 401 for token problems and
  /// for tokens issued before the account's password last changed (or to an earlier account of
  /// the same name), 403 when the account is unverified, disabled or gone (checked on every
  /// request).
  func authenticate(_ request: Request) async -> Outcome<UserRecord> {
    await authenticate(request) { try await store.user(named: $0) }
  }

  /// The account check with what `load` reads for the token's username (the user, or the user
  /// with more rows in the same query).
  func authenticate<Account: AccountRows>(_ request: Request, load: (String) async throws -> Account?) async -> Outcome<Account> {
    switch await tokens.authenticate(request.headers[.authorization]) {
    case .failure(let refusal):
      return .refused(APIResponse.middlewareError(.init(code: refusal.status), refusal.message))
    case .success(let claims):
      guard let account = try? await load(claims.id), account.user.emailEnabled, account.user.accountEnabled else {
        return .refused(APIResponse.middlewareError(.forbidden, APIMessage.forbidden))
      }
      guard claims.isCurrent(for: account.user) else {
        return .refused(APIResponse.middlewareError(.unauthorized, APIMessage.tokenRevoked))
      }
      return .accepted(account)
    }
  }

  /// Logs a storage failure and gives the original's generic answer for it.
  func storageFailure(_ error: Error, _ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
    logger.error("storage failure", metadata: ["error": "\(error)", "answer": "\(message)"])
    return APIResponse.failure(message, status: status)
  }
}

/// A value a request earned, or the response refusing it.
enum Outcome<Value> {
  case accepted(Value)
  case refused(Response)
}

/// The base URL of links in mails: `--public-url`, or the address the server listens on.
final class LinkBase: Sendable {
  private let configured: String?
  private let listening = Mutex<String>("http://127.0.0.1")

  init(configured: String?) {
    self.configured = configured.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
  }

  func listeningOn(scheme: String, host: String, port: Int) {
    let shown = host.contains(":") ? "[\(host)]" : host
    listening.withLock { $0 = "\(scheme)://\(shown):\(port)" }
  }

  var base: String { configured ?? listening.withLock { $0 } }
}

/// The JSON the original returned for user and usage rows (Go field names, Go order).
enum AccountJSON {
  static let termsStatus =
    "by continuing to use this service you agree to be bound by the following api terms and service https://gateway.temporal.cloud/ipns/docs.ts.temporal.cloud"

  /// The registration answer: the user row with secrets scrubbed, and the terms.
  static func registered(_ user: UserRecord) -> JSONValue {
    var object = JSONObject()
    object["ID"] = .int(Int(user.id))
    object["CreatedAt"] = .string(Timestamp.rfc3339(user.createdAt))
    object["UpdatedAt"] = .string(Timestamp.rfc3339(user.updatedAt))
    object["DeletedAt"] = .null
    object["UserName"] = .string(user.username)
    object["EmailAddress"] = .string(user.email)
    object["AccountEnabled"] = .bool(user.accountEnabled)
    object["EmailEnabled"] = .bool(user.emailEnabled)
    object["EmailVerificationToken"] = "scrubbed"
    object["AdminAccess"] = .bool(user.admin)
    object["HashedPassword"] = "scrubbed"
    object["Free"] = .bool(user.free)
    object["Credits"] = credits(user.credits)
    object["CustomerObjectHash"] = .string(user.customerObjectHash)
    object["Organization"] = .string(user.organization)
    object["IPFSKeyNames"] = .null
    object["IPFSKeyIDs"] = .null
    object["IPFSNetworkNames"] = .null
    object["Status"] = .string(termsStatus)
    return .object(object)
  }

  static func usage(_ usage: UsageRecord) -> JSONValue {
    .object(
      JSONObject(distinctMembers: [
        ("ID", .int(Int(usage.id))),
        ("CreatedAt", .string(Timestamp.rfc3339(usage.createdAt))),
        ("UpdatedAt", .string(Timestamp.rfc3339(usage.updatedAt))),
        ("DeletedAt", .null),
        ("UserName", .string(usage.username)),
        ("MonthlyDataLimitBytes", .int(Int(usage.monthlyDataLimitBytes))),
        ("CurrentDataUsedBytes", .int(Int(usage.currentDataUsedBytes))),
        ("IPNSRecordsPublished", .int(Int(usage.ipnsRecordsPublished))),
        ("IPNSRecordsAllowed", .int(Int(usage.ipnsRecordsAllowed))),
        ("PubSubMessagesSent", .int(Int(usage.pubSubMessagesSent))),
        ("PubSubMessagesAllowed", .int(Int(usage.pubSubMessagesAllowed))),
        ("KeysCreated", .int(Int(usage.keysCreated))),
        ("KeysAllowed", .int(Int(usage.keysAllowed))),
        ("Tier", .string(usage.tier.rawValue)),
        ("ClaimedENSName", .bool(usage.claimedENSName)),
      ]))
  }

  /// A stored decimal balance as a JSON number (exact, whatever its size).
  static func credits(_ text: String) -> JSONValue {
    JSONNumber(text).map(JSONValue.number) ?? .int(0)
  }
}
