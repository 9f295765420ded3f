import Foundation
import Synchronization
import TShellTestSupport
import Testing

/// Two `tshell serve` processes over one PostgreSQL database, as replicas behind a load balancer.
@Suite("tshell serve replicas over PostgreSQL (process)")
struct ReplicaTests {
  static let url = ProcessInfo.processInfo.environment["TSHELL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

  /// A new database on the test server; its URL.
  static func freshDatabase() throws -> String {
    let base = try #require(url)
    let name = "r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let psql = Process()
    psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    psql.arguments = ["psql", base, "-q", "-c", "CREATE DATABASE \(name)"]
    psql.standardOutput = FileHandle.nullDevice
    try psql.run()
    psql.waitUntilExit()
    #expect(psql.terminationStatus == 0)
    return String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/" + name
  }

  /// What every replica of one test shares: the database and fresh secrets.
  static func sharedArguments(_ database: String, _ extra: [String] = []) throws -> [String] {
    ["--database", database, "--jwt-secret-file", try secretFile(48), "--key-encryption-key-file", try secretFile(32)] + extra
  }

  static func secretFile(_ bytes: Int) throws -> String {
    var generator = SystemRandomNumberGenerator()
    let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let file = TShellProcess.freshHome("secret")
    try data.write(to: URL(fileURLWithPath: file))
    return file
  }

  @Test(.enabled(if: url != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func twoReplicasShareAccountsTokensAndLimits() async throws {
    let database = try Self.freshDatabase()
    let shared = try Self.sharedArguments(database)
    let first = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-a"), extraArguments: shared)
    defer { first.stop() }
    let second = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-b"), extraArguments: shared)
    defer { second.stop() }

    // Registered on one, verified and logged in on the other, the token works on both.
    let register = try await first.request(
      "POST", "/v2/auth/register", form: [("username", "ann"), ("password", "pw"), ("email_address", "ann@example.com")])
    #expect(register.status == 200)
    let link = try #require(try first.verificationPath())
    #expect(try await second.request("GET", link).status == 200)
    let login = try await second.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"pw"}"#)
    let token = try #require(login.body.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) })
    #expect(try await first.request("GET", "/v2/account/usage", token: token).status == 200)

    // Twenty creations split across both make exactly the free tier's five.
    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
      for index in 0..<20 {
        let replica = index % 2 == 0 ? first : second
        group.addTask {
          try await replica.request(
            "POST", "/v2/account/key/ipfs/new", token: token,
            form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k\(index)")]
          ).status
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(statuses.filter { $0 == 200 }.count == 5)
    let list = try await second.request("GET", "/v2/account/key/ipfs/get", token: token)
    #expect(list.body.matches(of: /"ann-k\d+"/).count == 5)
    // A key made on one replica is exported on the other (one key-encryption key).
    let name = try #require(list.body.firstMatch(of: /"(ann-k\d+)"/).map { String($0.1) })
    #expect(try await first.request("GET", "/v2/account/key/export/\(name)", token: token).status == 200)

    // Of ten upgrades split across both, one wins.
    let upgrades = try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<10 {
        let replica = index % 2 == 0 ? first : second
        group.addTask { try await replica.request("POST", "/v2/account/upgrade", token: token).body }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(upgrades.filter { $0.contains("account upgraded") }.count == 1)
    let usage = try await first.request("GET", "/v2/account/usage", token: token)
    #expect(usage.body.contains(#""Tier":"paid""#) && usage.body.contains(#""KeysAllowed":150"#))
  }

  @Test(.enabled(if: url != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func killingOneReplicaMidLoadLosesNoAcknowledgedWrite() async throws {
    let database = try Self.freshDatabase()
    let shared = try Self.sharedArguments(database)
    let doomed = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-g"), extraArguments: shared)
    let survivor = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-h"), extraArguments: shared)
    defer { survivor.stop() }
    _ = try await survivor.request(
      "POST", "/v2/auth/register", form: [("username", "kim"), ("password", "pw"), ("email_address", "kim@example.com")])
    #expect(try await survivor.request("GET", try #require(try survivor.verificationPath())).status == 200)
    let login = try await survivor.request("POST", "/v2/auth/login", body: #"{"username":"kim","password":"pw"}"#)
    let token = try #require(login.body.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) })
    #expect(try await survivor.request("POST", "/v2/account/upgrade", token: token).status == 200)

    // 8 writers create keys on the doomed replica; it is killed once 20 are acknowledged, with
    // more in flight.
    let count = AcknowledgedCount()
    let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
      for writer in 0..<8 {
        group.addTask {
          var made: [String] = []
          for index in 0..<30 {
            let name = "w\(writer)-\(index)"
            let answer = try? await doomed.request(
              "POST", "/v2/account/key/ipfs/new", token: token,
              form: [("key_type", "ed25519"), ("key_bits", "0"), ("key_name", name)])
            guard let answer else { break }
            if answer.status == 200 {
              made.append("kim-" + name)
              count.add()
            }
          }
          return made
        }
      }
      group.addTask {
        while count.value < 20 { try await Task.sleep(for: .milliseconds(2)) }
        doomed.stop(signal: SIGKILL)
        return []
      }
      return try await group.reduce(into: []) { $0 += $1 }
    }
    #expect(!acknowledged.isEmpty)
    // The survivor still serves, and every acknowledged key is there.
    let list = try await survivor.request("GET", "/v2/account/key/ipfs/get", token: token)
    #expect(list.status == 200)
    let stored = Set(list.body.matches(of: /"(kim-w\d+-\d+)"/).map { String($0.1) })
    #expect(Set(acknowledged).isSubset(of: stored), "lost: \(Set(acknowledged).subtracting(stored))")
  }

  @Test(.enabled(if: url != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func theRateLimitHoldsAcrossReplicas() async throws {
    // The limit counts per hour from the top of the hour: requests that straddle it are counted
    // in two windows, so that run is made again.
    var statuses: [Int] = []
    for _ in 0..<2 {
      let hour = Int(Date().timeIntervalSince1970) / 3600
      statuses = try await statusesOfEightRequestsOverTwoReplicas()
      if Int(Date().timeIntervalSince1970) / 3600 == hour { break }
    }
    #expect(statuses == [200, 200, 200, 200, 200, 200, 429, 429])
  }

  private func statusesOfEightRequestsOverTwoReplicas() async throws -> [Int] {
    let database = try Self.freshDatabase()
    let shared = try Self.sharedArguments(database, ["--rate-limit", "6"])
    let first = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-e"), extraArguments: shared)
    defer { first.stop() }
    let second = try ServerProcess(dataDirectory: TShellProcess.freshHome("replica-f"), extraArguments: shared)
    defer { second.stop() }
    var statuses: [Int] = []
    for index in 0..<8 { statuses.append(try await (index % 2 == 0 ? first : second).request("GET", "/health").status) }
    return statuses
  }

  @Test(.enabled(if: url != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func aReplicaWithAnotherKeyEncryptionKeyRefusesToStart() throws {
    let database = try Self.freshDatabase()
    let jwt = try Self.secretFile(48)
    let first = try ServerProcess(
      dataDirectory: TShellProcess.freshHome("replica-c"),
      extraArguments: ["--database", database, "--jwt-secret-file", jwt, "--key-encryption-key-file", try Self.secretFile(32)])
    first.stop()
    let result = try TShellProcess.run([
      "serve", "--port", "0", "--data-dir", TShellProcess.freshHome("replica-d"), "--database", database,
      "--jwt-secret-file", jwt, "--key-encryption-key-file", try Self.secretFile(32),
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("the database was initialised under another key-encryption key"))
  }
}

/// How many writes were acknowledged so far, shared by the writers and the task that kills.
final class AcknowledgedCount: Sendable {
  private let count = Mutex(0)
  var value: Int { count.withLock { $0 } }
  func add() { count.withLock { $0 += 1 } }
}
