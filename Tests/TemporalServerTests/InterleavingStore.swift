import Foundation
import Synchronization

@testable import TemporalServer

/// A real store with one seam: the first read of a user by name runs `hook` after the read, as
/// if another request committed a change right then (a password change while a login's bcrypt
/// comparison runs). Only for tests of orderings that timing cannot pin.
final class InterleavingStore: AccountStore {
  let inner: any AccountStore
  let hook: Mutex<(@Sendable () async throws -> Void)?>

  init(_ inner: any AccountStore, afterFirstRead hook: @escaping @Sendable () async throws -> Void) {
    self.inner = inner
    self.hook = Mutex(hook)
  }

  func createUser(_ user: NewUser) async throws -> UserRecord {
    try await inner.createUser(user)
  }

  func user(named username: String) async throws -> UserRecord? {
    let found = try await inner.user(named: username)
    if let hook = hook.withLock({ hook in
      defer { hook = nil }
      return hook
    }) {
      try await hook()
    }
    return found
  }

  func user(withEmail email: String) async throws -> UserRecord? {
    try await inner.user(withEmail: email)
  }

  func verifyEmail(of username: String) async throws {
    try await inner.verifyEmail(of: username)
  }

  func setPasswordHash(_ hash: String, for username: String, credentialsEpoch: Int64) async throws {
    try await inner.setPasswordHash(hash, for: username, credentialsEpoch: credentialsEpoch)
  }

  func replacePasswordHash(_ oldHash: String, with newHash: String, for username: String) async throws -> Bool {
    try await inner.replacePasswordHash(oldHash, with: newHash, for: username)
  }

  func setPendingPasswordHash(_ hash: String, for username: String) async throws {
    try await inner.setPendingPasswordHash(hash, for: username)
  }

  func promotePendingPassword(_ pending: String, to hash: String, for username: String, credentialsEpoch: Int64)
    async throws -> Bool
  {
    try await inner.promotePendingPassword(pending, to: hash, for: username, credentialsEpoch: credentialsEpoch)
  }

  func usage(of username: String) async throws -> UsageRecord? {
    try await inner.usage(of: username)
  }

  func userWithUsage(named username: String) async throws -> UserWithUsage? {
    try await inner.userWithUsage(named: username)
  }

  func setTier(_ tier: Tier, for username: String) async throws {
    try await inner.setTier(tier, for: username)
  }

  func changeTier(of username: String, from current: Tier, to tier: Tier) async throws -> Bool {
    try await inner.changeTier(of: username, from: current, to: tier)
  }

  func setCredits(_ credits: String, for username: String) async throws {
    try await inner.setCredits(credits, for: username)
  }

  func keys(of username: String) async throws -> [KeyRecord] {
    try await inner.keys(of: username)
  }

  func key(named name: String, of username: String) async throws -> KeyRecord? {
    try await inner.key(named: name, of: username)
  }

  func hasKey(named name: String, of username: String) async throws -> Bool {
    try await inner.hasKey(named: name, of: username)
  }

  func addKey(_ key: KeyRecord, for username: String) async throws {
    try await inner.addKey(key, for: username)
  }

  func removeKey(named name: String, of username: String) async throws -> KeyRecord? {
    try await inner.removeKey(named: name, of: username)
  }

  func matchesKeyCheck(_ check: String) async throws -> Bool {
    try await inner.matchesKeyCheck(check)
  }

  func allAccounts() async throws -> [UserWithUsage] {
    try await inner.allAccounts()
  }

  func setAccountEnabled(_ enabled: Bool, for username: String) async throws {
    try await inner.setAccountEnabled(enabled, for: username)
  }

  func reencryptKeys(newKeyCheck: String, _ reseal: @escaping @Sendable (KeyRecord) throws -> [UInt8]) async throws -> Int {
    try await inner.reencryptKeys(newKeyCheck: newKeyCheck, reseal)
  }

  func isHealthy() async -> Bool {
    await inner.isHealthy()
  }
}
