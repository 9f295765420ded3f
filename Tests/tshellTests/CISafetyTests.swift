import Foundation
import TShellJSON
import TShellTestSupport
import Testing

/// What a CI log gets from tshell: no bearer token anywhere, and states told apart from
/// mistakes in the code.
@Suite("CI safety (end to end)")
struct CISafetyTests {
  /// A JWT's first segment: base64url of `{"alg"…` or `{"typ"…`.
  static func holdsAToken(_ text: String) -> Bool { text.contains("eyJ") }

  @Test func noTokenReachesTheOutputOfAScriptThatLogsIn() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("tia", password: "tia password")
    let env = ["PW": "tia password"]
    let script = """
      login tia --password-env PW
      refresh
      response
      post /v2/auth/login username=tia password=$1
      response | $.body
      [{user: "tia", token: "not shown either"}]
      """
    let file = try TShellProcess.temporaryFile(script, name: "login.tmp")
    let result = try TShellProcess.run(
      ["--api", fixture.server.baseURL, "--trace", file.path, "tia password"],
      environment: env.merging(["TSHELL_HOME": fixture.home]) { $1 })
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!Self.holdsAToken(result.stdout + result.stderr), "\(result.stdout)")
    #expect(result.stdout.hasPrefix("{\n  \"user\": \"tia\",\n  \"expire\": \""))
    #expect(result.stdout.contains("\"token\": \"***\""))
    for style in ["--ndjson", "--compact", "--table", "--raw"] {
      let printed = try fixture.tshell("response | $.body", arguments: [style])
      #expect(!Self.holdsAToken(printed.stdout), "\(style): \(printed.stdout)")
    }
    // The value keeps the token: token and a selected member print it on purpose.
    let chosen = try fixture.tshell(#"(post /v2/auth/login username=tia "password=tia password").token"#)
    #expect(chosen.stdout.hasPrefix("\"eyJ"))
    let token = try fixture.tshell("token", arguments: ["--raw"])
    #expect(token.stdout.hasPrefix("eyJ"))
  }

  @Test func noTokenReachesTestReports() throws {
    let test = """
      test "logs in" {
        register rae rae@example.com --password-env TSHELL_TEST_PASSWORD
        verify
        $grant = login rae --password-env TSHELL_TEST_PASSWORD
        echo $grant
        echo (response)
        assert $grant.user == "nobody"
      }
      """
    let file = try TShellProcess.temporaryFile(test, name: "login.test.tmp")
    let folder = TShellProcess.freshHome("reports")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let console = try TShellProcess.run(["test", file.path, "--junit", folder + "/report.xml"])
    #expect(console.status == 1)
    #expect(console.stdout.contains("assertion failed: $grant.user == \"nobody\""))
    let tap = try TShellProcess.run(["test", file.path, "--tap"])
    let junit = try String(contentsOfFile: folder + "/report.xml", encoding: .utf8)
    #expect(!Self.holdsAToken(console.stdout + console.stderr + tap.stdout + junit))
  }

  @Test func aServerThatDoesNotAnswerIsSaidAtConnect() throws {
    let home = TShellProcess.freshHome()
    let result = try TShellProcess.run(["-c", "connect http://127.0.0.1:1 | $.url"], environment: ["TSHELL_HOME": home])
    #expect(result.status == 0)
    #expect(result.stdout == "\"http://127.0.0.1:1\"\n")
    #expect(
      result.stderr
        == "warning: nothing answers at http://127.0.0.1:1 (cannot reach http://127.0.0.1:1: connection refused); the profile is saved anyway (connect --embedded goes back to the embedded server)\n"
    )
  }

  @Test func keyLimitsAndNamesAreExplained() throws {
    let fixture = try ClientCommandTests.Fixture()
    try fixture.onboard("kit")
    let padded = try fixture.tshell(#"key new "  db1 " | $.name"#)
    #expect(padded.stdout == "\"kit-  db1 \"\n")
    #expect(padded.stderr == "warning: the key name '  db1 ' has spaces at its ends; trim($name) removes them\n")
    #expect(try fixture.tshell("for $i in range(4) { key new \"k$i\" }").status == 0)
    let sixth = try fixture.tshell("key new one-too-many")
    #expect(sixth.status == 4)
    #expect(sixth.stderr.contains("error: too many keys created (HTTP 400)"))
    #expect(sixth.stderr.contains("= hint: the account's tier allows no more keys (usage | $.KeysAllowed); upgrade raises it"))
    let notOwned = try fixture.tshell("key export someone-elses --yes --out \(fixture.home)/x.words")
    #expect(notOwned.status == 4)
    #expect(!notOwned.stderr.contains("note:"))
    #expect(notOwned.stderr.contains("= hint: key list shows the keys of kit; an exported key is no longer on the server"))
    #expect(!FileManager.default.fileExists(atPath: fixture.home + "/x.words"))
  }
}
