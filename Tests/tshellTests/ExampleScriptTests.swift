import Foundation
import TShellTestSupport
import Testing

/// Every script of examples/ run as a user would: against a fresh `tshell serve` on port 0
/// (addresses verified with the link from its mail directory) or the embedded server.
@Suite("examples/ (process)")
struct ExampleScriptTests {
  static let root = ExampleBench.root

  @Test func everyExampleIsAnExecutableScriptThatParses() throws {
    let folder = Self.root.appendingPathComponent("examples").path
    let scripts = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }.sorted()
    #expect(
      scripts == [
        "accounts-from-csv.tmp", "accounts-report.tmp", "backup-keys.tmp", "export-all.tmp", "import-names.tmp", "keygen.tmp",
        "keys-report.tmp", "onboard.tmp", "rotate.tmp", "usage-report.tmp",
      ])
    for name in scripts + ["seed-accounts.sh"] {
      let path = folder + "/" + name
      let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
      #expect(mode == 0o755, "\(name)")
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(text.hasPrefix(name.hasSuffix(".sh") ? "#!/usr/bin/env bash\n#" : "#!/usr/bin/env tshell\n#"), "\(name)")
      #expect(text.contains("# Example:"), "\(name)")
      if name.hasSuffix(".tmp") {
        // Each script stands alone: the standard library replaced the shared helpers.
        #expect(!text.contains("\nsource "), "\(name)")
        let check = try TShellProcess.run(["--check", path])
        #expect(check.status == 0 && check.stderr.isEmpty, "\(name): \(check.stderr)")
      }
    }
  }

  @Test func onboardUsageReportAndKeygenUpToTheFreeLimit() throws {
    let bench = try ExampleBench()
    defer { bench.stop() }
    try bench.onboard("ann")
    let report = try bench.run(["examples/usage-report.tmp"])
    #expect(report.status == 0)
    #expect(
      report.stdout == """
        tier free
        limit            used  allowed     percent
        keys             1     5           20
        IPNS records     0     5           0
        pubsub messages  0     100         0
        data (bytes)     0     3221225472  0

        """)
    let ndjson = try bench.run(["examples/usage-report.tmp", "--ndjson"])
    #expect(ndjson.stdout.split(separator: "\n").first == #"{"limit":"keys","used":1,"allowed":5,"percent":20,"tier":"free"}"#)
    // Six asked, four fit under the free tier's five.
    let keygen = try bench.run(["examples/keygen.tmp", "ann", "6", "--parallel", "3"])
    #expect(keygen.status == 1)
    #expect(
      ExampleBench.columns(keygen.stdout) == """
        name  peer_id  type
        ann-gen-1  PEER  ed25519
        ann-gen-2  PEER  ed25519
        ann-gen-3  PEER  ed25519
        ann-gen-4  PEER  ed25519
        made 4 of 6 keys
        stopped at the free tier's limit of 5 keys (upgrade for more)

        """)
    #expect(keygen.stdout.hasPrefix("name       peer_id    "))
    let full = try bench.run(["examples/keygen.tmp", "ann", "1"])
    #expect(full.status == 1)
    #expect(full.stdout == "made 0 of 1 keys\nstopped at the free tier's limit of 5 keys (upgrade for more)\n")
    let wrongCount = try bench.run(["examples/keygen.tmp", "ann", "many"])
    #expect(wrongCount.status == 2)
    #expect(wrongCount.stdout.isEmpty)
    #expect(wrongCount.stderr == "COUNT must be a positive number, not many\n")
    let unknown = try bench.run(["examples/keygen.tmp", "ann", "1", "--paralel", "2"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("error: unknown option --paralel\n"))
    #expect(unknown.stderr.hasSuffix("= hint: did you mean --parallel?\n"))
  }

  @Test func exportAllThenRotate() throws {
    let bench = try ExampleBench()
    defer { bench.stop() }
    try bench.onboard("bo")
    _ = try bench.run(["-c", "key new phone --type rsa"])
    let dryRun = try bench.run(["examples/export-all.tmp", bench.files, "--dry-run"])
    #expect(dryRun.status == 0)
    #expect(dryRun.stdout.components(separatedBy: "curl '").count == 3)
    #expect(dryRun.stdout.hasSuffix("would export 2 keys\n"))
    let export = try bench.run(["examples/export-all.tmp", bench.files])
    #expect(export.status == 0, "\(export.stderr)")
    #expect(
      ExampleBench.masked(export.stdout) == """
        bo-first: \(bench.files)/bo-first.words, \(bench.files)/bo-first.key (PEER)
        bo-phone: \(bench.files)/bo-phone.words, \(bench.files)/bo-phone.key (PEER)
        exported 2 of 2 keys

        """)
    for file in ["bo-first.words", "bo-first.key", "bo-phone.words", "bo-phone.key"] {
      let mode = try FileManager.default.attributesOfItem(atPath: bench.files + "/" + file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(file)")
    }
    let empty = try bench.run(["examples/export-all.tmp", bench.files])
    #expect(empty.status == 0)
    #expect(empty.stdout == "no keys to export\n")

    _ = try bench.run(["-c", "key new laptop"])
    let rotate = try bench.run(["examples/rotate.tmp", "laptop", bench.files])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(
      ExampleBench.masked(rotate.stdout) == """
        backed up bo-laptop (PEER) to \(bench.files)/laptop.old-1.words
        new bo-laptop: PEER

        """)
    let again = try bench.run(["examples/rotate.tmp", "bo-laptop", bench.files])
    #expect(again.stdout.contains("to \(bench.files)/laptop.old-2.words\n"))
    let list = try bench.run(["-c", "key list | $.key_names"])
    #expect(list.stdout == "[\n  \"bo-laptop\"\n]\n")
    let missing = try bench.run(["examples/rotate.tmp", "nope", bench.files])
    #expect(missing.status == 1)
    #expect(missing.stdout == "no key named nope (keys: bo-laptop)\n")
  }

  @Test func onboardOnTheEmbeddedServerInOneRun() throws {
    let home = TShellProcess.freshHome("examples-embedded")
    let result = try TShellProcess.run(
      ["examples/onboard.tmp", "cy", "cy@example.com", "--password-env", "EXAMPLE_PASSWORD", "--key", "desk"],
      environment: ExampleBench.password.merging(["TSHELL_HOME": home]) { $1 }, directory: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      ExampleBench.masked(result.stdout) == """
        registered cy <cy@example.com>
        verified
        logged in as cy
        tier free: 0 of 5 keys, 0 of 5 IPNS records, 0 of 100 pubsub messages
        made cy-desk (PEER, ed25519)
        keys: cy-desk

        """)
    let report = try TShellProcess.run(["examples/accounts-report.tmp"], directory: Self.root)
    #expect(report.stdout.hasPrefix("2 paying accounts: ann, cy\n  ed25519: 2 key(s)\n  rsa: 1 key(s)\n"))
  }

  @Test func seedAccountsForOperators() async throws {
    let data = TShellProcess.freshHome("seed")
    let seed = Process()
    seed.executableURL = URL(fileURLWithPath: "/bin/bash")
    seed.arguments = [Self.root.appendingPathComponent("examples/seed-accounts.sh").path, data]
    seed.environment = ProcessInfo.processInfo.environment.merging([
      "SEED_PASSWORD": "demo password", "TSHELL": TShellProcess.binary.path,
    ]) { $1 }
    let output = Pipe()
    seed.standardOutput = output
    try seed.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    seed.waitUntilExit()
    #expect(seed.terminationStatus == 0)
    #expect(text == "ann (paid): created\nbob (free): created\ncy (paid): created\n")
    let server = try ServerProcess(dataDirectory: data)
    defer { server.stop() }
    let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"cy","password":"demo password"}"#)
    #expect(login.status == 200)
  }
}
