import Foundation
import GRDBSQLite
import Synchronization

/// Read-only SQLite connections with prepared statements, for the queries every request makes
/// (the account check, usage, keys). Each read is one statement on a connection nobody else is
/// using; in WAL mode it sees every committed write and never waits for the writer.
final class SQLiteReader: Sendable {
  private let path: String
  private let idle = Mutex<[ReadConnection]>([])

  init(path: String) {
    self.path = path
  }

  /// Runs `body` with a connection of its own (taken from the idle ones, or opened).
  func withConnection<T>(_ body: (ReadConnection) throws -> T) throws -> T {
    let connection = try idle.withLock { $0.popLast() } ?? ReadConnection(path: path)
    defer { idle.withLock { $0.append(connection) } }
    return try body(connection)
  }
}

/// One read-only connection and its prepared statements; used by one thread at a time.
final class ReadConnection: @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  private var handle: OpaquePointer?
  private var statements: [String: OpaquePointer] = [:]

  init(path: String) throws {
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
      sqlite3_close(handle)
      throw Failure(description: message)
    }
    sqlite3_busy_timeout(handle, 5000)
  }

  deinit {
    for statement in statements.values { sqlite3_finalize(statement) }
    sqlite3_close(handle)
  }

  /// Runs `sql` with text arguments and calls `row` for each result row.
  func query(_ sql: String, _ arguments: [String], row: (Row) throws -> Void) throws {
    let statement = try prepared(sql)
    defer {
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
    }
    for (index, argument) in arguments.enumerated() {
      // With the length given, a NUL inside the text is compared, not taken as its end.
      var text = argument
      text.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { characters in
          if let start = characters.baseAddress {
            _ = sqlite3_bind_text(statement, Int32(index + 1), start, Int32(characters.count), sqliteTransient)
          } else {
            _ = sqlite3_bind_text(statement, Int32(index + 1), "", 0, sqliteTransient)
          }
        }
      }
    }
    while true {
      switch sqlite3_step(statement) {
      case SQLITE_ROW: try row(Row(statement: statement))
      case SQLITE_DONE: return
      default: throw Failure(description: String(cString: sqlite3_errmsg(handle)))
      }
    }
  }

  private func prepared(_ sql: String) throws -> OpaquePointer {
    if let statement = statements[sql] { return statement }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement
    else {
      throw Failure(description: String(cString: sqlite3_errmsg(handle)))
    }
    statements[sql] = statement
    return statement
  }

  /// The current row of a statement, read by column index.
  struct Row {
    let statement: OpaquePointer

    func text(_ column: Int32) -> String {
      guard let bytes = sqlite3_column_text(statement, column) else { return "" }
      return String(cString: bytes)
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    func blob(_ column: Int32) -> [UInt8] {
      let count = Int(sqlite3_column_bytes(statement, column))
      guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
      return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
  }
}

/// SQLite's "copy the bound text now" destructor, which Swift cannot spell directly.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
