import Foundation
import TShellLanguage
import TemporalKeys
import Testing

/// `key new`, `key list`, `key export`, `key decode`, in process against a live server.
@Suite("Key commands")
struct KeyCommandTests {
  @Test func createListExportAndDecode() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("ann")
      #expect(await harness.run("key list").output == "{\"key_names\":[],\"key_ids\":[]}\n")
      let made = await harness.run(
        "key new laptop | [$.name, $.type]; key new server --bits 2048 --retry | [$.name, $.type]; key list | $.key_names")
      // --bits alone means RSA; the value names the stored key.
      #expect(made.output == "[\"ann-laptop\",\"ed25519\"]\n[\"ann-server\",\"rsa\"]\n[\"ann-laptop\",\"ann-server\"]\n")
      let ids = await harness.run("key list | $.key_ids | join(\" \")").output.dropFirst().dropLast(2).split(separator: " ")
      try #require(ids.count == 2)
      #expect(await harness.run("key new phone | length($.peer_id) > 40").output == "true\n")
      // response and curl show the creation, not the lookup after it.
      #expect(await harness.run("response | $.method").output == "\"POST\"\n")
      #expect(await harness.run("key export phone --yes | length").output == "51\n")
      let table = await harness.run("key list --table")
      #expect(table.output == "NAME        PEER ID\nann-laptop  \(ids[0])\nann-server  \(ids[1])\n")
      let file = harness.home + "-server.words"
      defer { try? FileManager.default.removeItem(atPath: file) }
      let export = await harness.run("key export server --yes --out \(file)")
      #expect(export.status == 0, "\(export.errors)")
      #expect(export.errors.hasPrefix("note: the server deleted ann-server as it exported it; keep the words safe\nwrote "))
      let attributes = try FileManager.default.attributesOfItem(atPath: file)
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
      #expect(await harness.run("key decode \(file) | [$.type, $.peer_id]").output == "[\"rsa\",\"\(ids[1])\"]\n")
      #expect(await harness.run("key list | $.key_names").output == "[\"ann-laptop\"]\n")
      // A full stored name is used as it is; the words come back as the command's value.
      let words = await harness.run("$w = key export ann-laptop --yes; $w | length; key decode $w | $.peer_id")
      #expect(words.output == "51\n\"\(ids[0])\"\n")
      #expect(await harness.run("key list").output == "{\"key_names\":[],\"key_ids\":[]}\n")
    }
  }

  @Test func apiErrors() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("bo")
      #expect(await harness.run("key new a").status == 0)
      let duplicate = await harness.run("key new a")
      #expect(duplicate.status == 4)
      #expect(duplicate.error?.status == 409)
      #expect(duplicate.errors.hasPrefix("<test>:1:1: error: key name already exists (HTTP 409)\n"))
      let missing = await harness.run("key export nope --yes")
      #expect(missing.error?.message == "user does not own key")
      #expect(missing.error?.status == 400)
      for index in 1..<5 { #expect(await harness.run("key new k\(index)").status == 0) }
      let limit = await harness.run("key new one-too-many")
      #expect(limit.error?.message == "too many keys created")
    }
  }

  @Test func dryRunsDeleteAndCreateNothing() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("cy")
      let new = await harness.run("key new printed --type rsa --dry-run")
      #expect(
        new.output == "curl -X POST '\(api.baseURL)/v2/account/key/ipfs/new' -H 'User-Agent: tshell/test' "
          + "-H 'Accept: application/json' -H \"Authorization: Bearer $TSHELL_TOKEN\" --data-urlencode 'key_type=rsa' "
          + "--data-urlencode 'key_bits=2048' --data-urlencode 'key_name=printed'\n")
      #expect(await harness.run("key new kept").status == 0)
      let file = harness.home + "-never.words"
      let export = await harness.run("key export kept --out \(file) --dry-run")
      #expect(
        export.output == "curl '\(api.baseURL)/v2/account/key/export/cy-kept' -H 'User-Agent: tshell/test' "
          + "-H 'Accept: application/json' -H \"Authorization: Bearer $TSHELL_TOKEN\"\n")
      #expect(export.errors == "note: a dry run looks no key names up; kept is sent as cy-kept\n")
      #expect(!FileManager.default.fileExists(atPath: file))
      #expect(await harness.run("key list --table --dry-run").output.hasPrefix("curl '\(api.baseURL)/v2/account/key/ipfs/get'"))
      #expect(await harness.run("key list | $.key_names").output == "[\"cy-kept\"]\n")
    }
  }

  @Test func exportsAskFirstAndNeverLoseTheWords() async throws {
    try await LiveAPI.with { api in
      let prompter = ScriptedPrompter(interactive: true, confirmations: [false])
      let harness = try await api.onboarded("dee", prompter: prompter)
      #expect(await harness.run("key new a").status == 0)
      let declined = await harness.run("key export a")
      #expect(declined.errors.hasSuffix("not exported\n"))
      #expect(prompter.questions == ["Export dee-a and delete it from the server?"])
      let scripted = try await api.onboarded("eve")
      #expect(await scripted.run("key new a").status == 0)
      let noYes = await scripted.run("key export a")
      #expect(noYes.status == 2)
      #expect(noYes.error?.message == "key export needs --yes when not asked on a terminal: the server deletes the key")
      let taken = scripted.home + "-taken.words"
      try "precious\n".write(toFile: taken, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: taken) }
      let refused = await scripted.run("key export a --yes --out \(taken)")
      #expect(refused.error?.message == "\(taken) already exists; choose another file (it may hold words no one else has)")
      #expect(try String(contentsOfFile: taken, encoding: .utf8) == "precious\n")
      #expect(await scripted.run("key list | $.key_names").output == "[\"eve-a\"]\n")
    }
  }

  @Test func decodeIsOfflineAndChecksItsInput() async throws {
    // A key whose words include `null`, which the language reads as a literal among words.
    var key = LibP2PPrivateKey.generateEd25519()
    while try !Mnemonic.encode(key.marshaled).contains("null") { key = LibP2PPrivateKey.generateEd25519() }
    let words = try Mnemonic.encode(key.marshaled).joined(separator: " ")
    let harness = CommandHarness(api: "http://127.0.0.1:1")
    let decoded = await harness.run("key decode \(words) | $.peer_id")
    #expect(decoded.output == "\"\(key.publicKey.peerID)\"\n")
    let piped = await harness.run("\"\(words)\" | key decode --format pem | $.pem")
    #expect(piped.output.hasPrefix("\"-----BEGIN PRIVATE KEY-----\\n"))
    let cases: [(String, String)] = [
      ("key decode", "key decode needs the exported words or a file holding them"),
      ("key decode \(words) --format der", "--format must be libp2p or pem, not 'der'"),
      ("key decode no/such.words", "cannot read no/such.words: no such file"),
      ("key decode abandon ability able", "these words are not an exported key: "),
    ]
    for (code, message) in cases {
      let run = await harness.run(code)
      #expect(run.status == 2, "\(code)")
      #expect(run.error?.message.hasPrefix(message) == true, "\(code): \(run.errors)")
    }
  }

  @Test func flagsBindToTheSubcommandTheyBelongTo() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("fay")
      // --out is a flag of key export, not of key new; --typ is a typo of --type.
      let run = await harness.run("key new x --out y")
      #expect(run.status == 2)
      #expect(run.error?.message == "key new has no flag --out")
      #expect(run.error?.hint == "usage: key new NAME [--type ed25519|rsa] [--bits N]")
      let typo = await harness.run("key new x --typ rsa")
      #expect(typo.error?.message == "key new has no flag --typ")
      #expect(typo.error?.hint == "did you mean --type?")
      // Flags are checked before anything is sent: no login is needed to learn of the typo.
      let loggedOut = CommandHarness(api: "http://127.0.0.1:1")
      #expect(await loggedOut.run("usage --bogus").error?.message == "usage has no flag --bogus")
      #expect(await loggedOut.run("key list --tabel").error?.hint == "did you mean --table?")
      #expect(await loggedOut.run("credits --retry").error?.message == "credits has no flag --retry")
      let help = await loggedOut.run("mail --help")
      #expect(help.output == "mail [show ID | last]\n  the embedded server's outbox; mail show ID or mail last for one message\n")
      #expect(help.status == 0)
      let subcommandTypo = await harness.run("key lst")
      #expect(subcommandTypo.error?.message == "unknown command 'key lst'")
      #expect(subcommandTypo.error?.hint == "did you mean `key list`?")
      #expect(await harness.run("key").error?.message == "key needs a subcommand: key new, key list, key export, key decode")
    }
  }
}

/// Names with spaces, accents, emoji and `%` through tshell: registered, verified, logged in
/// with, keys made, listed, exported by their short and their stored names.
@Suite("Names through tshell")
struct NameCommandTests {
  @Test func unicodeNamesRoundTrip() async throws {
    try await LiveAPI.with { api in
      let harness = api.harness(environment: ["PW": "pw"])
      let onboard = await harness.run(
        #"register "José Ñ" jose@example.com --password-env PW | $.UserName; verify; login "José Ñ" --password-env PW | keys | length"#
      )
      #expect(onboard.output == "\"José Ñ\"\n\"email verified\"\n2\n", "\(onboard.errors)")
      let made = await harness.run(#"for $n in ["a b", "é🔑", "100%"] { key new $n | $.name }"#)
      #expect(made.output.isEmpty)
      #expect(
        await harness.run("key list | $.key_names").output == #"["José Ñ-a b","José Ñ-é🔑","José Ñ-100%"]"# + "\n")
      let exported = await harness.run(#"key export "a b" --yes | length; key export "José Ñ-é🔑" --yes | length"#)
      #expect(exported.output == "51\n51\n", "\(exported.errors)")
      // A short name that itself begins with the username: the stored name wins.
      _ = await harness.run(#"key new "José Ñ-x""#)
      #expect(await harness.run("key list | $.key_names").output == #"["José Ñ-100%","José Ñ-José Ñ-x"]"# + "\n")
      #expect(await harness.run(#"key export "José Ñ-x" --yes | length"#).output == "51\n")
      #expect(await harness.run("key list | $.key_names").output == #"["José Ñ-100%"]"# + "\n")
    }
  }
}
