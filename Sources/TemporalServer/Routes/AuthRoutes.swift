import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// Login, registration, refresh and email verification.
extension AccountService {
  /// `Endpoint.login`: a JSON body `{username, password}` whatever the Content-Type;
  /// the username may be the email address.
  func login(_ request: Request, _ context: ServerContext) async throws -> Response {
    let body = try? await request.body.collect(upTo: context.maxUploadSize)
    guard let body, let value = try? JSONValue(parsing: body.readableBytesView),
      let name = value["username"]?.stringValue, !name.isEmpty,
      let password = value["password"]?.stringValue, !password.isEmpty
    else {
      return APIResponse.json(.badRequest, APIEnvelope.message(code: 400, APIMessage.missingCredentials))
    }
    let refused = APIResponse.middlewareError(.unauthorized, APIMessage.incorrectCredentials)
    var user = try? await store.user(named: Names.normalized(name))
    if user == nil { user = try? await store.user(withEmail: name) }
    guard let user, user.accountEnabled, user.emailEnabled,
      (try? await passwords.verify(password, hash: user.passwordHash)) == true
    else { return refused }
    let issued = try await tokens.issue(for: user.username)
    return APIResponse.token(issued.token, expire: issued.expire)
  }

  /// `Endpoint.register`: form fields `username`, `password`, `email_address`.
  func registerAccount(_ request: Request, _ context: ServerContext) async throws -> Response {
    let form = await FormFields.read(request, context: context)
    let fields: [String]
    do {
      fields = try form.require(Endpoint.register.formFields)
    } catch {
      return APIResponse.failure(APIMessage.notPresent(error.field))
    }
    let (username, password, email) = (Names.normalized(fields[0]), fields[1], fields[2])
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

  /// `Endpoint.refresh`: a new token for a validly signed one, within 24 h of the login.
  func refresh(_ request: Request) async -> Response {
    switch await tokens.refresh(request.headers[.authorization]) {
    case .failure(let refusal): return APIResponse.middlewareError(.init(code: refusal.status), refusal.message)
    case .success(let issued): return APIResponse.token(issued.token, expire: issued.expire)
    }
  }

  /// `Endpoint.verifyEmail`: the link of the registration mail.
  func verifyEmail(_ request: Request, _ context: ServerContext) async throws -> Response {
    let username = Names.fromPath(context.parameters.get("user"))
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
