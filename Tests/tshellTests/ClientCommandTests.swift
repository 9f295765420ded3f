import Foundation
import TShellJSON
import TShellTestSupport
import TemporalKeys
import Testing

/// The API commands of the `tshell` binary against a real `tshell serve`.
@Suite("API commands (end to end)")
struct ClientCommandTests {
  /// A fresh `$TSHELL_HOME` and a running server.
  final class Fixture: @unchecked Sendable {
    let home: String
    let server: ServerProcess

    init(serverArguments: [String] = []) throws {
      let root = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-client-\(UUID().uuidString)").path
      home = root + "/home"
      server = try ServerProcess(dataDirectory: root + "/server", extraArguments: serverArguments)
    }

    deinit { server.stop() }

    /// Runs `tshell --api URL -c code` (or without `--api` when `embedded`).
    func tshell(
      _ code: String, environment: [String: String] = [:], arguments: [String] = [], embedded: Bool = false,
      stdin: String = "", directory: String? = nil
    ) throws -> TShellProcess.Result {
      var all = environment
      all["TSHELL_HOME"] = home
      let api = embedded ? [] : ["--api", server.baseURL]
      return try TShellProcess.run(
        api + arguments + ["-c", code], stdin: stdin, environment: all,
        directory: directory.map { URL(fileURLWithPath: $0) })
    }

    /// Registers, verifies (through the mailed link) and logs in `user`.
    func onboard(_ user: String, password: String = "pw-\(UUID().uuidString.prefix(8))") throws {
      let env = ["PW": password]
      #expect(try tshell("register \(user) \(user)@example.com --password-env PW", environment: env).status == 0)
      let link = try #require(try server.verificationPath())
      #expect(try tshell("verify \(server.baseURL)\(link)").stdout == "\"email verified\"\n")
      let login = try tshell("login \(user) --password-env PW", environment: env)
      #expect(login.status == 0, "\(login.stderr)")
    }
  }

  @Test func keyExportNeverLosesTheWords() throws {
    let fixture = try Fixture()
    try fixture.onboard("eve")
    #expect(try fixture.tshell("key new a; key new b").status == 0)
    try "precious words\n".write(toFile: fixture.home + "/taken.words", atomically: true, encoding: .utf8)
    // A file in the way is a state of the machine (exit 1), not a mistake in the code (2); no
    // note says the key is gone, since it is not.
    let taken = try fixture.tshell("key export a --yes --out \(fixture.home)/taken.words")
    #expect(taken.status == 1)
    #expect(!taken.stderr.contains("note:"))
    #expect(taken.stderr.contains("error: \(fixture.home)/taken.words already exists; choose another file"))
    #expect(try String(contentsOfFile: fixture.home + "/taken.words", encoding: .utf8) == "precious words\n")
    let missing = try fixture.tshell("key export a --yes --out \(fixture.home)/no/such/dir/a.words")
    #expect(missing.status == 1)
    #expect(!missing.stderr.contains("note:"))
    #expect(missing.stderr.contains("error: cannot write \(fixture.home)/no/such/dir/a.words: No such file or directory"))
    #expect(try fixture.tshell("key list | $.key_names", arguments: ["--compact"]).stdout == "[\"eve-a\",\"eve-b\"]\n")
    // A relative --out is relative to the working directory; decode reads it back.
    let relative = try fixture.tshell("key export a --yes --out a.words; key decode a.words | $.type", directory: fixture.home)
    #expect(relative.status == 0, "\(relative.stderr)")
    #expect(relative.stdout == "\"ed25519\"\n")
    #expect(relative.stderr.contains("wrote 51 words to a.words"))
    let absent = try fixture.tshell("key decode nothing.words", directory: fixture.home)
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("error: cannot read nothing.words: no such file"))
  }

  @Test func onboardingFlow() throws {
    let fixture = try Fixture()
    let env = ["PW": "s3cret pass"]
    let register = try fixture.tshell("register ann ann@example.com --password-env PW | $.UserName", environment: env)
    #expect(register.stdout == "\"ann\"\n")
    #expect(register.status == 0)
    let link = try #require(try fixture.server.verificationPath())
    #expect(try fixture.tshell("verify \(fixture.server.baseURL)\(link)").stdout == "\"email verified\"\n")
    let login = try fixture.tshell("login ann --password-env PW | keys", environment: env)
    #expect(login.stdout == "[\n  \"user\",\n  \"expire\"\n]\n")
    let script = """
      usage | $.Tier
      for $i in range(1, 4) { key new "batch-$i" }
      key new server --type rsa --bits 2048 | $.name
      key list | $.key_names
      key export batch-2 --yes --out \(fixture.home)/batch-2.words
      key list | $.key_names | length
      upgrade --yes
      usage | $.KeysAllowed
      credits
      """
    let run = try fixture.tshell(script, arguments: ["--compact"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout == """
        "free"
        "ann-server"
        ["ann-batch-1","ann-batch-2","ann-batch-3","ann-server"]
        3
        "account upgraded"
        150
        0

        """)
    #expect(run.stderr.contains("note: the server deleted ann-batch-2 as it exported it; keep the words safe"))
    let words = try String(contentsOfFile: fixture.home + "/batch-2.words", encoding: .utf8)
    #expect(words.split(separator: " ").count == 51)
    let attributes = try FileManager.default.attributesOfItem(atPath: fixture.home + "/batch-2.words")
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    // Offline decode: the key file ipfs key import reads, with the right peer ID.
    let decoded = try fixture.tshell("key decode \(fixture.home)/batch-2.words --format pem | $.pem", arguments: ["--raw"])
    #expect(decoded.stdout.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    let key = try LibP2PPrivateKey(marshaled: Mnemonic.decode(Mnemonic.words(of: words)))
    let peer = try fixture.tshell("key decode \(fixture.home)/batch-2.words | $.peer_id", arguments: ["--raw"])
    #expect(peer.stdout == key.publicKey.peerID + "\n")
  }

  @Test func apiErrorsExitFourWithTheServersText() throws {
    let fixture = try Fixture()
    try fixture.onboard("bo", password: "right")
    let wrong = try fixture.tshell("login bo --password-env PW", environment: ["PW": "wrong"])
    #expect(wrong.status == 4)
    #expect(wrong.stderr.hasPrefix("<command line>:1:1: error: Incorrect Username / Password (HTTP 401)\n"))
    let caught = try fixture.tshell(#"try { key export nope --yes } catch $e { echo "${e.status}: ${e.message}" }"#)
    #expect(caught.stdout == "400: user does not own key\n")
    #expect(caught.status == 0)
  }

  @Test func serverDownIsExitOneWithAClearMessage() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-down-\(UUID().uuidString)").path
    let result = try TShellProcess.run(
      ["--api", "http://127.0.0.1:1", "-c", "forgot username a@example.com"],
      environment: ["TSHELL_HOME": home])
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        <command line>:1:1: error: cannot reach http://127.0.0.1:1: connection refused
        1 | forgot username a@example.com
          | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~
          = hint: is the server running? connect URL chooses another, connect --embedded the embedded server

        """)
  }

  @Test func rateLimitIsReported() throws {
    let fixture = try Fixture(serverArguments: ["--rate-limit", "2"])
    let result = try fixture.tshell("get /health; get /health; get /health")
    #expect(result.status == 4)
    #expect(result.stderr.contains("error: Limit exceeded"))
    #expect(result.stdout == "\"ok\"\n\"ok\"\n")
  }

  @Test func tokensRefreshAndPersistAcrossProcesses() throws {
    let fixture = try Fixture()
    try fixture.onboard("cy")
    let path = fixture.home + "/tokens.json"
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(!(try storedToken(path)).isEmpty)
    #expect(try fixture.tshell("whoami").stdout == "\"cy\"\n")
    // A token about to expire is refreshed before use, and the new one is stored.
    var stored = try JSONValue(parsing: Array(FileManager.default.contents(atPath: path) ?? Data()))
    let profile = fixture.server.baseURL
    let soon = Int(Date().timeIntervalSince1970) + 60
    stored = try ClientCommandTests.setExpiry(stored, profile: profile, user: "cy", to: soon)
    try Data(JSONPrinter.string(stored).utf8).write(to: URL(fileURLWithPath: path))
    #expect(try fixture.tshell("whoami").stdout == "\"cy\"\n")
    // The stored expiry is the new token's (a day ahead), not the one about to run out.
    let refreshed = try JSONValue(parsing: Array(FileManager.default.contents(atPath: path) ?? Data()))
    let expiry = try #require(refreshed[profile]?["tokens"]?["cy"]?["expires"]?.numberValue?.intValue)
    #expect(expiry > soon + 3600)
    // refresh as a command; logout forgets.
    #expect(try fixture.tshell("refresh | keys", arguments: ["--compact"]).stdout == "[\"user\",\"expire\"]\n")
    #expect(try fixture.tshell("logout").stderr == "logged out cy\n")
    #expect(try fixture.tshell("logout").stderr == "not logged in; nothing to do\n")
    let after = try fixture.tshell("whoami")
    #expect(after.status == 4)
    #expect(after.stderr.contains("error: not logged in: run login USER first (or set TSHELL_TOKEN)"))
  }

  @Test func profilesRememberTheEndpoint() throws {
    let fixture = try Fixture()
    try fixture.onboard("dee", password: "dee-pw")
    let connect = try TShellProcess.run(
      ["-c", "connect \(fixture.server.baseURL) --name local | $.profile"],
      environment: ["TSHELL_HOME": fixture.home])
    #expect(connect.stdout == "\"local\"\n")
    let config = try String(contentsOfFile: fixture.home + "/config.toml", encoding: .utf8)
    #expect(config.contains("current = 'local'"))
    #expect(config.contains(fixture.server.baseURL))
    // The profile is in use without --api; its own login is needed (tokens are per profile).
    let env = ["TSHELL_HOME": fixture.home]
    #expect(try TShellProcess.run(["-c", "whoami"], environment: env).status == 4)
    #expect(
      try TShellProcess.run(["-c", "login dee --password-stdin | keys | length"], stdin: "dee-pw\n", environment: env).stdout
        == "2\n")
    #expect(try TShellProcess.run(["-c", "whoami"], environment: env).stdout == "\"dee\"\n")
    let unknown = try TShellProcess.run(["--profile", "nope", "-c", "usage"], environment: env)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("there is no profile named 'nope'; the profiles are local"))
  }

  @Test func dryRunPrintsACurlLineThatWorks() throws {
    let fixture = try Fixture()
    try fixture.onboard("eve")
    let dry = try fixture.tshell("key new printed --dry-run")
    #expect(dry.status == 0)
    let line = dry.stdout.trimmingCharacters(in: .newlines)
    #expect(
      line == "curl -X POST '\(fixture.server.baseURL)/v2/account/key/ipfs/new' -H 'User-Agent: tshell/0.1.0' "
        + "-H 'Accept: application/json' -H \"Authorization: Bearer $TSHELL_TOKEN\" --data-urlencode 'key_type=ed25519' "
        + "--data-urlencode 'key_bits=256' --data-urlencode 'key_name=printed'")
    #expect(try fixture.tshell("key list | $.key_names | length").stdout == "0\n")
    let token = try storedToken(fixture.home + "/tokens.json")
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/bash")
    shell.arguments = ["-c", line + " -s"]
    shell.environment = ["TSHELL_TOKEN": token, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
    let output = Pipe()
    shell.standardOutput = output
    try shell.run()
    let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    shell.waitUntilExit()
    #expect(answer == #"{"code":200,"response":"key creation sent to backend"}"#)
    #expect(try fixture.tshell("key list | $.key_names").stdout == "[\n  \"eve-printed\"\n]\n")
  }

  @Test func passwordsStayOutOfTracesAndCurlLines() throws {
    let fixture = try Fixture()
    try fixture.onboard("fay", password: "hunter2-secret")
    let traced = try fixture.tshell("login fay hunter2-secret; curl", arguments: ["--trace"])
    #expect(traced.status == 0)
    #expect(traced.stderr.contains("+ <command line>:1: login fay ***\n"))
    #expect(!traced.stderr.contains("hunter2-secret"))
    #expect(!traced.stdout.contains("hunter2-secret"))
    #expect(traced.stdout.contains(#"'{"username":"fay","password":"'"$TSHELL_PASSWORD"'"}'"#))
    // A variable's name needs no mask, and the words after a pipe are not the command's.
    let named = try fixture.tshell(
      "login fay --password-env PW | $.expire | length", environment: ["PW": "hunter2-secret"], arguments: ["--trace"])
    #expect(named.stderr.contains("+ <command line>:1: login fay --password-env PW | $.expire | length\n"))
    let fields = try fixture.tshell("post /v2/forgot/username email_address=x password=hunter2 --dry-run", arguments: ["--trace"])
    #expect(fields.stderr.contains("+ <command line>:1: post /v2/forgot/username email_address=x password=*** --dry-run\n"))
    #expect(!fields.stderr.contains("hunter2") && !fields.stdout.contains("hunter2"))
    let shown = try fixture.tshell("login fay --password-env PW; curl --show-secrets", environment: ["PW": "hunter2-secret"])
    #expect(shown.stdout.contains("hunter2-secret"))
  }

  @Test func embeddedServerByDefault() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-embedded-\(UUID().uuidString)").path
    let env = ["TSHELL_HOME": home, "PW": "embedded-pw"]
    let first = try TShellProcess.run(
      [
        "-c",
        "register gil gil@example.com --password-env PW | $.UserName; verify; login gil --password-env PW | keys | length; usage | $.Tier; mail | length",
      ],
      environment: env)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "\"gil\"\n\"email verified\"\n2\n\"free\"\n1\n")
    #expect(first.stderr == "using the embedded server in \(home)/embedded; connect URL for another\n")
    // The data persists between runs, and the notice came with the first use of this home only.
    let second = try TShellProcess.run(["-c", "whoami"], environment: env)
    #expect(second.stdout == "\"gil\"\n")
    #expect(second.stderr == "")
    // Commands that need no API do not start it.
    let plain = try TShellProcess.run(["-c", "1 + 1"], environment: env)
    #expect(plain.stderr == "")
  }

  @Test func parallelLoopsKeepInputOrder() throws {
    let fixture = try Fixture()
    try fixture.onboard("hal")
    let result = try fixture.tshell(
      """
      upgrade --yes
      for --parallel 4 $i in range(0, 12) { key new "p$i"; echo "made $i" }
      key list | $.key_names | length
      """)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\"account upgraded\"\n" + (0..<12).map { "made \($0)\n" }.joined() + "12\n")
    let failing = try fixture.tshell(
      #"try { for --parallel 3 $i in range(0, 6) { if $i == 2 { key export missing --yes }; echo $i } } catch $e { echo "stopped: ${e.message}" }"#
    )
    #expect(failing.stdout.hasPrefix("0\n1\nstopped: user does not own key\n"))
  }

  private func storedToken(_ path: String) throws -> String {
    let stored = try JSONValue(parsing: Array(FileManager.default.contents(atPath: path) ?? Data()))
    for (_, profile) in stored.objectValue ?? JSONObject() {
      if let user = profile["current"]?.stringValue, let token = profile["tokens"]?[user]?["token"]?.stringValue { return token }
    }
    throw CancellationError()
  }

  static func setExpiry(_ stored: JSONValue, profile: String, user: String, to expiry: Int) throws -> JSONValue {
    var all = try #require(stored.objectValue)
    var entry = try #require(all[profile]?.objectValue)
    var tokens = try #require(entry["tokens"]?.objectValue)
    var token = try #require(tokens[user]?.objectValue)
    token["expires"] = .int(expiry)
    tokens[user] = .object(token)
    entry["tokens"] = .object(tokens)
    all[profile] = .object(entry)
    return .object(all)
  }
}
