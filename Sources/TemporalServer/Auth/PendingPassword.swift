import Foundation

/// A mailed reset password waiting to be used: its bcrypt hash and when it was mailed, kept in
/// the one `pending_password_hash` column as `SECONDS:HASH` (a bcrypt hash starts with `$`, so
/// the two never mix, and both backends keep their schema). It is good for an hour, and only
/// while the old password has not been used since.
struct PendingPassword: Equatable {
  var hash: String
  /// Unix seconds when it was mailed.
  var mailedAt: Int64

  /// How long a mailed password may be used.
  static let lifetime: Int64 = 3600

  /// The column's text.
  var stored: String { "\(mailedAt):\(hash)" }

  /// The pending password a column holds; nil for none, and for a hash stored without its time
  /// (before expiry was kept), which counts as expired.
  init?(stored: String?) {
    guard let stored, let colon = stored.firstIndex(of: ":"), let seconds = Int64(stored[..<colon]) else { return nil }
    self.init(hash: String(stored[stored.index(after: colon)...]), mailedAt: seconds)
  }

  init(hash: String, mailedAt: Int64) {
    self.hash = hash
    self.mailedAt = mailedAt
  }

  /// Whether it may still be used at `now`.
  func isValid(at now: Date) -> Bool {
    let seconds = Int64(now.timeIntervalSince1970)
    return seconds >= mailedAt && seconds - mailedAt < PendingPassword.lifetime
  }
}
