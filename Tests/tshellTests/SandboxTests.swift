import Foundation
import TShellTestSupport
import Testing

@Suite("tshell --sandbox (process)")
struct SandboxTests {
  /// Runs `tshell --sandbox -c code` in a fresh home; the result and the home.
  private func sandboxed(_ code: String, environment: [String: String] = [:]) throws -> (TShellProcess.Result, String) {
    let home = TShellProcess.freshHome("sandbox")
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    var env = environment
    env["TSHELL_HOME"] = home
    return (try TShellProcess.run(["--sandbox", "-c", code], environment: env), home)
  }

  @Test("options that leave the embedded server are refused before anything runs")
  func refusedOptions() throws {
    for option in [["--api", "http://127.0.0.1:9"], ["--profile", "work"], ["--cacert", "/etc/ssl/x.pem"]] {
      let result = try TShellProcess.run(["--sandbox"] + option + ["-c", "1"])
      #expect(result.status == 2)
      #expect(result.stderr == "tshell: \(option[0]) is not available with --sandbox: it has its own embedded server\n")
    }
  }

  @Test("TSHELL_API and the profiles are ignored: commands go to the sandbox's embedded server")
  func embeddedOnly() throws {
    let (result, home) = try sandboxed("connect | $.profile", environment: ["TSHELL_API": "http://127.0.0.1:9"])
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(result.stdout == "\"embedded\"\n", "\(result.stderr)")
  }

  @Test("a link inside the home that points outside it does not lead out")
  func linksOut() throws {
    let home = TShellProcess.freshHome("sandbox")
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    try FileManager.default.createSymbolicLink(atPath: home + "/etc", withDestinationPath: "/etc")
    let result = try TShellProcess.run(["--sandbox", "-c", "read(\"etc/passwd\")"], environment: ["TSHELL_HOME": home])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: cannot read etc/passwd: the sandbox allows files only in its home"))
    #expect(!result.stdout.contains("root:"))
  }

  @Test("commands' files must be in the home too")
  func commandFiles() throws {
    let (result, home) = try sandboxed("key decode /etc/hostname")
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: cannot read /etc/hostname: the sandbox allows files only in its home"))
  }

  @Test("a script's output is bounded, and what stops it says why")
  func outputLimit() throws {
    let (result, home) = try sandboxed("for $i in range(0, 100000) { echo(\"0123456789012345678901234567890123456789\") }")
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(result.stdout.utf8.count == 1 << 20 + 1)
    #expect(result.stderr.hasPrefix("output limit: the sandbox prints at most 1024 KiB per input; the rest is dropped\n"))
    #expect(result.status == 130)
  }

  @Test("a file written past the size limit fails with an error instead of ending tshell")
  func fileSizeLimit() throws {
    let (result, home) = try sandboxed(
      "$block = pad_start(\"\", 1000000, \"x\"); for $i in range(0, 80) { write($block, \"big.txt\") --append }; 1"
    )
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("error: cannot write big.txt: File too large"), "\(result.stderr)")
  }
}
