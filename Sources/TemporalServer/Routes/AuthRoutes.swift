import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// Login, registration, refresh and email verification.
extension AccountService {
  /// `Endpoint.login`: a JSON body `{username, password}` whatever the Content-Type;
  /// the username may be the email address. Unknown names cost a bcrypt check like known ones, so
  /// the time of the answer does not tell whether an account exists.
  func login(_ request: Request, _ context: ServerContext) async throws -> Response {
    let body = try? await request.body.collect(upTo: context.maxUploadSize)
    guard let body, let value = try? JSONValue(parsing: body.readableBytesView), let credentials = Credentials(value) else {
      throw APIFailure(status: .badRequest, message: APIMessage.missingCredentials, body: .message)
    }
    for (field, text) in credentials.fields where NameRule.containsControlCharacter(text) {
      throw APIFailure(status: .badRequest, message: APIMessage.controlCharacters(field), body: .message)
    }
    let (name, password) = (credentials.username, credentials.password)
    let refused = APIFailure.middleware(.unauthorized, APIMessage.incorrectCredentials)
    // The time the credentials are read: the token counts from here, so a password change that
    // commits while bcrypt runs is after it (and its epoch refuses the token).
    let now = Date()
    var found = try? await store.user(named: Names.normalized(name))
    if found == nil { found = try? await store.user(withEmail: name) }
    // Longer passwords can be no one's (registration refuses them), and bcrypt would ignore the rest.
    let tooLong = password.utf8.count > PasswordHasher.maximumBytes
    let stored = tooLong ? nil : found?.passwordHash
    let matches = (try? await passwords.verify(password, hash: stored ?? passwords.unknownUserHash)) == true && stored != nil
    let pending = PendingPassword(stored: found?.pendingPasswordHash)
    if !matches {
      // Every refusal makes the same two comparisons at the server's cost, so that the time of
      // an answer tells neither whether a name exists nor whether a reset is pending.
      let usable = pending.flatMap { $0.isValid(at: now) ? $0 : nil }
      let promoted = (try? await passwords.verify(password, hash: usable?.hash ?? passwords.unknownUserHash)) == true
      guard !tooLong, var user = found, promoted, let usable, let raw = user.pendingPasswordHash else { throw refused }
      // A mailed reset password becomes the password when first used; older tokens stop working.
      let epoch = Self.nextEpoch(now)
      guard (try? await store.promotePendingPassword(raw, to: usable.hash, for: user.username, credentialsEpoch: epoch)) == true
      else {
        throw refused
      }
      user.credentialsEpoch = epoch
      return try await issueToken(user, now: now, refused: refused)
    }
    guard !tooLong, let user = found else { throw refused }
    // The owner used the old password: a reset mailed before is void.
    if user.pendingPasswordHash != nil { try? await store.setPendingPasswordHash("", for: user.username) }
    await rehashIfNeeded(password, user)
    return try await issueToken(user, now: now, refused: refused)
  }

  /// Raises a stored hash to the server's bcrypt cost once its password is known (after a login),
  /// so that every account answers at the same speed; the credentials stay the same.
  private func rehashIfNeeded(_ password: String, _ user: UserRecord) async {
    guard PasswordHasher.cost(of: user.passwordHash) != passwords.cost, let hash = try? await passwords.hash(password) else {
      return
    }
    // Only over the hash that was compared: a change that committed meanwhile stays.
    _ = try? await store.replacePasswordHash(user.passwordHash, with: hash, for: user.username)
  }

  /// The token of a login whose password matched, unless the account cannot log in or its
  /// credentials changed while the password was compared.
  private func issueToken(_ user: UserRecord, now: Date, refused: APIFailure) async throws -> Response {
    guard user.accountEnabled, user.emailEnabled else { throw refused }
    // Checked again after the slow comparison: a change or a disable that committed meanwhile
    // wins over this login.
    guard let current = try? await store.user(named: user.username), current.credentialsEpoch == user.credentialsEpoch,
      current.accountEnabled
    else { throw refused }
    // Right after a password change the epoch is the next second: the token counts from there.
    let issueTime = max(now, Date(timeIntervalSince1970: TimeInterval(user.credentialsEpoch)))
    let issued = try await tokens.issue(for: user.username, now: issueTime)
    return APIResponse.token(issued.token, expire: issued.expire)
  }

  /// The credentials epoch for a change made at `now`: after every token issued so far, since
  /// `orig_iat` counts whole seconds.
  static func nextEpoch(_ now: Date) -> Int64 {
    Int64(now.timeIntervalSince1970.rounded(.down)) + 1
  }

  /// `Endpoint.register`.
  func registerAccount(_ request: Request, _ context: ServerContext) async throws -> Response {
    let form = try await self.form(RegisterForm.self, of: request, context)
    let (username, password, email) = (Names.normalized(form.username), form.password, form.emailAddress)
    if password.utf8.count > PasswordHasher.maximumBytes { throw APIFailure.refused(APIMessage.passwordTooLong("password")) }
    if email.contains("+") { throw APIFailure.refused(APIMessage.plusInEmail) }
    if let refusal = NameRule.refusal(of: username, field: "username") { throw APIFailure.refused(refusal) }
    guard email.utf8.count <= 255 else { throw APIFailure.refused(APIMessage.createFailed) }
    let verification = RandomText.lowercaseLetters(32)
    let user: UserRecord
    do {
      let hash = try await passwords.hash(password)
      user = try await store.createUser(
        NewUser(username: username, email: email, passwordHash: hash, verificationToken: verification))
    } catch {
      throw APIFailure.store(error, APIMessage.createFailed)
    }
    let token: String
    do {
      token = try await tokens.emailToken(user: username, verificationString: verification)
    } catch {
      throw APIFailure.storage(StoreError.database("\(error)"), APIMessage.mailFailed)
    }
    let link = links.base + Endpoint.verifyEmail.path(["user": username, "token": token])
    try mail(to: email, subject: MailTemplates.welcomeSubject, content: MailTemplates.welcome(username: username, link: link))
    return APIResponse.envelope(.ok, AccountJSON.registered(user))
  }

  /// `Endpoint.refresh`: a new token for a validly signed one, within 24 h of the login, while
  /// the account it names still has the credentials it was issued under.
  func refresh(_ request: Request) async throws -> Response {
    let claims: AccessClaims
    switch await tokens.refreshableClaims(request.headers[.authorization]) {
    case .failure(let refusal): throw APIFailure.middleware(.init(code: refusal.status), refusal.message)
    case .success(let value): claims = value
    }
    guard let user = try? await store.user(named: claims.id), claims.isCurrent(for: user) else {
      throw APIFailure.middleware(.unauthorized, APIMessage.tokenRevoked)
    }
    // A disabled account gets what its requests get: 403.
    guard user.accountEnabled, user.emailEnabled else { throw APIFailure.middleware(.forbidden, APIMessage.forbidden) }
    guard let issued = try? await tokens.issue(for: claims.id, originalIssue: claims.originalIssue) else {
      throw APIFailure.middleware(.unauthorized, APIMessage.signatureInvalid)
    }
    return APIResponse.token(issued.token, expire: issued.expire)
  }

  /// `Endpoint.verifyEmail`: the link of the registration mail.
  func verifyEmail(_ request: Request, _ context: ServerContext) async throws -> Response {
    guard let username = Names.fromPath(context.parameters.get("user")) else {
      throw APIFailure.refused(APIMessage.invalidName("username"))
    }
    let token = context.parameters.get("token") ?? ""
    let claims: (verification: String, expire: Date?)
    switch await tokens.verifyEmailToken(token, user: username) {
    case .failure(let refusal): throw APIFailure.refused(refusal.message)
    case .success(let value): claims = value
    }
    guard let user = try? await store.user(named: username) else { throw APIFailure.refused(APIMessage.userNotFound) }
    guard user.emailVerificationToken == claims.verification else { throw APIFailure.refused(APIMessage.emailVerifyMismatch) }
    guard let expire = claims.expire, Date() < expire else { throw APIFailure.refused(APIMessage.emailVerifyExpired) }
    do {
      try await store.verifyEmail(of: username)
    } catch {
      throw APIFailure.store(error, APIMessage.emailVerifyMismatch)
    }
    return APIResponse.envelope(.ok, .string(APIMessage.emailVerified))
  }
}
