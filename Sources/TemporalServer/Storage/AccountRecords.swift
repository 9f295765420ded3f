import Foundation

/// An account as stored.
public struct UserRecord: Sendable, Equatable {
  public var id: Int64
  public var username: String
  public var email: String
  /// The bcrypt hash.
  public var passwordHash: String
  public var accountEnabled: Bool
  public var emailEnabled: Bool
  public var emailVerificationToken: String
  public var admin: Bool
  public var free: Bool
  /// The balance in USD as an exact decimal literal (`0`, `12.5`).
  public var credits: String
  public var customerObjectHash: String
  public var organization: String
  public var createdAt: Date
  public var updatedAt: Date
  /// Unix seconds: tokens whose `orig_iat` is earlier were issued under older credentials.
  public var credentialsEpoch: Int64
  /// A mailed reset password not yet used.
  public var pendingPasswordHash: String?
}

/// What the account check of a request reads: at least the user.
public protocol AccountRows: Sendable {
  var user: UserRecord { get }
}

extension UserRecord: AccountRows {
  public var user: UserRecord { self }
}

/// A user and its usage row, read in one query.
public struct UserWithUsage: AccountRows {
  public var user: UserRecord
  public var usage: UsageRecord
}

/// An account's usage counters and limits.
public struct UsageRecord: Sendable, Equatable {
  public var id: Int64
  public var username: String
  public var tier: Tier
  public var monthlyDataLimitBytes: Int64
  public var currentDataUsedBytes: Int64
  public var ipnsRecordsPublished: Int64
  public var ipnsRecordsAllowed: Int64
  public var pubSubMessagesSent: Int64
  public var pubSubMessagesAllowed: Int64
  public var keysCreated: Int64
  public var keysAllowed: Int64
  public var claimedENSName: Bool
  public var createdAt: Date
  public var updatedAt: Date
}

/// A stored IPFS key; the private key is encrypted at rest.
public struct KeyRecord: Sendable, Equatable {
  /// The full stored name, `<username>-<key_name>`.
  public var name: String
  /// The peer ID.
  public var keyID: String
  public var type: String
  public var encryptedPrivateKey: [UInt8]
}

/// What registration stores.
public struct NewUser: Sendable {
  public var username: String
  public var email: String
  public var passwordHash: String
  public var verificationToken: String
  public var tier: Tier
  public var emailEnabled: Bool
  public var credits: String

  public init(
    username: String, email: String, passwordHash: String, verificationToken: String, tier: Tier = .unverified,
    emailEnabled: Bool = false, credits: String = "0"
  ) {
    self.username = username
    self.email = email
    self.passwordHash = passwordHash
    self.verificationToken = verificationToken
    self.tier = tier
    self.emailEnabled = emailEnabled
    self.credits = credits
  }
}

/// Failures the routes turn into the original's answers.
public enum StoreError: Error, Equatable {
  case emailTaken
  case usernameTaken
  case keyNameExists
  case tooManyKeys
  case notFound
  /// The database failed (the message is for logs, never for clients).
  case database(String)
}
