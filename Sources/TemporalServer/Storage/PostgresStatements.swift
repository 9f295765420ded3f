import PostgresNIO

/// The statements every request runs, prepared once per pooled connection so that PostgreSQL
/// parses and plans them once instead of on each request.
enum PostgresStatements {
  /// The account checks of authenticated requests: users and their usage rows, joined, for
  /// every name that a `RequestBatcher` folded into one read.
  struct UsersWithUsageByNames: AccountRowsStatement {
    static let sql = """
      SELECT \(PostgresSchema.userWithUsageColumns) FROM users u JOIN usage g ON g.username = u.username
      WHERE u.username = ANY($1)
      """
    var usernames: [String]

    func makeBindings() throws -> PostgresBindings {
      var bindings = PostgresBindings(capacity: 1)
      bindings.append(usernames)
      return bindings
    }
  }

  /// Every account, by username.
  struct AllAccounts: AccountRowsStatement {
    static let sql = """
      SELECT \(PostgresSchema.userWithUsageColumns) FROM users u JOIN usage g ON g.username = u.username
      ORDER BY u.username
      """

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
  }

  /// A user by username.
  struct UserByName: UserRowStatement {
    static let sql = "SELECT \(PostgresSchema.userColumns) FROM users WHERE username = $1"
    var username: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(username) }
  }

  /// A user by address.
  struct UserByEmail: UserRowStatement {
    static let sql = "SELECT \(PostgresSchema.userColumns) FROM users WHERE email = $1"
    var email: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(email) }
  }

  /// A user's usage row.
  struct UsageByName: PostgresPreparedStatement {
    static let sql = "SELECT \(PostgresSchema.usageColumns) FROM usage WHERE username = $1"
    typealias Row = UsageRecord
    var username: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(username) }
    func decodeRow(_ row: PostgresRow) throws -> UsageRecord {
      var cells = PostgresCells(row)
      return try PostgresSchema.usage(&cells)
    }
  }

  /// A user's keys, oldest first.
  struct KeysOfUser: PostgresPreparedStatement {
    static let sql = "SELECT name, key_id, key_type, private_key FROM keys WHERE username = $1 ORDER BY id"
    typealias Row = KeyRecord
    var username: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(username) }
    func decodeRow(_ row: PostgresRow) throws -> KeyRecord { try PostgresSchema.key(row) }
  }

  /// One of a user's keys, by stored name.
  struct KeyOfUser: PostgresPreparedStatement {
    static let sql = "SELECT name, key_id, key_type, private_key FROM keys WHERE username = $1 AND name = $2"
    typealias Row = KeyRecord
    var username: String
    var name: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(username, name) }
    func decodeRow(_ row: PostgresRow) throws -> KeyRecord { try PostgresSchema.key(row) }
  }

  /// Whether a user has a key of this stored name.
  struct KeyExists: PostgresPreparedStatement {
    static let sql = "SELECT 1 FROM keys WHERE username = $1 AND name = $2"
    typealias Row = Int32
    var username: String
    var name: String

    func makeBindings() throws -> PostgresBindings { PostgresStatements.bindings(username, name) }
    func decodeRow(_ row: PostgresRow) throws -> Int32 { try row.decode(Int32.self) }
  }

  /// Counts requests in rate-limit windows, `counts[i]` of them for `clients[i]` in
  /// `windows[i]` (each pair once); the new count of each pair.
  struct CountRequests: PostgresPreparedStatement {
    static let sql = """
      INSERT INTO rate_limits (client, window_start, count)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::integer[])
      ON CONFLICT (client, window_start) DO UPDATE SET count = rate_limits.count + excluded.count
      RETURNING client, window_start, count
      """
    typealias Row = (String, Int64, Int32)
    var clients: [String]
    var windows: [Int64]
    var counts: [Int32]

    func makeBindings() throws -> PostgresBindings {
      var bindings = PostgresBindings(capacity: 3)
      bindings.append(clients)
      bindings.append(windows)
      bindings.append(counts)
      return bindings
    }
    func decodeRow(_ row: PostgresRow) throws -> (String, Int64, Int32) { try row.decode((String, Int64, Int32).self) }
  }

  /// Deletes a client's windows before the current one.
  struct ClearOlderWindows: PostgresPreparedStatement {
    static let sql = "DELETE FROM rate_limits WHERE client = $1 AND window_start < $2"
    typealias Row = ()
    var client: String
    var before: Int64

    func makeBindings() throws -> PostgresBindings {
      var bindings = PostgresBindings(capacity: 2)
      bindings.append(client)
      bindings.append(before)
      return bindings
    }
    func decodeRow(_ row: PostgresRow) throws {}
  }

  static func bindings(_ texts: String...) -> PostgresBindings {
    var bindings = PostgresBindings(capacity: texts.count)
    for text in texts { bindings.append(text) }
    return bindings
  }
}

/// A row's cells read in column order, without building a by-name table for each row.
struct PostgresCells {
  private var iterator: PostgresRow.Iterator

  init(_ row: PostgresRow) { iterator = row.makeIterator() }

  /// The next cell, decoded; a row with fewer columns than read is a schema mismatch.
  mutating func next<Value: PostgresDecodable>(_: Value.Type = Value.self) throws -> Value {
    guard let cell = iterator.next() else { throw StoreError.database("a row has fewer columns than expected") }
    return try cell.decode(Value.self)
  }
}

/// A statement that reads users joined with their usage rows, in `userWithUsageColumns` order.
protocol AccountRowsStatement: PostgresPreparedStatement where Row == UserWithUsage {}

extension AccountRowsStatement {
  func decodeRow(_ row: PostgresRow) throws -> UserWithUsage {
    var cells = PostgresCells(row)
    return UserWithUsage(user: try PostgresSchema.user(&cells), usage: try PostgresSchema.usage(&cells))
  }
}

/// A statement that reads users, in `userColumns` order.
protocol UserRowStatement: PostgresPreparedStatement where Row == UserRecord {}

extension UserRowStatement {
  func decodeRow(_ row: PostgresRow) throws -> UserRecord {
    var cells = PostgresCells(row)
    return try PostgresSchema.user(&cells)
  }
}
