import Foundation
import TShellTestSupport
import Testing

@Suite("tshell jsonpath (end to end)")
struct JSONPathCommandTests {
  let document =
    #"{"accounts": [{"id": 1, "tier": "paid", "name": "ann"}, {"id": 2, "tier": "free", "name": "bob"}, {"id": 12345678901234567890, "tier": "paid", "name": "cy\u00e9"}]}"#

  @Test func printsOneCompactArray() throws {
    let result = try TShellProcess.run(["jsonpath", #"$.accounts[?@.tier == "paid"].id"#], stdin: document)
    #expect(result.status == 0)
    #expect(result.stdout == "[1,12345678901234567890]\n")
    #expect(result.stderr == "")
  }

  @Test func readsAFile() throws {
    let file = try TShellProcess.temporaryFile(document)
    let result = try TShellProcess.run(["jsonpath", "$..name", file.path])
    #expect(result.stdout == #"["ann","bob","cyé"]"# + "\n")
  }

  @Test func printsNormalizedPaths() throws {
    let result = try TShellProcess.run(["jsonpath", "--paths", "$.accounts[1:]..name"], stdin: document)
    #expect(result.stdout == #"["$['accounts'][1]['name']","$['accounts'][2]['name']"]"# + "\n")
  }

  @Test func printsOneNodePerLine() throws {
    let result = try TShellProcess.run(["jsonpath", "--ndjson", "$.accounts[0,1]"], stdin: document)
    #expect(result.stdout == #"{"id":1,"tier":"paid","name":"ann"}"# + "\n" + #"{"id":2,"tier":"free","name":"bob"}"# + "\n")
    let paths = try TShellProcess.run(["jsonpath", "--ndjson", "--paths", "$.accounts[-1].id"], stdin: document)
    #expect(paths.stdout == "\"$['accounts'][2]['id']\"\n")
  }

  @Test func rawPrintsStringsAsTheirText() throws {
    let result = try TShellProcess.run(["jsonpath", "--raw", "$.accounts[0,1].name"], stdin: document)
    #expect(result.stdout == "ann\nbob\n")
    let mixed = try TShellProcess.run(["jsonpath", "--raw", "$.accounts[0].*"], stdin: document)
    #expect(mixed.stdout == "1\npaid\nann\n")
  }

  @Test func emptyResultIsAnEmptyArray() throws {
    let result = try TShellProcess.run(["jsonpath", "$.missing"], stdin: document)
    #expect(result.status == 0)
    #expect(result.stdout == "[]\n")
    let lines = try TShellProcess.run(["jsonpath", "--ndjson", "$.missing"], stdin: document)
    #expect(lines.stdout == "")
  }

  @Test func invalidQueryExitsTwoWithACaret() throws {
    let result = try TShellProcess.run(["jsonpath", "$.accounts[?@.id >]"], stdin: document)
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        <query>:1:19: error: unexpected ']'; expected a query (@… or $…), a literal or a function call
        1 | $.accounts[?@.id >]
          |                   ^

        """)
  }

  @Test func invalidJSONExitsOneWithFileLineColumn() throws {
    let file = try TShellProcess.temporaryFile("{\n  \"a\": [1, 2,]\n}\n", name: "broken.json")
    let result = try TShellProcess.run(["jsonpath", "$", file.path])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "\(file.path):2:13: error: invalid JSON: trailing comma before ']' (byte 14)\n")
    let piped = try TShellProcess.run(["jsonpath", "$"], stdin: "[1 2]")
    #expect(
      piped.stderr
        == "<stdin>:1:4: error: invalid JSON: unexpected character '2'; expected ',' or ']' after array element (byte 3)\n")
  }

  @Test func missingFileExitsOne() throws {
    let result = try TShellProcess.run(["jsonpath", "$", "/nonexistent/x.json"])
    #expect(result.status == 1)
    #expect(result.stderr == "tshell: cannot open /nonexistent/x.json: No such file or directory\n")
  }

  @Test func usageErrorsExitTwo() throws {
    let result = try TShellProcess.run(["jsonpath"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Missing expected argument '<query>'"))
    let unknown = try TShellProcess.run(["jsonpath", "--frobnicate", "$"])
    #expect(unknown.status == 2)
  }

  @Test func versionAndHelp() throws {
    let version = try TShellProcess.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout == "0.1.0\n")
    let help = try TShellProcess.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("jsonpath"))
    let commandHelp = try TShellProcess.run(["jsonpath", "--help"])
    #expect(commandHelp.stdout.contains("--paths"))
  }

  @Test func emptyInputIsInvalidJSON() throws {
    let result = try TShellProcess.run(["jsonpath", "$"], stdin: "")
    #expect(result.status == 1)
    #expect(result.stderr == "<stdin>:1:1: error: invalid JSON: unexpected end of input; expected a JSON value (byte 0)\n")
  }
}
