import Foundation
import TShellTestSupport
import Testing

/// The batch examples, each run against a fresh `tshell serve` and the embedded server.
@Suite("examples/ batch scripts (process)")
struct ExampleBatchScriptTests {
  @Test(arguments: ExampleServer.allCases) func importNames(_ kind: ExampleServer) throws {
    let bench = try ExampleBench(kind)
    defer { bench.stop() }
    try bench.onboard("ann")
    let names = bench.files + "/names.txt"
    try "laptop\r\n  phone \n\n# later: tablet\nlaptop\nfirst\n".write(toFile: names, atomically: true, encoding: .utf8)
    let made = try bench.run(["examples/import-names.tmp", names, "--parallel", "2"])
    #expect(made.status == 0, "\(made.stderr)")
    #expect(
      ExampleBench.columns(made.stdout) == """
        name  key  result  peer_id
        laptop  ann-laptop  made  PEER
        phone  ann-phone  made  PEER
        made 2 of 2 keys

        """)
    #expect(
      ExampleBench.warnings(made) == """
        warning: laptop is listed 2 times; making it once
        warning: ann-first is already on the account; skipped

        """)

    // Three keys on the account, five allowed: one at a time, so the last two are the ones refused.
    try "a\nb\nc\nd\n".write(toFile: names, atomically: true, encoding: .utf8)
    let limited = try bench.run(["examples/import-names.tmp", names, "--parallel", "1"])
    #expect(limited.status == 1)
    #expect(
      ExampleBench.columns(limited.stdout) == """
        name  key  result  peer_id
        a  ann-a  made  PEER
        b  ann-b  made  PEER
        c  ann-c  too many keys created
        d  ann-d  too many keys created
        made 2 of 4 keys

        """)
    try "a\n b\n".write(toFile: names, atomically: true, encoding: .utf8)
    let nothing = try bench.run(["examples/import-names.tmp", names])
    #expect(nothing.status == 0)
    #expect(nothing.stdout == "nothing to make\n")

    let usage = try bench.run(["examples/import-names.tmp"])
    #expect(usage.status == 2)
    #expect(usage.stderr.hasSuffix("usage: tshell examples/import-names.tmp NAMES-FILE [--type ed25519|rsa] [--parallel N]\n"))
    let help = try bench.run(["examples/import-names.tmp", "--help"])
    #expect(help.status == 0)
    #expect(
      help.stdout.hasPrefix("Makes a key for every name in NAMES-FILE, a few at a time, and prints a table of the results.\n"))
    #expect(help.stdout.contains("\n  tshell examples/import-names.tmp NAMES-FILE [--type ed25519|rsa] [--parallel N]\n"))
  }

  @Test(arguments: ExampleServer.allCases) func backupKeys(_ kind: ExampleServer) throws {
    let bench = try ExampleBench(kind)
    defer { bench.stop() }
    try bench.onboard("bo")
    _ = try bench.run(["-c", "key new phone"])
    // No ipfs on this PATH: the import commands are printed.
    let printed = try bench.run(["examples/backup-keys.tmp", bench.files], environment: ["PATH": "/usr/bin:/bin"])
    #expect(printed.status == 0, "\(printed.stderr)")
    let folder = String(printed.stdout.prefix { $0 != "\n" })
    #expect(folder.wholeMatch(of: /.+\/keys-\d{8}-\d{6}/) != nil, "\(folder)")
    #expect(folder.hasPrefix(bench.files + "/keys-"))
    #expect(
      ExampleBench.masked(printed.stdout) == """
        \(folder)
        bo-first: PEER
        bo-phone: PEER
        backed up 2 keys; to import them into ipfs:
          ipfs key import bo-first \(folder)/bo-first.key
          ipfs key import bo-phone \(folder)/bo-phone.key

        """)
    for file in ["bo-first.words", "bo-first.key", "bo-phone.words", "bo-phone.key"] {
      let mode = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(file)")
    }
    let empty = try bench.run(["examples/backup-keys.tmp", bench.files])
    #expect(empty.stdout == "no keys to back up\n")

    // An ipfs on the PATH is run with argv only; one that fails is reported on stderr.
    _ = try bench.run(["-c", "key new laptop; key new desk"])
    let tools = bench.files + "/bin"
    try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
    let ipfs = """
      #!/bin/sh
      printf '%s|' "$@" >> "\(bench.files)/ipfs.log"
      [ "$3" = bo-desk ] && { echo 'Error: key with name bo-desk already exists' >&2; exit 1; }
      exit 0

      """
    try ipfs.write(toFile: tools + "/ipfs", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools + "/ipfs")
    let imported = try bench.run(["examples/backup-keys.tmp", bench.files], environment: ["PATH": tools + ":/usr/bin:/bin"])
    #expect(imported.status == 1)
    let second = String(imported.stdout.prefix { $0 != "\n" })
    #expect(second != folder)
    #expect(
      ExampleBench.masked(imported.stdout) == """
        \(second)
        bo-laptop: PEER
        bo-desk: PEER
        imported bo-laptop into ipfs
        backed up 2 keys, imported 1

        """)
    #expect(
      ExampleBench.warnings(imported).hasSuffix(
        "ipfs key import bo-desk failed (status 1): Error: key with name bo-desk already exists\n"))
    let log = try String(contentsOfFile: bench.files + "/ipfs.log", encoding: .utf8)
    #expect(log == "key|import|bo-laptop|\(second)/bo-laptop.key|key|import|bo-desk|\(second)/bo-desk.key|")
  }

  @Test(arguments: ExampleServer.allCases) func accountsFromCSV(_ kind: ExampleServer) throws {
    let bench = try ExampleBench(kind)
    defer { bench.stop() }
    let file = bench.files + "/people.csv"
    let rows = [
      "\u{FEFF}username,email,tier", "ann,ann@example.com,paid", "bo,bo@example.com,", "\"cy\",cy@example.com,Paid",
      "ann,ann2@example.com,free", "dee,dee@example.com,gold", "",
    ]
    try rows.joined(separator: "\r\n").write(toFile: file, atomically: true, encoding: .utf8)
    let mail = bench.server.map { ["TSHELL_MAIL_DIR": $0.dataDirectory + "/mail"] } ?? [:]
    let result = try bench.run(
      ["examples/accounts-from-csv.tmp", file, "--password-env", "EXAMPLE_PASSWORD"], environment: mail)
    #expect(result.status == 1)
    #expect(
      result.stdout == """
        username  tier  result
        ann       paid  made
        bo        free  made
        cy        paid  made
        ann       free  failed: username is already taken
        dee       gold  failed: tier must be free or paid, not gold
        free: 1 (bo)
        paid: 2 (ann, cy)
        failed: 2

        """)
    #expect(
      ExampleBench.warnings(result) == """
        ann: username is already taken
        dee: tier must be free or paid, not gold

        """)
    // The last account made is the one logged in, and its tier is the paid one.
    let tier = try bench.run(["-c", "whoami; usage | $.Tier"])
    #expect(tier.stdout == "\"cy\"\n\"paid\"\n")
    let bo = try bench.run(["-c", "login bo --password-env EXAMPLE_PASSWORD; usage | $.Tier"])
    #expect(bo.stdout.hasSuffix("\n\"free\"\n"))

    try "name,address\nann,ann@example.com\n".write(toFile: file, atomically: true, encoding: .utf8)
    let columns = try bench.run(["examples/accounts-from-csv.tmp", file, "--password-env", "EXAMPLE_PASSWORD"])
    #expect(columns.status == 1)
    #expect(
      ExampleBench.warnings(columns).contains("error: \(file) needs the columns username and email (it has name, address)\n"))
    let missing = try bench.run(["examples/accounts-from-csv.tmp", file])
    #expect(missing.status == 2)
    #expect(missing.stderr.hasSuffix("usage: tshell examples/accounts-from-csv.tmp FILE --password-env VAR\n"))
  }

  @Test(arguments: ExampleServer.allCases) func keysReport(_ kind: ExampleServer) throws {
    let bench = try ExampleBench(kind)
    defer { bench.stop() }
    try bench.onboard("cy")
    _ = try bench.run(["-c", "key new server --type rsa --bits 2048; key new phone"])
    let table = try bench.run(["examples/keys-report.tmp", "--table"])
    #expect(table.status == 0, "\(table.stderr)")
    #expect(
      table.stdout == """
        type     count  keys
        ed25519  2      cy-first cy-phone
        rsa      1      cy-server

        """)
    let ndjson = try bench.run(["examples/keys-report.tmp", "--ndjson"])
    #expect(
      ndjson.stdout == """
        {"type":"ed25519","count":2,"keys":"cy-first cy-phone"}
        {"type":"rsa","count":1,"keys":"cy-server"}

        """)
    let json = try bench.run(["examples/keys-report.tmp", "--compact"])
    #expect(json.status == 2)
    let plain = try bench.run(["--compact", "examples/keys-report.tmp"])
    #expect(
      plain.stdout == #"[{"type":"ed25519","count":2,"keys":"cy-first cy-phone"},{"type":"rsa","count":1,"keys":"cy-server"}]"#
        + "\n")
    let both = try bench.run(["examples/keys-report.tmp", "--table", "--ndjson"])
    #expect(both.status == 2)
    #expect(both.stderr.hasSuffix("usage: tshell examples/keys-report.tmp [--table | --ndjson]\n"))
  }
}
