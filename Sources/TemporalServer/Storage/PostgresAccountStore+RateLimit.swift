import PostgresNIO

/// The rate limit counted in PostgreSQL, so that every replica enforces the same one.
extension PostgresAccountStore {
  /// Counts a request from `client` in the window starting at `window`; the count so far.
  /// Requests counted at the same time share one statement.
  func countRequest(from client: String, window: Int) async throws -> Int {
    try await requestCounts.answer(RateWindow(client: client, start: Int64(window)))
  }

  /// Adds each window's requests in one upsert and gives each request its own place in the
  /// count, as if they had been counted one by one.
  static func count(_ requests: [RateWindow], _ client: PostgresClient, _ logger: Logger) async throws -> [Int] {
    var multiplicity: [RateWindow: Int32] = [:]
    for request in requests { multiplicity[request, default: 0] += 1 }
    let windows = Array(multiplicity.keys)
    let rows = try await all(
      PostgresStatements.CountRequests(
        clients: windows.map(\.client), windows: windows.map(\.start), counts: windows.map { multiplicity[$0] ?? 0 }),
      client, logger)
    var next: [RateWindow: Int] = [:]
    for (name, start, count) in rows {
      let window = RateWindow(client: name, start: start)
      next[window] = Int(count) - Int(multiplicity[window] ?? 0) + 1
    }
    // A client's first request of a window clears its older windows.
    for window in windows where next[window] == 1 {
      _ = try await all(PostgresStatements.ClearOlderWindows(client: window.client, before: window.start), client, logger)
    }
    return try requests.map { request in
      guard let count = next[request] else { throw StoreError.database("a rate-limit window was not counted") }
      next[request] = count + 1
      return count
    }
  }
}

/// A client's rate-limit window.
struct RateWindow: Hashable, Sendable {
  var client: String
  var start: Int64
}
