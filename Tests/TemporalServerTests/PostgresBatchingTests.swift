import Foundation
import Testing

@testable import TemporalServer

/// The PostgreSQL store folds concurrent account checks and rate-limit counts into shared
/// statements; the answers must be those of one statement per request.
@Suite(.enabled(if: StorageBackend.postgresURL != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
struct PostgresBatchingTests {
  @Test func concurrentCountsGiveEachRequestItsOwnPlaceInTheWindow() async throws {
    try await StorageBackend.postgres.withStore { store in
      let store = try #require(store as? PostgresAccountStore)
      let clients = ["10.0.0.1", "10.0.0.2", "::1"]
      let perClient = 150
      for round in 0..<2 {
        let window = 3_600 * (round + 1)
        let counts = try await withThrowingTaskGroup(of: (String, Int).self, returning: [String: [Int]].self) { group in
          for index in 0..<(clients.count * perClient) {
            let client = clients[index % clients.count]
            group.addTask { (client, try await store.countRequest(from: client, window: window)) }
          }
          return try await group.reduce(into: [:]) { $0[$1.0, default: []].append($1.1) }
        }
        for client in clients {
          #expect(counts[client]?.sorted() == Array(1...perClient), "\(client) in window \(window)")
        }
      }
      // The second window's first requests cleared the first window.
      #expect(try await store.countRequest(from: clients[0], window: 3_600) == 1)
    }
  }

  @Test func concurrentAccountChecksEachGetTheirOwnAccount() async throws {
    try await StorageBackend.postgres.withStore { store in
      let names = (0..<12).map { "user\($0)" }
      for name in names { _ = try await store.createUser(StorageTests.newUser(name, tier: .free)) }
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<600 {
          group.addTask {
            let name = index % 13 == 12 ? "nobody" : names[index % 13]
            let found = try await store.userWithUsage(named: name)
            #expect(found?.user.username == (name == "nobody" ? nil : name))
            #expect(found.map { $0.usage.username == name } ?? true)
          }
        }
        try await group.waitForAll()
      }
      // A write is seen by the next check.
      try await store.setTier(.paid, for: "user3")
      #expect(try await store.userWithUsage(named: "user3")?.usage.tier == .paid)
    }
  }
}
