import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// The authenticated account endpoints and the recovery endpoints.
extension AccountService {
  func changePassword(_ request: Request, _ context: ServerContext, _ user: UserRecord) async throws -> Response {
    let fields: [String]
    do {
      fields = try await FormFields.read(request, context: context).require(Endpoint.changePassword.formFields)
    } catch {
      return APIResponse.failure(error.message)
    }
    guard fields[1].utf8.count <= PasswordHasher.maximumBytes else {
      return APIResponse.failure(APIMessage.passwordTooLong("new_password"))
    }
    guard (try? await passwords.verify(fields[0], hash: user.passwordHash)) == true else {
      return APIResponse.failure(APIMessage.changePasswordFailed)
    }
    do {
      // Every token issued before the change stops working, this request's own included.
      try await store.setPasswordHash(
        try await passwords.hash(fields[1]), for: user.username, credentialsEpoch: Self.nextEpoch(Date()))
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
      // Checked again where it is written: of concurrent upgrades, one wins and mails.
      guard try await store.changeTier(of: user.username, from: .free, to: .paid) else {
        return APIResponse.failure(APIMessage.alreadyUpgraded)
      }
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
    let email: String
    do {
      email = try await FormFields.read(request, context: context).require(["email_address"])[0]
    } catch {
      return .refused(APIResponse.failure(error.message))
    }
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

  /// Mails 32 random letters from the system's cryptographic generator. They become the password
  /// when first used to log in; until then the old password keeps working, so that anyone who
  /// knows an address cannot lock its owner out.
  func forgotPassword(_ request: Request, _ context: ServerContext) async throws -> Response {
    switch await recoverableAccount(request, context) {
    case .refused(let response): return response
    case .accepted(let user):
      let password = RandomText.lowercaseLetters(32)
      do {
        try await store.setPendingPasswordHash(try await passwords.hash(password), for: user.username)
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
