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
    guard let body, let value = try? JSONValue(parsing: body.readableBytesView),
      let name = value["username"]?.stringValue, !name.isEmpty,
      let password = value["password"]?.stringValue, !password.isEmpty
    else {
      return APIResponse.json(.badRequest, APIEnvelope.message(code: 400, APIMessage.missingCredentials))
    }
    for (field, text) in [("username", name), ("password", password)] where NameRule.containsControlCharacter(text) {
      return APIResponse.json(.badRequest, APIEnvelope.message(code: 400, APIMessage.controlCharacters(field)))
    }
    let refused = APIResponse.middlewareError(.unauthorized, APIMessage.incorrectCredentials)
    var found = try? await store.user(named: Names.normalized(name))
    if found == nil { found = try? await store.user(withEmail: name) }
    // Longer passwords can be no one's (registration refuses them), and bcrypt would ignore the rest.
    let tooLong = password.utf8.count > PasswordHasher.maximumBytes
    let stored = tooLong ? nil : found?.passwordHash
    let matches = (try? await passwords.verify(password, hash: stored ?? passwords.unknownUserHash)) == true && stored != nil
    guard !tooLong, var user = found else { return refused }
    let now = Date()
    if !matches {
      // A mailed reset password becomes the password when first used; older tokens stop working.
      let epoch = Self.nextEpoch(now)
      guard let pending = user.pendingPasswordHash, (try? await passwords.verify(password, hash: pending)) == true,
        (try? await store.promotePendingPassword(pending, for: user.username, credentialsEpoch: epoch)) == true
      else { return refused }
      user.credentialsEpoch = epoch
    }
    guard user.accountEnabled, user.emailEnabled else { return refused }
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

  /// `Endpoint.register`: form fields `username`, `password`, `email_address`.
  func registerAccount(_ request: Request, _ context: ServerContext) async throws -> Response {
    let fields: [String]
    do {
      fields = try await FormFields.read(request, context: context).require(Endpoint.register.formFields)
    } catch {
      return APIResponse.failure(error.message)
    }
    let (username, password, email) = (Names.normalized(fields[0]), fields[1], fields[2])
    if password.utf8.count > PasswordHasher.maximumBytes { return APIResponse.failure(APIMessage.passwordTooLong("password")) }
    if email.contains("+") { return APIResponse.failure(APIMessage.plusInEmail) }
    if let refusal = NameRule.refusal(of: username, field: "username") { return APIResponse.failure(refusal) }
    guard email.utf8.count <= 255 else { return APIResponse.failure(APIMessage.createFailed) }
    let verification = RandomText.lowercaseLetters(32)
    let user: UserRecord
    do {
      let hash = try await passwords.hash(password)
      user = try await store.createUser(
        NewUser(username: username, email: email, passwordHash: hash, verificationToken: verification))
    } catch StoreError.emailTaken {
      return APIResponse.failure(APIMessage.emailTaken)
    } catch StoreError.usernameTaken {
      return APIResponse.failure(APIMessage.usernameTaken)
    } catch {
      return storageFailure(error, APIMessage.createFailed)
    }
    do {
      let token = try await tokens.emailToken(user: username, verificationString: verification)
      let link = links.base + Endpoint.verifyEmail.path(["user": username, "token": token])
      try outbox.send(
        to: email, subject: MailTemplates.welcomeSubject, content: MailTemplates.welcome(username: username, link: link))
    } catch {
      return storageFailure(error, "failed to publish message to queue")
    }
    return APIResponse.envelope(.ok, AccountJSON.registered(user))
  }

  /// `Endpoint.refresh`: a new token for a validly signed one, within 24 h of the login, while
  /// the account it names still has the credentials it was issued under.
  func refresh(_ request: Request) async -> Response {
    let claims: AccessClaims
    switch await tokens.refreshableClaims(request.headers[.authorization]) {
    case .failure(let refusal): return APIResponse.middlewareError(.init(code: refusal.status), refusal.message)
    case .success(let value): claims = value
    }
    guard let user = try? await store.user(named: claims.id), claims.isCurrent(for: user) else {
      return APIResponse.middlewareError(.unauthorized, APIMessage.tokenRevoked)
    }
    guard let issued = try? await tokens.issue(for: claims.id, originalIssue: claims.originalIssue) else {
      return APIResponse.middlewareError(.unauthorized, APIMessage.signatureInvalid)
    }
    return APIResponse.token(issued.token, expire: issued.expire)
  }

  /// `Endpoint.verifyEmail`: the link of the registration mail.
  func verifyEmail(_ request: Request, _ context: ServerContext) async throws -> Response {
    guard let username = Names.fromPath(context.parameters.get("user")) else {
      return APIResponse.failure(APIMessage.invalidName("username"))
    }
    let token = context.parameters.get("token") ?? ""
    let claims: (verification: String, expire: Date?)
    switch await tokens.verifyEmailToken(token, user: username) {
    case .failure(let refusal): return APIResponse.failure(refusal.message)
    case .success(let value): claims = value
    }
    guard let user = try? await store.user(named: username) else { return APIResponse.failure(APIMessage.userNotFound) }
    guard user.emailVerificationToken == claims.verification else { return APIResponse.failure(APIMessage.emailVerifyMismatch) }
    guard let expire = claims.expire, Date() < expire else { return APIResponse.failure(APIMessage.emailVerifyExpired) }
    do {
      try await store.verifyEmail(of: username)
    } catch {
      return storageFailure(error, APIMessage.emailVerifyMismatch)
    }
    return APIResponse.envelope(.ok, .string(APIMessage.emailVerified))
  }
}
