import TShellJSON
import Testing

@testable import TShellLanguage

@Suite("Tab completion")
struct CompletionEngineTests {
  static let commands = [
    CommandDescription(name: "usage", group: "account", summary: "", usage: "usage", isReadOnly: true),
    CommandDescription(
      name: "login", group: "account", summary: "", usage: "login USER [--password-env VAR] [--password-stdin]",
      flags: [FlagDescription("password-env", value: "VAR"), FlagDescription("password-stdin")]),
    CommandDescription(
      name: "key new", group: "keys", summary: "", usage: "key new NAME [--type ed25519|rsa] [--bits N]",
      flags: [
        FlagDescription("type", value: "TYPE", completion: .choice(["ed25519", "rsa"])), FlagDescription("bits", value: "N"),
        FlagDescription("dry-run"),
      ]),
    CommandDescription(
      name: "key list", group: "keys", summary: "", usage: "key list [--table]", flags: [FlagDescription("table")]),
    CommandDescription(
      name: "key export", group: "keys", summary: "", usage: "key export NAME [--yes] [--out FILE]",
      flags: [FlagDescription("yes"), FlagDescription("out", value: "FILE", completion: .file)], arguments: [.keyName]),
    CommandDescription(name: "key decode", group: "keys", summary: "", usage: "key decode WORDS…|FILE", arguments: [.file]),
  ]

  static func object(_ members: [(String, JSONValue)]) -> JSONValue {
    .object(JSONObject(distinctMembers: members))
  }

  static let usage = object([("KeysAllowed", .int(5)), ("KeysCreated", .int(1)), ("Tier", .string("free"))])

  static func context(lastResult: JSONValue? = nil) -> CompletionContext {
    CompletionContext(
      commands: commands, functionNames: ["length", "range"],
      variables: ["account": object([("name", .string("ann")), ("limits", object([("keys", .int(5))]))]), "n": .int(3)],
      lastResult: lastResult,
      resultOf: { $0 == "usage" ? usage : nil },
      keyNames: { ["laptop", "lab", "server"] },
      files: { directory in
        switch directory {
        case "": [("data.json", false), ("docs", true), (".hidden", false)]
        case "docs/": [("guide.md", false)]
        default: []
        }
      })
  }

  static func complete(_ text: String, lastResult: JSONValue? = nil) -> CompletionProposal {
    CompletionEngine.complete(text, context: context(lastResult: lastResult))
  }

  static func matching(_ text: String, lastResult: JSONValue? = nil) -> [String] {
    let proposal = complete(text, lastResult: lastResult)
    return proposal.candidates.filter { $0.hasPrefix(proposal.word) }.sorted()
  }

  @Test func firstWordsAreCommandsFunctionsAndKeywords() {
    #expect(CompletionEngineTests.matching("us") == ["usage"])
    #expect(CompletionEngineTests.matching("k") == ["key"])
    #expect(CompletionEngineTests.matching("le") == ["length"])
    #expect(CompletionEngineTests.matching("wh") == ["while"])
    #expect(CompletionEngineTests.matching("1; us") == ["usage"])
  }

  @Test func subcommandsAndKeyNames() {
    #expect(CompletionEngineTests.matching("key ") == ["decode", "export", "list", "new"])
    #expect(CompletionEngineTests.matching("key ex") == ["export"])
    #expect(CompletionEngineTests.matching("key export la") == ["lab", "laptop"])
    #expect(CompletionEngineTests.complete("key export la").word == "la")
    // Only the first positional word of key export is a key name.
    #expect(CompletionEngineTests.matching("key export lab la") == [])
    #expect(CompletionEngineTests.matching("key export --yes la") == ["lab", "laptop"])
  }

  @Test func flagValuesCompleteByTheirKind() {
    #expect(CompletionEngineTests.matching("key new x --type ") == ["ed25519", "rsa"])
    #expect(CompletionEngineTests.matching("key new x --type r") == ["rsa"])
    #expect(CompletionEngineTests.matching("key new x --bits ") == [])
    #expect(CompletionEngineTests.matching("key decode d") == ["data.json", "docs/"])
    #expect(CompletionEngineTests.matching("key decode a.words d") == [])
  }

  @Test func flagsOfTheCommandBeingTyped() {
    #expect(CompletionEngineTests.matching("key new x --") == ["--bits", "--dry-run", "--type"])
    #expect(CompletionEngineTests.matching("key list --t") == ["--table"])
    #expect(CompletionEngineTests.matching("login ann --password") == ["--password-env", "--password-stdin"])
  }

  @Test func variablesAndTheirKeys() {
    #expect(CompletionEngineTests.matching("$a") == ["$account"])
    // An object's name takes no space after it: a `.` usually follows.
    #expect(CompletionEngineTests.complete("$a").terminator == "")
    #expect(CompletionEngineTests.complete("$n").terminator == " ")
    #expect(CompletionEngineTests.matching("$account.") == ["$account.limits", "$account.name"])
    #expect(CompletionEngineTests.matching("$account.limits.k") == ["$account.limits.keys"])
    #expect(CompletionEngineTests.matching("echo $account.na") == ["$account.name"])
  }

  @Test func dollarKeysComeFromThePipeOrTheLastResult() {
    #expect(CompletionEngineTests.matching("usage | $.Keys") == ["$.KeysAllowed", "$.KeysCreated"])
    #expect(CompletionEngineTests.matching("$account | $.l") == ["$.limits"])
    #expect(CompletionEngineTests.matching("$.T", lastResult: CompletionEngineTests.usage) == ["$.Tier"])
    // A command with no known result offers nothing rather than another value's keys.
    #expect(CompletionEngineTests.matching("credits | $.T", lastResult: CompletionEngineTests.usage) == [])
  }

  @Test func filesInStringsAndAfterFileFlags() {
    #expect(CompletionEngineTests.matching("read(\"da") == ["data.json"])
    #expect(CompletionEngineTests.complete("read(\"da").terminator == "\"")
    #expect(CompletionEngineTests.matching("source \"do") == ["docs/"])
    #expect(CompletionEngineTests.complete("source \"do").terminator == "")
    #expect(CompletionEngineTests.matching("read(\"docs/") == ["docs/guide.md"])
    #expect(CompletionEngineTests.matching("key export lab --out d") == ["data.json", "docs/"])
    #expect(CompletionEngineTests.matching("read(\".h") == [".hidden"])
    #expect(!CompletionEngineTests.matching("read(\"").contains(".hidden"))
  }

  @Test func nothingInComments() {
    #expect(CompletionEngineTests.complete("usage # us") == .none)
  }
}
