import Synchronization

/// Tokens whose signature and claims were checked, and their claims: a client sends the same
/// token on every request, and checking it again (base64, HMAC-SHA256, a JSON parse) is most of
/// the token's cost. What depends on the time (expiry, a login time in the future) and on the
/// account (a password change since) is checked on every request all the same.
final class VerifiedTokens: Sendable {
  private let entries = Mutex<[String: AccessClaims]>([:])
  private let capacity: Int

  init(capacity: Int = 4096) {
    self.capacity = capacity
  }

  /// How many tokens are remembered.
  var count: Int { entries.withLock { $0.count } }

  /// The claims of `token` if it was verified before.
  func claims(of token: String) -> AccessClaims? {
    entries.withLock { $0[token] }
  }

  /// Remembers a verified token; when full, the remembered tokens are forgotten (each is verified
  /// again on its next request) so that memory stays bounded whatever tokens clients send.
  func remember(_ token: String, _ claims: AccessClaims) {
    entries.withLock { entries in
      if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
      entries[token] = claims
    }
  }
}
