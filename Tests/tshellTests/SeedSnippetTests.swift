import Foundation
import TShellTestSupport
import Testing

/// The documentation's JavaScript examples, run by Node against `tshell serve`.
@Suite("Seed documents' JavaScript examples")
struct SeedSnippetTests {
  @Test func examplesRunAgainstTheServer() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-seeds-\(UUID().uuidString)").path
    let server = try ServerProcess(dataDirectory: directory)
    defer { server.stop() }
    let node = Process()
    node.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    node.arguments = [
      "node", TShellProcess.packageRoot.appendingPathComponent("Tests/Seeds/run_snippets.mjs").path,
      server.baseURL, directory + "/mail",
    ]
    let output = Pipe()
    node.standardOutput = output
    node.standardError = output
    try node.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    node.waitUntilExit()
    #expect(node.terminationStatus == 0, "\(text)")
    #expect(text.hasPrefix("seed snippets: 13 of 13 ran against \(server.baseURL); 0 failed checks"), "\(text)")
  }
}
