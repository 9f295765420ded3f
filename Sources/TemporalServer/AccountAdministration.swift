import Foundation
import Logging
import TemporalAPI

/// Operator tasks on a data directory, without a running server (`tshell admin`).
public enum AccountAdministration {
  /// What `add-user` sets up.
  public struct NewAccount: Sendable {
    public var username: String
    public var email: String
    public var password: String
    public var verified: Bool
    public var tier: Tier?
    /// A decimal USD amount such as `12.5`.
    public var credits: String?

    public init(username: String, email: String, password: String, verified: Bool, tier: Tier?, credits: String?) {
      self.username = username
      self.email = email
      self.password = password
      self.verified = verified
      self.tier = tier
      self.credits = credits
    }
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Creates an account directly in the data directory's database; a verified account starts in
  /// the free tier unless `tier` says otherwise.
  public static func addUser(_ account: NewAccount, configuration: ServerConfiguration) async throws {
    let username = Names.normalized(account.username)
    if let refusal = NameRule.refusal(of: username, field: "username") { throw Failure(description: refusal) }
    guard !account.email.isEmpty, !account.email.contains("+") else {
      throw Failure(description: "the email address must not be empty or contain '+'")
    }
    guard !account.password.isEmpty else { throw Failure(description: "the password is empty") }
    // The rules registration applies: a longer password could never log in (bcrypt reads 72
    // bytes), and a line break in an address would be a header of every mail sent to it.
    if account.password.utf8.count > PasswordHasher.maximumBytes {
      throw Failure(description: APIMessage.passwordTooLong("the password"))
    }
    for (field, text) in [("email_address", account.email), ("password", account.password)]
    where NameRule.containsControlCharacter(text) {
      throw Failure(description: APIMessage.controlCharacters(field))
    }
    guard account.email.utf8.count <= 255 else { throw Failure(description: "the email address is longer than 255 bytes") }
    if let credits = account.credits { try checkCredits(credits) }
    var logger = Logger(label: "tshell.admin")
    logger.logLevel = .critical
    let service = try await TemporalServer.prepare(configuration, logger: logger).service
    let tier = account.tier ?? (account.verified ? .free : .unverified)
    do {
      _ = try await service.store.createUser(
        NewUser(
          username: username, email: account.email, passwordHash: try await service.passwords.hash(account.password),
          verificationToken: RandomText.lowercaseLetters(32), tier: tier, emailEnabled: account.verified,
          credits: account.credits ?? "0"))
    } catch StoreError.emailTaken {
      throw Failure(description: "an account with the email address \(account.email) exists already")
    } catch StoreError.usernameTaken {
      throw Failure(description: "the username \(username) is taken")
    }
  }
}
