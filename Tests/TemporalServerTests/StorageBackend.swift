import Foundation
import Logging
import PostgresNIO
import Testing

@testable import TemporalServer

/// The storage backends the tests run on: SQLite always, PostgreSQL when `scripts/test` started
/// one (`TSHELL_TEST_POSTGRES_URL`).
enum StorageBackend: String, CustomTestStringConvertible, Sendable {
  case sqlite, postgres

  var testDescription: String { rawValue }

  static let postgresURL = ProcessInfo.processInfo.environment["TSHELL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

  static var available: [StorageBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

  /// The backend of the servers the HTTP tests start: SQLite, or PostgreSQL when
  /// `TSHELL_TEST_SERVER_BACKEND=postgres` (scripts/test runs the server tests once more so).
  static let server: StorageBackend =
    ProcessInfo.processInfo.environment["TSHELL_TEST_SERVER_BACKEND"] == "postgres" && postgresURL != nil ? .postgres : .sqlite

  /// A fresh, empty store on this backend for `body` (a new SQLite file, or a new database).
  func withStore(_ body: (any AccountStore) async throws -> Void) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    switch self {
    case .sqlite:
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-store-\(UUID().uuidString).sqlite").path
      defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
      try await body(try SQLiteAccountStore(path: path))
    case .postgres:
      let database = try await StorageBackend.createDatabase(logger: logger)
      let store = try await PostgresAccountStore(database, maximumConnections: 8, logger: logger)
      do {
        try await body(store)
      } catch {
        store.shutdown()
        throw error
      }
      store.shutdown()
    }
  }

  /// A new database on the test server, named uniquely.
  static func createDatabase(logger: Logger) async throws -> DatabaseURL {
    var url = try DatabaseURL(postgresURL ?? "")
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let client = PostgresClient(
      configuration: .init(
        host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: .disable),
      backgroundLogger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await client.run() }
      try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
      group.cancelAll()
    }
    url.database = name
    return url
  }
}
