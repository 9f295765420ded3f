/// The exact texts of the original server, which clients and scripts match on.
public enum APIMessage {
  // Middleware and login (`{"code","message"}` bodies).
  public static let missingCredentials = "Missing Username or Password"
  public static let incorrectCredentials = "Incorrect Username / Password"
  public static let authHeaderEmpty = "auth header empty"
  public static let invalidAuthHeader = "invalid auth header"
  public static let tokenExpired = "Token is expired"
  public static let refreshExpired = "Token is expired."
  public static let signatureInvalid = "signature is invalid"
  public static let malformedToken = "token contains an invalid number of segments"
  public static let invalidAlgorithm = "invalid signing algorithm"
  public static let forbidden = "You don't have permission to access."
  public static let rateLimited = "Limit exceeded"
  public static let notFound = "404 page not found"
  /// A validly signed token from before the account's last password change (or from an earlier
  /// account of the same name).
  public static let tokenRevoked = "token predates the account's current password; log in again"

  // Handler errors (`{"code","response"}` bodies).
  public static func notPresent(_ field: String) -> String { "\(field) not present" }
  public static let plusInEmail = "emails must not contain + signs, this is to prevent abuse of catch all routing"
  public static let atInUsername = "usernames cant contain @ sign"
  /// A username or key name that could not travel in a path or be told apart (`NameRule`).
  public static func invalidName(_ field: String) -> String {
    "\(field) must be 1 to 64 bytes without /, \\ or control characters"
  }
  /// NUL and other control characters are refused in every field that is stored or compared.
  /// Names keep the name rule's own text.
  public static func controlCharacters(_ field: String) -> String {
    field == "username" || field == "key_name" ? invalidName(field) : "\(field) must not contain control characters"
  }
  /// bcrypt reads 72 bytes; a longer password would be accepted by any string sharing them.
  public static func passwordTooLong(_ field: String) -> String { "\(field) must be at most 72 bytes" }
  public static let tooManyFormParts = "the form has too many parts"
  /// 413: an urlencoded form with more fields than any endpoint reads.
  public static func tooManyFormFields(_ limit: Int) -> String { "the form has more than \(limit) fields" }
  /// 413: an urlencoded form larger than any endpoint reads.
  public static func formTooLarge(_ limit: Int) -> String { "the form is larger than \(limit) bytes" }
  /// 413: a body over `--max-body-size`.
  public static func bodyTooLarge(_ limit: Int) -> String { "the request body is larger than \(limit) bytes" }
  public static let emailTaken = "email address already taken"
  public static let usernameTaken = "username is already taken"
  public static let createFailed = "failed to create user account"
  public static let changePasswordFailed = "failed to change password"
  public static let userNotFound = "unable to find username"
  public static let emailNotEnabled =
    "account does not have email enabled, unfortunately for security reasons we can't assist in recovery"
  public static let resetFailed = "failed to reset password"
  public static let unverifiedUpgrade = "unverified account upgrade process must be done via email verification"
  public static let alreadyUpgraded = "user account is already upgrade"
  public static func invalidKeyType(_ type: String) -> String { "\(type) is invalid key type must be rsa, or ed25519" }
  public static let keySearchFailed = "failed to search for key"
  public static let keyNameExists = "key name already exists"
  public static let tooManyKeys = "too many keys created"
  public static let generationsBusy = "too many keys are being generated: try again in a few seconds"
  public static let noKeys = "no keys"
  public static let keyNotOwned = "user does not own key"
  public static let exportFailed = "failed to export key"
  public static let emailVerifyMismatch = "failed to validate email verification token"
  public static let emailVerifyExpired = "token is expired"
  public static let emailVerifyAlgorithm = "expect hs512 signing method"
  public static func emailVerifyUser(_ user: String) -> String { "username from claim does not match expected user of \(user)" }

  /// Go's `strconv.Atoi` refusals of `key_bits` (the original answered them verbatim).
  public static func integerSyntax(_ quoted: String) -> String { "strconv.Atoi: parsing \(quoted): invalid syntax" }
  public static func integerRange(_ quoted: String) -> String { "strconv.Atoi: parsing \(quoted): value out of range" }

  // The original's generic answers when storage or the mail queue failed (the cause is logged).
  public static let mailFailed = "failed to publish message to queue"
  public static let upgradeFailed = "an error occurred upgrading your tier"
  public static let keyCountFailed = "failed to increment key count"
  public static let keyRemovalFailed = "failed to remove key from database"
  public static let internalError = "internal server error"

  // Values of the registration answer.
  public static let scrubbed = "scrubbed"
  public static let termsStatus =
    "by continuing to use this service you agree to be bound by the following api terms and service https://gateway.temporal.cloud/ipns/docs.ts.temporal.cloud"

  // The service routes.
  public static let healthy = "ok"
  public static let databaseUnavailable = "database unavailable"
  /// `/health` while `serve` drains before it stops (SIGTERM).
  public static let draining = "draining"
  public static let hello = "hello"

  // Success texts.
  public static let passwordChanged = "password changed"
  public static let accountUpgraded = "account upgraded"
  public static let keyCreated = "key creation sent to backend"
  public static let usernameReminderSent = "username reminder sent account email"
  public static let passwordReset = "password reset, please check your email for a new password"
  public static let emailVerified = "email verified"
}
