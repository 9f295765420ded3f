import Foundation
import TShellLanguage
import Testing

/// Registration, verification, login and the account endpoints, in process against a live server.
@Suite("Account commands")
struct AccountCommandTests {
  @Test func registerVerifyLoginAndTheAccountEndpoints() async throws {
    try await LiveAPI.with { api in
      let harness = api.harness(environment: ["PW": "pw-ann"])
      let register = await harness.run("register ann ann@example.com --password-env PW | $.UserName")
      #expect(register.output == "\"ann\"\n")
      #expect(register.errors == "using the embedded server in \(harness.home)/embedded; connect URL for another\n")
      let before = await harness.run("login ann --password-env PW")
      #expect(before.status == 4)
      #expect(before.error?.message == "Incorrect Username / Password")
      #expect(before.error?.status == 401)
      #expect(before.error?.hint == "wrong password, or the address is not verified yet (verify)")
      #expect(await harness.run("verify").output == "\"email verified\"\n")
      #expect(await harness.run("login ann --password-env PW | keys").output == "[\"user\",\"expire\"]\n")
      let account = await harness.run("whoami; credits; usage | $.Tier; forgot email")
      #expect(account.output == "\"ann\"\n0\n\"free\"\n\"ann@example.com\"\n")
      #expect(await harness.run("refresh | $.user").output == "\"ann\"\n")
      let logout = await harness.run("logout")
      #expect(logout.errors == "logged out ann\n")
      #expect(await harness.run("logout").errors == "not logged in; nothing to do\n")
      let after = await harness.run("whoami")
      #expect(after.status == 4)
      #expect(after.error?.message == "not logged in: run login USER first (or set TSHELL_TOKEN)")
    }
  }

  @Test func tokenPrintsTheBearerTokenOnPurpose() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("tia")
      let token = await harness.run("token")
      let text = try #require(try JSONValue(parsing: token.output).stringValue)
      #expect(text.split(separator: ".").count == 3)
      // The stored token: the one whoami sends.
      let stored = try String(contentsOfFile: harness.home + "/tokens.json", encoding: .utf8)
      #expect(stored.contains(text))
      #expect(await harness.run("token | length").output == "\(text.count)\n")
      #expect(await harness.run("token extra").error?.message == "too many words: extra")
      _ = await harness.run("logout")
      #expect(await harness.run("token").error?.message == "not logged in: run login USER first (or set TSHELL_TOKEN)")
      let fixed = CommandHarness(embedded: api.embedded, environment: ["TSHELL_TOKEN": "a.b.c"])
      #expect(await fixed.run("token").output == "\"a.b.c\"\n")
    }
  }

  @Test func apiErrorsCarryTheStatusAndTheServersText() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("bo")
      let taken = await harness.run("register bo other@example.com --password-env PW")
      #expect(taken.status == 4)
      #expect(taken.errors.hasPrefix("<test>:1:1: error: username is already taken (HTTP 400)\n"))
      #expect(taken.error?.response == ["code": 400, "response": "username is already taken"])
      let badToken = CommandHarness(embedded: api.embedded, environment: ["TSHELL_TOKEN": "not-a-token"])
      let refused = await badToken.run("usage")
      #expect(refused.status == 4)
      #expect(refused.error?.message == "token contains an invalid number of segments")
      let caught = await harness.run(#"try { verify bo not-a-token } catch $e { echo "${e.status}: ${e.message}" }"#)
      #expect(caught.output == "400: token contains an invalid number of segments\n")
      #expect(caught.status == 0)
    }
  }

  @Test func dryRunsPrintCurlLinesAndSendNothing() async throws {
    try await LiveAPI.with { api in
      let harness = api.harness(environment: ["PW": "secret-pw"])
      let register = await harness.run("$r = register cy cy@example.com --password-env PW --dry-run; $r")
      #expect(register.status == 0)
      #expect(
        register.output == "curl -X POST '\(api.baseURL)/v2/auth/register' -H 'User-Agent: tshell/test' "
          + "-H 'Accept: application/json' --data-urlencode 'username=cy' --data-urlencode \"password=$TSHELL_PASSWORD\" "
          + "--data-urlencode 'email_address=cy@example.com'\nnull\n")
      #expect(!register.output.contains("secret-pw"))
      // Nothing was registered, and a dry run needs neither a password nor a login.
      let mail = try api.server.mail()
      #expect(mail.isEmpty)
      let login = await harness.run("login cy --dry-run")
      #expect(
        login.output == "curl -X POST '\(api.baseURL)/v2/auth/login' -H 'User-Agent: tshell/test' -H 'Accept: application/json' "
          + "-H 'Content-Type: application/json' --data-raw '{\"username\":\"cy\",\"password\":\"'\"$TSHELL_PASSWORD\"'\"}'\n")
      // The address in a curl line is this run's embedded server: said once.
      #expect(register.errors.contains("is the embedded server of this run; it stops when tshell does"))
      let usage = await harness.run("usage --dry-run")
      #expect(
        usage.output == "curl '\(api.baseURL)/v2/account/usage' -H 'User-Agent: tshell/test' -H 'Accept: application/json' "
          + "-H \"Authorization: Bearer $TSHELL_TOKEN\"\n")
      for command in [
        "whoami", "credits", "refresh", "forgot email", "upgrade", "forgot username a@example.com",
        "forgot password a@example.com", "verify cy token", "password change --old-password-env PW --new-password-env PW",
      ] {
        let run = await harness.run(command + " --dry-run")
        #expect(run.status == 0, "\(command): \(run.errors)")
        #expect(run.output.hasPrefix("curl "), "\(command)")
      }
      // The whole run in dry-run mode decides it the same way.
      let global = CommandHarness(embedded: api.embedded, dryRun: true)
      #expect(await global.run("credits").output.hasPrefix("curl '\(api.baseURL)/v2/account/credits/available'"))
    }
  }

  @Test func badArgumentsAreUsageErrorsWithTheUsage() async throws {
    try await LiveAPI.with { api in
      let harness = api.harness()
      let cases: [(String, String, String)] = [
        ("register ann", "missing EMAIL", "usage: register USER EMAIL [--password-env VAR | --password-stdin]"),
        (
          "register ann a@example.com",
          "a password is needed: on a terminal it is asked for; in scripts use --password-env VAR or --password-stdin",
          "usage: register USER EMAIL [--password-env VAR | --password-stdin]"
        ),
        ("login", "missing USER", "usage: login USER [--password-env VAR | --password-stdin]"),
        (
          "login ann --password-env NOPE", "the environment variable NOPE is not set or empty",
          "usage: login USER [--password-env VAR | --password-stdin]"
        ),
        ("logout now", "too many words: now", "usage: logout"),
        ("verify a b c", "too many words: c", "usage: verify [LINK | USER TOKEN]"),
        ("verify http://example.com/x", "'http://example.com/x' is not a verification link", "usage: verify [LINK | USER TOKEN]"),
        ("forgot username", "missing EMAIL", "usage: forgot username EMAIL"),
        ("upgrade", "upgrade needs --yes when not asked on a terminal: the paid tier cannot be undone", "usage: upgrade [--yes]"),
      ]
      for (code, message, hint) in cases {
        let run = await harness.run(code)
        #expect(run.status == 2, "\(code)")
        #expect(run.error?.message == message, "\(code)")
        #expect(run.error?.hint == hint, "\(code)")
      }
      let unknown = await harness.run("forgot nothing")
      #expect(unknown.error?.message == "unknown command 'forgot nothing'")
      #expect(unknown.error?.hint == "the commands are forgot username, forgot password, forgot email")
      let typo = await harness.run("forgot usernme a@example.com")
      #expect(typo.error?.hint == "did you mean `forgot username`?")
      let bare = await harness.run("password")
      #expect(bare.error?.message == "password needs a subcommand: password change")
      #expect(bare.status == 2)
    }
  }

  @Test func passwordsFromStandardInputAndTheTerminal() async throws {
    try await LiveAPI.with { api in
      let prompter = ScriptedPrompter(
        interactive: true, secrets: ["first-pw", "first-pw", "first-pw", "first-pw", "new-pw", "new-pw"])
      let harness = api.harness(stdin: ["new-pw", "third-pw"], prompter: prompter)
      let onboard = await harness.run("register dee dee@example.com | $.UserName; verify; login dee | keys | length")
      #expect(onboard.output == "\"dee\"\n\"email verified\"\n2\n")
      // On a terminal, registering says what comes next.
      #expect(onboard.errors.contains("next: verify, then login dee\n"))
      #expect(await harness.run("password change").output == "\"password changed\"\n")
      #expect(
        prompter.questions == [
          "Password for dee: ", "Again: ", "Password for dee: ", "Current password: ", "New password: ", "Again: ",
        ])
      #expect(await harness.run("password change --password-stdin").output == "\"password changed\"\n")
      #expect(await harness.run("logout; login dee --password-stdin").status == 2)
      let wrong = await harness.run("login dee hunter2")
      #expect(wrong.errors.hasPrefix("warning: a password given as a word can end up in shell history"))
      #expect(wrong.status == 4)
      let differ = CommandHarness(embedded: api.embedded, prompter: ScriptedPrompter(interactive: true, secrets: ["a", "b"]))
      let mismatch = await differ.run("register eve eve@example.com")
      #expect(mismatch.error?.message == "the two passwords differ")
      let scriptOnStdin = CommandHarness(embedded: api.embedded, stdin: nil)
      let refused = await scriptOnStdin.run("login dee --password-stdin")
      #expect(refused.error?.message == "--password-stdin cannot be used when the script comes from standard input")
      let tooShort = api.harness(stdin: ["only-one"])
      #expect(
        await tooShort.run("password change --password-stdin").error?.message
          == "--password-stdin needs two lines on standard input: the current password, then the new one")
    }
  }

  @Test func upgradeAsksFirstOnATerminal() async throws {
    try await LiveAPI.with { api in
      let prompter = ScriptedPrompter(interactive: true, confirmations: [false, true])
      let harness = try await api.onboarded("fay", prompter: prompter)
      let declined = await harness.run("upgrade")
      #expect(declined.errors == "not upgraded\n")
      #expect(declined.output.isEmpty)
      #expect(await harness.run("upgrade").output == "\"account upgraded\"\n")
      #expect(
        prompter.questions == [
          "Upgrade fay to the paid tier? This cannot be undone.", "Upgrade fay to the paid tier? This cannot be undone.",
        ])
      let again = await harness.run("upgrade --yes")
      #expect(again.error?.message == "user account is already upgrade")
      #expect(again.status == 4)
      #expect(await harness.run("usage | $.KeysAllowed").output == "150\n")
    }
  }

  @Test func forgottenUsernamesAndPasswords() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("gil")
      #expect(await harness.run("forgot username gil@example.com").output == "\"username reminder sent account email\"\n")
      let unknown = await harness.run("forgot password nobody@example.com")
      #expect(unknown.error?.message == "unable to find username")
      #expect(unknown.status == 4)
      #expect(
        await harness.run("forgot password gil@example.com").output
          == "\"password reset, please check your email for a new password\"\n")
      let mail = try api.server.mail()
      #expect(mail.count == 3)
    }
  }
}
