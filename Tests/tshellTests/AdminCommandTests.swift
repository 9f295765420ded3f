import Foundation
import TShellJSON
import TShellTestSupport
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
    #expect(unknown.stderr == "tshell admin disable: no account is named nobody\n")
    let badAmount = try admin(["set-credits", "ann", "lots"])
    #expect(badAmount.status == 1)
    #expect(
      badAmount.stderr == "tshell admin set-credits: the credits must be a decimal amount of USD such as 12.5, not 'lots'\n")
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
