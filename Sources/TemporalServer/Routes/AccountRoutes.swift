import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// The authenticated account endpoints and the recovery endpoints.
extension AccountService {
  func changePassword(_ request: Request, _ context: ServerContext, _ user: UserRecord) async throws -> Response {
    let form = await FormFields.read(request, context: context)
    let fields: [String]
    do {
      fields = try form.require(Endpoint.changePassword.formFields)
    } catch {
      return APIResponse.failure(APIMessage.notPresent(error.field))
    }
    guard (try? await passwords.verify(fields[0], hash: user.passwordHash)) == true else {
      return APIResponse.failure(APIMessage.changePasswordFailed)
    }
    do {
      try await store.setPasswordHash(try await passwords.hash(fields[1]), for: user.username)
    } catch {
      return storageFailure(error, APIMessage.changePasswordFailed)
    }
    return APIResponse.envelope(.ok, .string(APIMessage.passwordChanged))
  }

  func upgrade(_ user: UserRecord) async throws -> Response {
    guard let usage = try? await store.usage(of: user.username) else { return APIResponse.failure(APIMessage.userNotFound) }
    switch usage.tier {
    case .unverified: return APIResponse.failure(APIMessage.unverifiedUpgrade)
    case .free: break
    default: return APIResponse.failure(APIMessage.alreadyUpgraded)
    }
    do {
      try await store.setTier(.paid, for: user.username)
    } catch {
      return storageFailure(error, "an error occurred upgrading your tier")
    }
    do {
      try outbox.send(to: user.email, subject: MailTemplates.upgradeSubject, content: MailTemplates.upgrade)
    } catch {
      return storageFailure(error, "failed to publish message to queue")
    }
    return APIResponse.envelope(.ok, .string(APIMessage.accountUpgraded))
  }

  /// The verified account of the request's `email_address`, or the original's refusal.
  private func recoverableAccount(_ request: Request, _ context: ServerContext) async -> Outcome<UserRecord> {
    let form = await FormFields.read(request, context: context)
    guard let email = form["email_address"] else { return .refused(APIResponse.failure(APIMessage.notPresent("email_address"))) }
    guard let user = try? await store.user(withEmail: email) else {
      return .refused(APIResponse.failure(APIMessage.userNotFound))
    }
    guard user.emailEnabled else { return .refused(APIResponse.failure(APIMessage.emailNotEnabled)) }
    return .accepted(user)
  }

  func forgotUsername(_ request: Request, _ context: ServerContext) async throws -> Response {
    switch await recoverableAccount(request, context) {
    case .refused(let response): return response
    case .accepted(let user):
      do {
        try outbox.send(
          to: user.email, subject: MailTemplates.usernameReminderSubject, content: MailTemplates.usernameReminder(user.username))
      } catch {
        return storageFailure(error, "failed to publish message to queue")
      }
      return APIResponse.envelope(.ok, .string(APIMessage.usernameReminderSent))
    }
  }

  /// Resets at once to 32 random letters from the system's cryptographic generator and mails them.
  func forgotPassword(_ request: Request, _ context: ServerContext) async throws -> Response {
    switch await recoverableAccount(request, context) {
    case .refused(let response): return response
    case .accepted(let user):
      let password = RandomText.lowercaseLetters(32)
      do {
        try await store.setPasswordHash(try await passwords.hash(password), for: user.username)
      } catch {
        return storageFailure(error, APIMessage.resetFailed)
      }
      do {
        try outbox.send(
          to: user.email, subject: MailTemplates.passwordResetSubject, content: MailTemplates.passwordReset(password))
      } catch {
        return storageFailure(error, "failed to publish message to queue")
      }
      return APIResponse.envelope(.ok, .string(APIMessage.passwordReset))
    }
  }
}
