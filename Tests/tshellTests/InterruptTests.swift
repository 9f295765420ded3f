import Foundation
import TShellTestSupport
import Testing

@Suite("Ctrl-C (process)")
struct InterruptTests {
  /// The server says 503 and `Retry-After: 20`; Ctrl-C during that wait ends the script with
  /// 130, and the surrounding `try` does not catch it.
  @Test func ctrlCDuringARetryWaitExits130UncaughtByTry() throws {
    let server = try FixedAnswerServer(
      response: "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 20\r\nContent-Length: 4\r\nContent-Type: text/plain\r\n\r\nbusy"
    )
    defer { server.stop() }
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-interrupt-\(UUID().uuidString)").path
    let process = Process()
    process.executableURL = TShellProcess.binary
    process.arguments = [
      "--api", "http://127.0.0.1:\(server.port)", "-c",
      #"try { get /v2/account/usage } catch $e { echo "caught: ${e.message}" }; echo after"#,
    ]
    process.environment = ["TSHELL_HOME": home, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Once the first answer has gone out, tshell waits 20 s before it asks again.
    #expect(server.waitForRequest(timeout: 30))
    process.interrupt()
    let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(stdout == "")
    #expect(stderr.hasPrefix("<command line>:1:7: error: interrupted\n"))
    #expect(server.requestCount == 1)
  }

  /// Ctrl-C at a password prompt is an interruption (130), not a missing password with a hint.
  @Test func ctrlCAtAPasswordPromptIsAnInterruption() throws {
    let terminal = try PseudoTerminal(
      ["--api", "http://127.0.0.1:1", "-c", "login ann"], environment: ["TSHELL_HOME": TShellProcess.freshHome()])
    try terminal.expect("Password for ann: ")
    terminal.type(PseudoTerminal.Key.interrupt)
    #expect(try terminal.waitForExit() == 130)
    #expect(terminal.screen.contains("error: interrupted"))
    #expect(!terminal.screen.contains("no password given"))
  }
}
