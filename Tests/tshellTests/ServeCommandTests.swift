import Foundation
import TShellTestSupport
import Testing

@Suite("tshell serve (process)")
struct ServeCommandTests {
  func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tshell-serve-\(UUID().uuidString)").path
  }

  @Test func nothingAnsweredWithA200IsLostOnKill9() async throws {
    let directory = temporaryDirectory()
    let first = try ServerProcess(dataDirectory: directory)
    let register = try await first.request(
      "POST", "/v2/auth/register",
      form: [("username", "ann"), ("password", "pw"), ("email_address", "ann@example.com")])
    #expect(register.status == 200)
    let link = try #require(try first.verificationPath())
    #expect(try await first.request("GET", link).status == 200)
    let login = try await first.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"pw"}"#)
    let token = try #require(login.body.split(separator: "\"").dropFirst(7).first.map(String.init))
    let key = try await first.request(
      "POST", "/v2/account/key/ipfs/new", token: token,
      form: [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", "durable")])
    #expect(key.status == 200)
    first.stop(signal: SIGKILL)
    #expect(first.process.terminationReason == .uncaughtSignal)

    let second = try ServerProcess(dataDirectory: directory)
    defer { second.stop() }
    // The same secrets were kept: the old token still works, and the key is there.
    let list = try await second.request("GET", "/v2/account/key/ipfs/get", token: token)
    #expect(list.status == 200)
    #expect(list.body.contains("\"ann-durable\""))
    let again = try await second.request("POST", "/v2/auth/login", body: #"{"username":"ann","password":"pw"}"#)
    #expect(again.status == 200)
  }

  @Test func textLogHasOneLineWithItsMetadataPerRequest() async throws {
    let log = temporaryDirectory() + ".log"
    defer { try? FileManager.default.removeItem(atPath: log) }
    let server = try ServerProcess(dataDirectory: temporaryDirectory(), logFile: log)
    #expect(try await server.request("GET", "/hello").status == 200)
    #expect(try await server.request("GET", "/v2/account/usage", token: "nope").status == 401)
    server.stop(signal: SIGTERM)
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { line in
      // The time and the request's ID and duration change from run to run.
      line.replacing(#/^\S+ /#, with: "TIME ").replacing(/request_id=\S+/, with: "request_id=ID")
        .replacing(/duration_ms=\S+/, with: "duration_ms=MS")
    }
    #expect(
      lines.filter { $0.hasSuffix("[TemporalServer] request") } == [
        "TIME info tshell.serve: client=127.0.0.1 duration_ms=MS method=GET path=/hello request_id=ID status=200"
          + " [TemporalServer] request",
        "TIME info tshell.serve: client=127.0.0.1 duration_ms=MS method=GET path=/v2/account/usage request_id=ID status=401"
          + " [TemporalServer] request",
      ])
  }

  @Test func gracefulShutdownOnSIGTERM() async throws {
    let server = try ServerProcess(dataDirectory: temporaryDirectory())
    #expect(try await server.request("GET", "/health").body == "ok")
    server.stop(signal: SIGTERM)
    #expect(server.process.terminationStatus == 0)
  }

  @Test func badSettingsExitTwoWithAClearMessage() throws {
    let result = try TShellProcess.run(["serve", "--bcrypt-cost", "3", "--data-dir", temporaryDirectory()])
    #expect(result.status == 2)
    #expect(result.stderr == "tshell serve: --bcrypt-cost must be from 4 to 31, not 3\n")
    let url = try TShellProcess.run(["serve", "--public-url", "nope", "--data-dir", temporaryDirectory()])
    #expect(url.status == 2)
    #expect(url.stderr == "tshell serve: --public-url must be an http or https URL such as https://api.example.com, not 'nope'\n")
    let format = try TShellProcess.run(["serve", "--log-format", "xml", "--data-dir", temporaryDirectory()])
    #expect(format.status == 2)
    #expect(format.stderr == "tshell serve: --log-format must be text or json, not 'xml'\n")
  }

  @Test func secretFilesAreCreatedPrivate() throws {
    let directory = temporaryDirectory()
    let server = try ServerProcess(dataDirectory: directory)
    server.stop()
    for name in ["jwt-secret", "key-encryption-key"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
      #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
    }
  }

  @Test func adminAddUserCreatesALoginReadyAccount() async throws {
    let directory = temporaryDirectory()
    let result = try TShellProcess.run(
      [
        "admin", "add-user", "demo", "demo@example.com", "--password-stdin", "--verified", "--tier", "paid", "--credits", "12.5",
        "--data-dir", directory,
      ],
      stdin: "demo password\nignored second line\n")
    #expect(result.status == 0)
    #expect(result.stdout == "created demo (demo@example.com)\n")
    #expect(result.stderr == AdminCommandTests.directoryLine(directory))
    let server = try ServerProcess(dataDirectory: directory)
    defer { server.stop() }
    let login = try await server.request("POST", "/v2/auth/login", body: #"{"username":"demo","password":"demo password"}"#)
    #expect(login.status == 200)
    let token = try #require(login.body.split(separator: "\"").dropFirst(7).first.map(String.init))
    #expect(
      try await server.request("GET", "/v2/account/credits/available", token: token).body == #"{"code":200,"response":12.5}"#)
    let duplicate = try TShellProcess.run(
      ["admin", "add-user", "demo", "x@example.com", "--password-stdin", "--data-dir", directory],
      stdin: "pw\n")
    #expect(duplicate.status == 1)
    #expect(
      duplicate.stderr == AdminCommandTests.directoryLine(directory) + "tshell admin add-user: the username demo is taken\n")
  }
}

@Suite("tshell serve and admin: messages")
struct ServeMessageTests {
  /// A port another server holds: said plainly, exit 1.
  @Test func aBusyPortIsSaidPlainly() throws {
    let directory = TShellProcess.freshHome("busy")
    let first = try ServerProcess(dataDirectory: directory + "/a")
    defer { first.stop() }
    let port = try #require(first.baseURL.split(separator: ":").last.map(String.init))
    let second = try TShellProcess.run(["serve", "--port", port, "--data-dir", directory + "/b", "--quiet"])
    #expect(second.status == 1)
    #expect(second.stderr == "tshell serve: port \(port) is already in use on 127.0.0.1; choose another with --port\n")
  }

  /// `--quiet`: the listening line on stdout, nothing on stderr (no framework start line).
  @Test func quietIsQuiet() throws {
    let process = Process()
    process.executableURL = TShellProcess.binary
    process.arguments = ["serve", "--port", "0", "--data-dir", TShellProcess.freshHome("quiet"), "--quiet"]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    var line = Data()
    while !line.contains(0x0A) {
      let chunk = output.fileHandleForReading.availableData
      guard !chunk.isEmpty else { break }
      line.append(chunk)
    }
    #expect(String(decoding: line, as: UTF8.self).hasPrefix("listening on http://127.0.0.1:"))
    process.terminate()
    process.waitUntilExit()
    #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "")
  }

  /// The tiers `add-user --help` lists are the ones its error lists.
  @Test func addUserNamesItsTiersTheSameWay() throws {
    let tiers = "unverified, free, paid, partner, white-labeled"
    let help = try TShellProcess.run(["admin", "add-user", "--help"])
    #expect(help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(tiers))
    let wrong = try TShellProcess.run(
      [
        "admin", "add-user", "ann", "ann@example.com", "--password-stdin", "--tier", "gold", "--data-dir",
        TShellProcess.freshHome(),
      ],
      stdin: "pw\n")
    #expect(wrong.status == 2)
    #expect(wrong.stderr == "tshell admin add-user: --tier must be one of \(tiers)\n")
  }
}

@Suite("tshell help")
struct HelpCommandTests {
  @Test func helpFromTheShell() throws {
    let all = try TShellProcess.run(["help"])
    #expect(all.status == 0)
    #expect(all.stdout.hasPrefix("Commands:\n  account     register, verify, login"))
    #expect(all.stdout.contains("\n  text        contains, ends_with, index_of, join, lines,"))
    #expect(all.stdout.hasSuffix("tshell --help lists the options of the command line and its subcommands.\n"))
    let one = try TShellProcess.run(["help", "key", "export"])
    #expect(one.status == 0)
    #expect(one.stdout.hasPrefix("key export NAME [--yes] [--out FILE]\n"))
    let unknown = try TShellProcess.run(["help", "lenght"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "error: no command named 'lenght'\n  = hint: did you mean `length`?\n")
  }
}

@Suite("tshell serve drains on SIGTERM")
struct ServeDrainTests {
  /// While a request is in flight, SIGTERM leaves the server serving with `/health` at 503 (a
  /// balancer takes it out); once the request ends and no other comes, the process exits 0.
  @Test func sigtermDrainsWhileRequestsAreInFlight() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-drain-\(UUID().uuidString)").path
    // Long timeouts: on a loaded machine the held request must not time out before the test ends it.
    let server = try ServerProcess(
      dataDirectory: directory,
      extraArguments: ["--drain-timeout", "900", "--request-timeout", "900", "--idle-timeout", "900", "--metrics-port", "0"])
    let metrics = String(server.nextLine().dropFirst("metrics on ".count))
    let port = try #require(server.baseURL.split(separator: ":").last.flatMap { Int($0) })
    let held = try RawConnection(port: port)
    #expect(held.send("POST /v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 33\r\n\r\n{\"username\":"))
    // The server counts the held request in flight before it is told to stop.
    while try await !ServeMetricsTests.scrape(metrics).text.contains("\ntshell_http_requests_in_flight 1.0\n") {}
    kill(server.process.processIdentifier, SIGTERM)
    var health = try await server.request("GET", "/health")
    while health.body == "ok" { health = try await server.request("GET", "/health") }
    #expect(health.status == 503)
    #expect(health.body == "draining")
    #expect(try await server.request("GET", "/hello").status == 200)
    #expect(server.process.isRunning)
    #expect(held.send("\"ann\",\"password\":\"x\"}"))
    let answer = await held.answer(for: 300, until: "\r\n\r\n")
    #expect(answer.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
    server.process.waitUntilExit()
    #expect(server.process.terminationStatus == 0)
  }

  @Test func aDrainTimeoutOutsideItsRangeIsRefused() throws {
    let result = try TShellProcess.run(["serve", "--drain-timeout=-1", "--data-dir", "/nonexistent/x"])
    #expect(result.status == 2)
    #expect(result.stderr == "tshell serve: --drain-timeout must be from 0 to 3600 seconds, not -1\n")
  }
}
