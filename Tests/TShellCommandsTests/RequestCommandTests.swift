import Foundation
import TShellLanguage
import Testing

/// `get`, `post`, `response`, `curl`, `mail` and `connect`, in process against a live server.
@Suite("Data and control commands")
struct RequestCommandTests {
  @Test func rawRequestsAndTheLastExchange() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("ann")
      #expect(await harness.run("get /v2/account/usage | $.Tier").output == "\"free\"\n")
      #expect(await harness.run("get \(api.baseURL)/health").output == "\"ok\"\n")
      let posted = await harness.run("post /v2/forgot/username email_address=ann@example.com")
      #expect(posted.output == "\"username reminder sent account email\"\n")
      let response = await harness.run("response | [$.method, $.status, $.headers[\"content-type\"], $.body.code]")
      #expect(response.output == "[\"POST\",200,\"application/json; charset=utf-8\",200]\n")
      #expect(
        await harness.run("curl").output == "curl -X POST '\(api.baseURL)/v2/forgot/username' -H 'User-Agent: tshell/test' "
          + "-H 'Accept: application/json' -H \"Authorization: Bearer $TSHELL_TOKEN\" --data-urlencode 'email_address=ann@example.com'\n"
      )
      let query = await harness.run("get /v2/account/usage a=1 'b c=2' --dry-run")
      #expect(query.output.hasPrefix("curl '\(api.baseURL)/v2/account/usage?a=1&b+c=2' "))
      // Fields named like secrets never reach curl lines.
      let secretPost = await harness.run("post /v2/forgot/username email_address=a@example.com password=hunter2 --dry-run")
      #expect(
        secretPost.output.hasSuffix(
          #"--data-urlencode 'email_address=a@example.com' --data-urlencode "password=$TSHELL_PASSWORD""# + "\n"))
      let secretQuery = await harness.run("get /v2/account/usage token=abc123 --dry-run")
      #expect(secretQuery.output.hasPrefix(#"curl '\#(api.baseURL)/v2/account/usage?token='"$TSHELL_SECRET"'' "#))
      #expect(!secretQuery.output.contains("abc123"))
      _ = await harness.run("post /v2/forgot/username email_address=ann@example.com secret=s3cr3t")
      let last = await harness.run("curl")
      #expect(last.output.contains(#"--data-urlencode "secret=$TSHELL_SECRET""#))
      #expect(!last.output.contains("s3cr3t"))
      let missing = await harness.run("get /v2/nothing")
      #expect(missing.status == 4)
      #expect(missing.error?.message == "404 page not found")
    }
  }

  @Test func rawRequestArgumentsAreChecked() async throws {
    let harness = CommandHarness(api: "http://127.0.0.1:1")
    let cases: [(String, String)] = [
      ("get", "missing PATH"),
      ("get v2/account/usage", "PATH must start with /, as in /v2/account/usage"),
      ("post /v2/forgot/username email", "fields are written name=value"),
      ("response", "no request has been sent yet"),
      ("curl", "no request has been sent yet"),
    ]
    for (code, message) in cases {
      let run = await harness.run(code)
      #expect(run.status == 2, "\(code)")
      #expect(run.error?.message == message, "\(code)")
    }
    let refused = await harness.run("try { post /v2/forgot/username email_address=a } catch $e { echo $e.exit }")
    #expect(refused.output == "1\n")
  }

  @Test func mailReadsTheEmbeddedOutboxThroughTheServer() async throws {
    try await LiveAPI.with { api in
      let harness = try await api.onboarded("cy")
      let list = await harness.run("mail | length; mail | $[0].to; mail | $[0].subject")
      #expect(list.output == "1\n[\"cy@example.com\"]\n\" Welcome To Temporal 🌌 Read This For Crucial Getting Started Tips\"\n")
      let id = try #require(try api.server.mail().first?.id)
      #expect(
        await harness.run("mail show \(id) | $.content_type; mail show last | $.to").output
          == "\"text/html\"\n[\"cy@example.com\"]\n")
      #expect(await harness.run("mail last | $.to").output == "[\"cy@example.com\"]\n")
      #expect(await harness.run("mail show nothing").error?.message == "no mail nothing in the outbox")
      #expect(await harness.run("mail send").error?.message == "unknown mail command 'send'")
      let remote = CommandHarness(api: api.baseURL)
      #expect(await remote.run("mail").error?.message == "mail reads the embedded server's outbox; connect --embedded first")
      let verify = await remote.run("verify")
      #expect(
        verify.error?.message
          == "verify needs the link from the verification mail (or USER TOKEN) when the server is not the embedded one (or TSHELL_MAIL_DIR, the --mail-dir of a tshell serve on this machine)"
      )
    }
  }

  @Test func connectChoosesAndRemembersTheEndpoint() async throws {
    try await LiveAPI.with { api in
      let harness = api.harness()
      let connected = await harness.run("connect \(api.baseURL) --name local | [$.profile, $.url, $.user]")
      #expect(connected.output == "[\"local\",\"\(api.baseURL)\",null]\n")
      let config = try String(contentsOfFile: harness.home + "/config.toml", encoding: .utf8)
      #expect(config.contains("current = 'local'"))
      #expect(await harness.run("connect | $.profile").output == "\"local\"\n")
      #expect(harness.layer.sessions.status().endpoint == "local")
      #expect(await harness.run("connect --embedded | $.profile").output == "\"embedded\"\n")
      #expect(await harness.run("connect --profile local | $.url").output == "\"\(api.baseURL)\"\n")
      let unknown = await harness.run("connect --profile nope")
      #expect(unknown.error?.message == "there is no profile named 'nope'")
      let bad = await harness.run("connect ftp://example.com")
      #expect(bad.error?.message == "'ftp://example.com' is not an API URL; write it as http://host:port or https://host")
      #expect(bad.status == 2)
    }
  }
}
