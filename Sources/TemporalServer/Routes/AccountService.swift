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

  /// The user a request's token names, or the refusal: 401 for token problems and for tokens
  /// issued before the account's password last changed (or to an earlier account of the same
  /// name), 403 when the account is unverified, disabled or gone (checked on every request).
  func authenticate(_ request: Request) async throws(APIFailure) -> UserRecord {
    try await authenticate(request) { try await store.user(named: $0) }
  }

  /// The account check with what `load` reads for the token's username (the user, or the user
  /// with more rows in the same query).
  func authenticate<Account: AccountRows>(_ request: Request, load: (String) async throws -> Account?)
    async throws(APIFailure) -> Account
  {
    let claims: AccessClaims
    switch await tokens.authenticate(request.headers[.authorization]) {
    case .failure(let refusal): throw .middleware(.init(code: refusal.status), refusal.message)
    case .success(let value): claims = value
    }
    guard let account = try? await load(claims.id), account.user.emailEnabled, account.user.accountEnabled else {
      throw .middleware(.forbidden, APIMessage.forbidden)
    }
    guard claims.isCurrent(for: account.user) else { throw .middleware(.unauthorized, APIMessage.tokenRevoked) }
    return account
  }

  /// The form of a request, or its refusal (`<field> not present`, a control character, too many parts).
  func form<Form: APIForm>(_ type: Form.Type, of request: Request, _ context: ServerContext) async throws(APIFailure) -> Form {
    do {
      return try await FormFields.read(request, context: context).decode(type)
    } catch {
      throw .refused(error.message, status: HTTPResponse.Status(code: error.status))
    }
  }

  /// Sends a mail; the original's answer when the outbox cannot take it.
  func mail(to address: String, subject: String, content: String) throws(APIFailure) {
    do {
      try outbox.send(to: address, subject: subject, content: content)
    } catch {
      throw .storage(error, APIMessage.mailFailed)
    }
  }
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
