import Foundation
import Testing

@testable import TemporalServer

/// The storage protocol's promises, on SQLite and on PostgreSQL.
@Suite("Storage on each backend")
struct StorageTests {
  static func newUser(_ name: String, tier: Tier = .unverified) -> NewUser {
    NewUser(username: name, email: "\(name)@example.com", passwordHash: "hash", verificationToken: "v", tier: tier)
  }

  static func key(_ name: String) -> KeyRecord {
    KeyRecord(name: name, keyID: "id-\(name)", type: "ed25519", encryptedPrivateKey: [1, 2, 3, 0, 255])
  }

  @Test(.enabled(if: StorageBackend.postgresURL != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func postgresIsAvailable() async throws {
    try await StorageBackend.postgres.withStore { store in #expect(await store.isHealthy()) }
  }

  @Test func databaseURLs() throws {
    let full = try DatabaseURL("postgres://ann:p%40ss@db.internal:6543/temporal", environment: [:])
    #expect(try full == DatabaseURL.parts("db.internal", 6543, "ann", "p@ss", "temporal"))
    let fromEnvironment = try DatabaseURL("postgresql://db", environment: ["PGPASSWORD": "secret", "PGUSER": "svc"])
    #expect(try fromEnvironment == DatabaseURL.parts("db", 5432, "svc", "secret", "svc"))
    #expect(full.text == "postgres://ann:p%40ss@db.internal:6543/temporal")
    #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL("mysql://db/x", environment: [:]) }
  }

  @Test(arguments: StorageBackend.available)
  func accountsAndDuplicates(_ backend: StorageBackend) async throws {
    try await backend.withStore { store in
      let ann = try await store.createUser(Self.newUser("ann"))
      #expect(ann.username == "ann" && ann.email == "ann@example.com" && !ann.emailEnabled)
      #expect(ann.credentialsEpoch == Int64(ann.createdAt.timeIntervalSince1970.rounded(.down)))
      await #expect(throws: StoreError.emailTaken) { try await store.createUser(Self.newUser("ann")) }
      var other = Self.newUser("ann")
      other.email = "new@example.com"
      await #expect(throws: StoreError.usernameTaken) { try await store.createUser(other) }
      #expect(try await store.user(withEmail: "ann@example.com")?.username == "ann")
      #expect(try await store.user(named: "nobody") == nil)
      #expect(try await store.usage(of: "ann")?.tier == .unverified)
      try await store.verifyEmail(of: "ann")
      #expect(try await store.user(named: "ann")?.emailEnabled == true)
      #expect(try await store.usage(of: "ann")?.tier == .free)
      await #expect(throws: StoreError.notFound) { try await store.verifyEmail(of: "nobody") }
      let both = try #require(try await store.userWithUsage(named: "ann"))
      #expect(both.user.username == "ann" && both.usage.keysAllowed == 5)
      try await store.setCredits("12.5", for: "ann")
      #expect(try await store.user(named: "ann")?.credits == "12.5")
      #expect(await store.isHealthy())
    }
  }

  @Test(arguments: StorageBackend.available)
  func passwordsEpochsAndResets(_ backend: StorageBackend) async throws {
    try await backend.withStore { store in
      _ = try await store.createUser(Self.newUser("bo"))
      try await store.setPendingPasswordHash("pending", for: "bo")
      #expect(try await store.user(named: "bo")?.pendingPasswordHash == "pending")
      #expect(try await store.user(named: "bo")?.passwordHash == "hash")
      #expect(try await store.promotePendingPassword("other", to: "pending", for: "bo", credentialsEpoch: 7) == false)
      #expect(try await store.promotePendingPassword("pending", to: "pending", for: "bo", credentialsEpoch: 7) == true)
      #expect(try await store.promotePendingPassword("pending", to: "pending", for: "bo", credentialsEpoch: 8) == false)
      let bo = try #require(try await store.user(named: "bo"))
      #expect(bo.passwordHash == "pending" && bo.pendingPasswordHash == nil && bo.credentialsEpoch == 7)
      try await store.setPendingPasswordHash("again", for: "bo")
      try await store.setPasswordHash("new", for: "bo", credentialsEpoch: 9)
      let changed = try #require(try await store.user(named: "bo"))
      #expect(changed.passwordHash == "new" && changed.pendingPasswordHash == nil && changed.credentialsEpoch == 9)
      await #expect(throws: StoreError.notFound) { try await store.setPasswordHash("x", for: "nobody", credentialsEpoch: 1) }
    }
  }

  @Test(arguments: StorageBackend.available)
  func keysCountAndLeave(_ backend: StorageBackend) async throws {
    try await backend.withStore { store in
      _ = try await store.createUser(Self.newUser("cy", tier: .free))
      try await store.addKey(Self.key("cy-a"), for: "cy")
      try await store.addKey(Self.key("cy-b"), for: "cy")
      await #expect(throws: StoreError.keyNameExists) { try await store.addKey(Self.key("cy-a"), for: "cy") }
      #expect(try await store.keys(of: "cy").map(\.name) == ["cy-a", "cy-b"])
      #expect(try await store.keys(of: "cy").first?.encryptedPrivateKey == [1, 2, 3, 0, 255])
      #expect(try await store.usage(of: "cy")?.keysCreated == 2)
      let removed = try await store.removeKey(named: "cy-a", of: "cy")
      #expect(removed?.keyID == "id-cy-a")
      #expect(try await store.removeKey(named: "cy-a", of: "cy") == nil)
      #expect(try await store.usage(of: "cy")?.keysCreated == 1)
      #expect(try await store.keys(of: "cy").map(\.name) == ["cy-b"])
    }
  }

  @Test(arguments: StorageBackend.available)
  func limitsAndTiersHoldUnderConcurrency(_ backend: StorageBackend) async throws {
    try await backend.withStore { store in
      _ = try await store.createUser(Self.newUser("di", tier: .free))
      let made = await withTaskGroup(of: Bool.self) { group in
        for index in 0..<20 { group.addTask { (try? await store.addKey(Self.key("di-\(index)"), for: "di")) != nil } }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
      #expect(made == 5)
      #expect(try await store.keys(of: "di").count == 5)
      #expect(try await store.usage(of: "di")?.keysCreated == 5)
      let sameName = await withTaskGroup(of: Bool.self) { group in
        for _ in 0..<10 {
          group.addTask { (try? await store.addKey(Self.key("ed-same"), for: "ed")) != nil }
        }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
      #expect(sameName == 0)
      _ = try await store.createUser(Self.newUser("ed", tier: .free))
      let once = await withTaskGroup(of: Bool.self) { group in
        for _ in 0..<10 { group.addTask { (try? await store.addKey(Self.key("ed-same"), for: "ed")) != nil } }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
      #expect(once == 1)
      let upgrades = await withTaskGroup(of: Bool.self) { group in
        for _ in 0..<10 { group.addTask { (try? await store.changeTier(of: "ed", from: .free, to: .paid)) == true } }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
      #expect(upgrades == 1)
      #expect(try await store.usage(of: "ed")?.tier == .paid)
      #expect(try await store.usage(of: "ed")?.keysAllowed == 150)
    }
  }
}

extension DatabaseURL {
  static func parts(_ host: String, _ port: Int, _ user: String, _ password: String?, _ database: String) throws -> DatabaseURL {
    var url = try DatabaseURL("postgres://x@h/d", environment: [:])
    (url.host, url.port, url.username, url.password, url.database) = (host, port, user, password, database)
    return url
  }
}
