import Synchronization
import TShellTestSupport
import Testing

@testable import TemporalServer

/// How many jobs run now and the most that ever ran at once, and a gate that holds them.
private final class Occupancy: Sendable {
  private let counts = Mutex((now: 0, most: 0))
  private let open = Mutex(false)

  var now: Int { counts.withLock { $0.now } }
  var most: Int { counts.withLock { $0.most } }
  func openGate() { open.withLock { $0 = true } }

  /// One job: counted in, held until the gate opens (if asked), counted out.
  func job(held: Bool) async throws {
    counts.withLock {
      $0.now += 1
      $0.most = max($0.most, $0.now)
    }
    while held && !open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
    await Task.yield()
    counts.withLock { $0.now -= 1 }
  }
}

@Suite("Server: the RSA generation queue")
struct GenerationQueueTests {
  @Test func neverRunsMoreThanItsSlotsAndRefusesPastTheLine() async throws {
    let queue = GenerationQueue(concurrent: 3, waiting: 5)
    let occupancy = Occupancy()
    // The first eight fill the slots and the line while the gate is closed; the rest find it full.
    let outcomes = try await withThrowingTaskGroup(of: Bool.self, returning: [Bool].self) { group in
      for _ in 0..<8 {
        group.addTask { (try? await queue.run { () async throws -> Void in try await occupancy.job(held: true) }) != nil }
      }
      try await eventually { occupancy.now == 3 && queue.inLine == 5 }
      for _ in 0..<40 {
        group.addTask { (try? await queue.run { () async throws -> Void in try await occupancy.job(held: false) }) != nil }
      }
      // The held jobs cannot end before the gate opens: the first forty answers are the refusals.
      var outcomes: [Bool] = []
      while outcomes.count < 40, let outcome = try await group.next() { outcomes.append(outcome) }
      #expect(outcomes.allSatisfy { !$0 })
      occupancy.openGate()
      for try await outcome in group { outcomes.append(outcome) }
      return outcomes
    }
    #expect(outcomes.filter { $0 }.count == 8)
    #expect(outcomes.filter { !$0 }.count == 40)
    #expect(occupancy.most == 3)
    // Emptied, it admits again, many times over and from many tasks, never more than three at once.
    let admitted = await withTaskGroup(of: Bool.self, returning: Int.self) { group in
      for _ in 0..<2_000 {
        group.addTask { (try? await queue.run { () async throws -> Void in try await occupancy.job(held: false) }) != nil }
      }
      return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(admitted >= 8)
    #expect(occupancy.most == 3)
    #expect(occupancy.now == 0)
  }

  @Test func aBurstOfRSARequestsGets503WithRetryAfterPastTheLine() async throws {
    try await LiveServer.run(.live) {
      $0.rsaGenerations = 1
      $0.rsaQueue = 1
    } _: { server in
      let tokens = [try await server.onboard("ann"), try await server.onboard("bob")]
      // Eight requests sent at once, each on its own connection, then their answers read.
      let port = try #require(server.client.port)
      let connections = try (0..<8).map { index in
        let connection = try RawConnection(port: port)
        let form = "key_type=rsa&key_bits=4096&key_name=k\(index)"
        connection.send(
          "POST /v2/account/key/ipfs/new HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \(tokens[index % 2])\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)")
        return connection
      }
      var answers: [(Int, String?, String)] = []
      for connection in connections {
        let reply = await connection.answer(for: 120)
        let (head, body) = reply.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairOrEmpty
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let retryAfter = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("retry-after:") }
          .map { $0.dropFirst("retry-after:".count).trimmingCharacters(in: .whitespaces) }
        answers.append((status, retryAfter, body))
      }
      let created = answers.filter { $0.0 == 200 }
      let refused = answers.filter { $0.0 == 503 }
      #expect(created.count + refused.count == 8, "\(answers)")
      #expect(created.count >= 2)
      #expect(!refused.isEmpty)
      for answer in refused {
        #expect(answer.1 == "5")
        #expect(answer.2 == #"{"code":503,"response":"too many keys are being generated: try again in a few seconds"}"#)
      }
      // What was refused counts nothing against the tier.
      let store = try await server.store()
      let keys = try await store.keys(of: "ann").count + store.keys(of: "bob").count
      #expect(keys == created.count)
    }
  }
}

extension Array where Element == String {
  /// The first two elements, or the first and an empty text.
  fileprivate var pairOrEmpty: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
