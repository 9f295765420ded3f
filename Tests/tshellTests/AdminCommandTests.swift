import Foundation
import TShellJSON
import TShellTestSupport
import TemporalKeys
import Testing

/// `tshell admin` on a data directory's SQLite database and on PostgreSQL, against a running
/// server where it matters.
@Suite("tshell admin (process)")
struct AdminCommandTests {
  static var backends: [String] { ReplicaTests.url == nil ? ["sqlite"] : ["sqlite", "postgres"] }

  /// The storage arguments of a fresh store on `backend`, shared by `admin` and `serve`.
  static func storage(_ backend: String, dataDirectory: String) throws -> [String] {
    let directory = ["--data-dir", dataDirectory]
    guard backend == "postgres" else { return directory }
    return directory + [
      "--database", try ReplicaTests.freshDatabase(), "--key-encryption-key-file", try ReplicaTests.secretFile(32),
    ]
  }

  /// The first line every admin command prints on standard error.
  static func directoryLine(_ directory: String, backend: String = "sqlite") -> String {
    "tshell admin: data directory \(directory)\(backend == "postgres" ? " (accounts in PostgreSQL)" : "")\n"
  }

  /// The directory is named every time; a command that expects accounts does not make an empty
  /// directory to find none in; --embedded works on the accounts tshell itself uses.
  @Test func theDataDirectoryIsNamedAndNeverMadeForARead() throws {
    let home = TShellProcess.freshHome("admin-home")
    let environment = ["TSHELL_HOME": home, "PW": "a long password"]
    for command in [["users"], ["disable", "ann"], ["backup", home + ".sqlite"]] {
      let result = try TShellProcess.run(["admin"] + command, environment: environment)
      #expect(result.status == 1)
      #expect(
        result.stderr
          == Self.directoryLine(home + "/server")
          + "tshell admin \(command[0]): no tshell data in \(home)/server; pass --data-dir (the directory of tshell serve) or --embedded\n"
      )
    }
    #expect(!FileManager.default.fileExists(atPath: home + "/server"))
    // The embedded server's accounts, as tshell made them.
    let register = try TShellProcess.run(
      ["-c", "register ann ann@example.com --password-env PW; verify"], environment: environment)
    #expect(register.status == 0, "\(register.stderr)")
    let embedded = try TShellProcess.run(["admin", "users", "--embedded"], environment: environment)
    #expect(embedded.status == 0)
    #expect(embedded.stderr == Self.directoryLine(home + "/embedded"))
    #expect(embedded.stdout.contains("\nann       ann@example.com  free"))
    // add-user confirms on standard output, like the other commands.
    let added = try TShellProcess.run(
      ["admin", "add-user", "bob", "bob@example.com", "--password-stdin", "--embedded"], stdin: "a long password\n",
      environment: environment)
    #expect(added.stdout == "created bob (bob@example.com)\n")
    let both = try TShellProcess.run(["admin", "users", "--embedded", "--data-dir", home], environment: environment)
    #expect(both.status == 2)
    #expect(both.stderr.contains("--embedded and --data-dir name two directories; give one"))
  }

  @Test(arguments: backends)
  func listChangeAndDisableAccounts(backend: String) async throws {
    let dataDirectory = TShellProcess.freshHome("admin")
    let storage = try Self.storage(backend, dataDirectory: dataDirectory)
    func admin(_ arguments: [String]) throws -> TShellProcess.Result {
      try TShellProcess.run(["admin"] + arguments + storage, stdin: "a long password\n")
    }
    #expect(try admin(["add-user", "ann", "ann@example.com", "--password-stdin", "--verified"]).status == 0)
    #expect(try admin(["add-user", "bob", "bob@example.com", "--password-stdin"]).status == 0)

    let listed = try admin(["users"])
    #expect(listed.status == 0)
    #expect(
      listed.stdout == """
        USERNAME  EMAIL            TIER        VERIFIED  ENABLED  CREDITS  KEYS
        ann       ann@example.com  free        yes       yes      0        0/5
        bob       bob@example.com  unverified  no        yes      0        0/0

        """)
    #expect(try admin(["set-tier", "ann", "paid"]).stdout == "ann is in the paid tier (150 keys)\n")
    #expect(try admin(["set-credits", "ann", "12.5"]).stdout == "ann has 12.5 USD of credits\n")
    let paid = try JSONValue(parsing: try admin(["users", "--tier", "paid", "--json"]).stdout)
    #expect(paid.arrayValue?.count == 1)
    #expect(paid[0]?["username"] == "ann")
    #expect(paid[0]?["credits"] == "12.5")
    #expect(paid[0]?["keys_allowed"] == 150)
    #expect(paid[0]?["verified"] == true)

    let disabled = try JSONValue(parsing: try admin(["disable", "bob", "--json"]).stdout)
    #expect(disabled["enabled"] == false)
    #expect(disabled["username"] == "bob")
    #expect(try admin(["users", "--disabled"]).stdout.split(separator: "\n").dropFirst().map { $0.prefix(3) } == ["bob"])
    #expect(try admin(["enable", "bob"]).stdout == "bob enabled\n")
    #expect(try admin(["users", "--disabled", "--json"]).stdout == "[]\n")

    // Refusals: exit 1 for what the store refuses, 2 for a tier that does not exist.
    let unknown = try admin(["disable", "nobody"])
    #expect(unknown.status == 1)
    let named = Self.directoryLine(dataDirectory, backend: backend)
    #expect(unknown.stderr == named + "tshell admin disable: no account is named nobody\n")
    let badAmount = try admin(["set-credits", "ann", "lots"])
    #expect(badAmount.status == 1)
    #expect(
      badAmount.stderr
        == named + "tshell admin set-credits: the credits must be a decimal amount of USD such as 12.5, not 'lots'\n")
    // A negative amount reaches the amount check instead of being taken for an option.
    let negative = try admin(["set-credits", "ann", "-5"])
    #expect(negative.status == 1)
    #expect(negative.stderr.hasPrefix(named + "tshell admin set-credits: "), "\(negative.stderr)")
    #expect(!negative.stderr.contains("Missing expected argument"))
    let badTier = try admin(["set-tier", "ann", "gold"])
    #expect(badTier.status == 2)
    #expect(
      badTier.stderr
        == "tshell admin set-tier: the tier must be one of unverified, free, paid, partner, white-labeled, not 'gold'\n")

    // A running server refuses a disabled account's token at once, and its login.
    let server = try ServerProcess(dataDirectory: dataDirectory, extraArguments: Array(storage.dropFirst(2)))
    defer { server.stop() }
    let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"a long password"}"#)
    let token = try #require(login.body.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) })
    #expect(try await server.request("GET", "/v2/account/usage", token: token).status == 200)
    #expect(try admin(["disable", "ann"]).stdout == "ann disabled\n")
    #expect(try await server.request("GET", "/v2/account/usage", token: token).status == 403)
    let refused = try await server.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"a long password"}"#)
    #expect(refused.status == 401)
    #expect(try admin(["enable", "ann"]).stdout == "ann enabled\n")
    #expect(try await server.request("GET", "/v2/account/usage", token: token).status == 200)
  }
}

extension AdminCommandTests {
  @Test(arguments: backends)
  func rotatingTheKeyEncryptionKeyLosesNoKey(backend: String) async throws {
    let dataDirectory = TShellProcess.freshHome("rotate")
    let storage = try Self.storage(backend, dataDirectory: dataDirectory)
    let serveArguments = Array(storage.dropFirst(2))
    func admin(_ arguments: [String], storage: [String] = storage) throws -> TShellProcess.Result {
      try TShellProcess.run(["admin"] + arguments + storage, stdin: "a long password\n")
    }
    #expect(try admin(["add-user", "ann", "ann@example.com", "--password-stdin", "--verified"]).status == 0)
    let login = #"{"username":"ann","password":"a long password"}"#
    var peerIDs: [String: String] = [:]
    do {
      let server = try ServerProcess(dataDirectory: dataDirectory, extraArguments: serveArguments)
      defer { server.stop() }
      let token = try #require(
        try await server.request("POST", "/v2/auth/login", body: login).body.firstMatch(of: /"token":"([^"]+)"/).map {
          String($0.1)
        })
      for (name, type) in [("one", "ed25519"), ("two", "rsa"), ("three", "ed25519")] {
        let created = try await server.request(
          "POST", "/v2/account/key/ipfs/new", token: token, form: [("key_type", type), ("key_bits", "2048"), ("key_name", name)])
        #expect(created.status == 200)
      }
      let list = try JSONValue(parsing: try await server.request("GET", "/v2/account/key/ipfs/get", token: token).body)
      for (name, id) in zip(list["response"]?["key_names"]?.arrayValue ?? [], list["response"]?["key_ids"]?.arrayValue ?? []) {
        peerIDs[name.stringValue ?? ""] = id.stringValue
      }
    }
    #expect(peerIDs.count == 3)

    let newKey = try ReplicaTests.secretFile(32)
    let rotated = try admin(["rotate-key-encryption", "--new-key-file", newKey])
    #expect(rotated.status == 0)
    // Rotating to the key in use is refused (on PostgreSQL, with the new key given as the current one).
    let current = backend == "postgres" ? Array(storage.dropLast()) + [newKey] : storage
    let again = try admin(["rotate-key-encryption", "--new-key-file", newKey], storage: current)
    #expect(again.status == 1)
    #expect(
      again.stderr
        == Self.directoryLine(dataDirectory, backend: backend)
        + "tshell admin rotate-key-encryption: \(newKey) holds the key already in use\n")
    var afterArguments = serveArguments
    if backend == "postgres" {
      #expect(rotated.stdout == "re-encrypted 3 keys; start every replica with --key-encryption-key-file \(newKey)\n")
      // A replica still on the old key refuses to start; the new key opens every key.
      let stale = try TShellProcess.run(
        ["serve", "--port", "0", "--data-dir", TShellProcess.freshHome("stale")] + serveArguments)
      #expect(stale.status == 2)
      afterArguments[afterArguments.count - 1] = newKey
    } else {
      #expect(rotated.stdout == "re-encrypted 3 keys; \(dataDirectory)/key-encryption-key now holds the new key\n")
      let stored = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/key-encryption-key"))
      #expect(stored == (try Data(contentsOf: URL(fileURLWithPath: newKey))))
      let mode =
        try FileManager.default.attributesOfItem(atPath: dataDirectory + "/key-encryption-key")[.posixPermissions] as? Int
      #expect(mode == 0o600)
    }
    let server = try ServerProcess(dataDirectory: dataDirectory, extraArguments: afterArguments)
    defer { server.stop() }
    let token = try #require(
      try await server.request("POST", "/v2/auth/login", body: login).body.firstMatch(of: /"token":"([^"]+)"/).map {
        String($0.1)
      })
    for (name, id) in peerIDs {
      let export = try await server.request("GET", "/v2/account/key/export/\(name)", token: token)
      #expect(export.status == 200, "\(name): \(export.body)")
      let words = try #require(try JSONValue(parsing: export.body)["response"]?.arrayValue).compactMap(\.stringValue)
      let key = try LibP2PPrivateKey(marshaled: Mnemonic.decode(words))
      #expect(key.publicKey.peerID == id)
    }
  }
}

extension AdminCommandTests {
  @Test func backupWhileServingAndRestoreOnSQLite() async throws {
    let dataDirectory = TShellProcess.freshHome("backup")
    func admin(_ arguments: [String], directory: String = dataDirectory) throws -> TShellProcess.Result {
      try TShellProcess.run(["admin"] + arguments + ["--data-dir", directory], stdin: "a long password\n")
    }
    #expect(try admin(["add-user", "ann", "ann@example.com", "--password-stdin", "--verified"]).status == 0)
    let backupFile = TShellProcess.freshHome("backup-file") + ".sqlite"
    do {
      // Backed up while a server uses the database.
      let server = try ServerProcess(dataDirectory: dataDirectory)
      defer { server.stop() }
      let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"a long password"}"#)
      let token = try #require(login.body.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) })
      let created = try await server.request(
        "POST", "/v2/account/key/ipfs/new", token: token,
        form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "kept")])
      #expect(created.status == 200)
      let backup = try admin(["backup", backupFile])
      #expect(backup.stdout == "backed up 1 accounts to \(backupFile)\n")
      let mode = try FileManager.default.attributesOfItem(atPath: backupFile)[.posixPermissions] as? Int
      #expect(mode == 0o600)
    }
    // A file that exists is not overwritten.
    let twice = try admin(["backup", backupFile])
    #expect(twice.status == 1)
    #expect(twice.stderr == Self.directoryLine(dataDirectory) + "tshell admin backup: \(backupFile) exists already\n")
    // Later changes are undone by the restore.
    #expect(try admin(["add-user", "bob", "bob@example.com", "--password-stdin"]).status == 0)
    #expect(try admin(["set-tier", "ann", "paid"]).status == 0)
    let restored = try admin(["restore", backupFile, "--json"])
    #expect(restored.stdout == #"{"file":"\#(backupFile)","accounts":1}"# + "\n")
    #expect(try admin(["users"]).stdout.split(separator: "\n").dropFirst().map { $0.prefix(9) } == ["ann      "])
    #expect(try admin(["users", "--json"]).stdout.contains(#""tier": "free""#))
    // The key made before the backup exports under the same key-encryption key.
    let server = try ServerProcess(dataDirectory: dataDirectory)
    defer { server.stop() }
    let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"a long password"}"#)
    let token = try #require(login.body.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) })
    #expect(try await server.request("GET", "/v2/account/key/export/ann-kept", token: token).status == 200)

    // Another data directory has another key: its keys could not be opened, so it refuses.
    let other = TShellProcess.freshHome("backup-other")
    let foreign = try admin(["restore", backupFile], directory: other)
    #expect(foreign.status == 1)
    #expect(
      foreign.stderr
        == Self.directoryLine(other)
        + "tshell admin restore: \(backupFile) was made under another key-encryption key: its keys could not be opened\n")
    let notADatabase = try TShellProcess.temporaryFile("hello", name: "not.sqlite")
    let refused = try admin(["restore", notADatabase.path])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.hasPrefix(
        Self.directoryLine(dataDirectory) + "tshell admin restore: \(notADatabase.path) is not a tshell database backup"))
  }

  @Test(.enabled(if: ReplicaTests.url != nil, "TSHELL_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL"))
  func backupOnPostgreSQLPointsToItsTools() throws {
    let storage = try Self.storage("postgres", dataDirectory: TShellProcess.freshHome("pg-backup"))
    let result = try TShellProcess.run(["admin", "backup", "/tmp/never"] + storage)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("a PostgreSQL database is backed up and restored with PostgreSQL's tools: pg_dump --format=custom"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/never"))
  }
}
