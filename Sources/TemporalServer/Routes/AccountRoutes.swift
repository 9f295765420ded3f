import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// The authenticated account endpoints and the recovery endpoints.
extension AccountService {
  func changePassword(_ request: Request, _ context: ServerContext, _ user: UserRecord) async throws -> Response {
    let form = try await self.form(PasswordChangeForm.self, of: request, context)
    guard form.newPassword.utf8.count <= PasswordHasher.maximumBytes else {
      throw APIFailure.refused(APIMessage.passwordTooLong("new_password"))
    }
    guard (try? await passwords.verify(form.oldPassword, hash: user.passwordHash)) == true else {
      throw APIFailure.refused(APIMessage.changePasswordFailed)
    }
    do {
      // Every token issued before the change stops working, this request's own included.
      try await store.setPasswordHash(
        try await passwords.hash(form.newPassword), for: user.username, credentialsEpoch: Self.nextEpoch(Date()))
    } catch {
      throw APIFailure.store(error, APIMessage.changePasswordFailed)
    }
    return APIResponse.envelope(.ok, .string(APIMessage.passwordChanged))
  }

  func upgrade(_ user: UserRecord) async throws -> Response {
    guard let usage = try? await store.usage(of: user.username) else { throw APIFailure.refused(APIMessage.userNotFound) }
    switch usage.tier {
    case .unverified: throw APIFailure.refused(APIMessage.unverifiedUpgrade)
    case .free: break
    default: throw APIFailure.refused(APIMessage.alreadyUpgraded)
    }
    // Checked again where it is written: of concurrent upgrades, one wins and mails.
    let upgraded: Bool
    do {
      upgraded = try await store.changeTier(of: user.username, from: .free, to: .paid)
    } catch {
      throw APIFailure.store(error, APIMessage.upgradeFailed)
    }
    guard upgraded else { throw APIFailure.refused(APIMessage.alreadyUpgraded) }
    try mail(to: user.email, subject: MailTemplates.upgradeSubject, content: MailTemplates.upgrade)
    return APIResponse.envelope(.ok, .string(APIMessage.accountUpgraded))
  }

  /// The verified account of the request's `email_address`, or the original's refusal.
  private func recoverableAccount(_ request: Request, _ context: ServerContext) async throws(APIFailure) -> UserRecord {
    let form = try await self.form(EmailForm.self, of: request, context)
    guard let user = try? await store.user(withEmail: form.emailAddress) else {
      throw .refused(APIMessage.userNotFound)
    }
    guard user.emailEnabled else { throw .refused(APIMessage.emailNotEnabled) }
    return user
  }

  func forgotUsername(_ request: Request, _ context: ServerContext) async throws -> Response {
    let user = try await recoverableAccount(request, context)
    try mail(
      to: user.email, subject: MailTemplates.usernameReminderSubject, content: MailTemplates.usernameReminder(user.username))
    return APIResponse.envelope(.ok, .string(APIMessage.usernameReminderSent))
  }

  /// Mails 32 random letters from the system's cryptographic generator. They become the password
  /// when first used to log in, within an hour and before the old password is used again; until
  /// then the old password keeps working, so that anyone who knows an address cannot lock its
  /// owner out.
  func forgotPassword(_ request: Request, _ context: ServerContext) async throws -> Response {
    let user = try await recoverableAccount(request, context)
    let password = RandomText.lowercaseLetters(32)
    do {
      let pending = PendingPassword(hash: try await passwords.hash(password), mailedAt: Int64(Date().timeIntervalSince1970))
      try await store.setPendingPasswordHash(pending.stored, for: user.username)
    } catch {
      throw APIFailure.store(error, APIMessage.resetFailed)
    }
    try mail(to: user.email, subject: MailTemplates.passwordResetSubject, content: MailTemplates.passwordReset(password))
    return APIResponse.envelope(.ok, .string(APIMessage.passwordReset))
  }
}
