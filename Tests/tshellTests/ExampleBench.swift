import Foundation
import TShellTestSupport
import Testing

/// Where an example runs: a fresh `tshell serve` on port 0, or the embedded server of a fresh home.
enum ExampleServer: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case served, embedded
  var testDescription: String { rawValue }
}

/// A home pointed at a server, a folder for files, and `tshell` run from the package root.
struct ExampleBench {
  static let root = TShellProcess.packageRoot
  static let password = ["EXAMPLE_PASSWORD": "correct horse battery"]

  let server: ServerProcess?
  let home = TShellProcess.freshHome("examples")
  let files = TShellProcess.freshHome("example-files")

  init(_ kind: ExampleServer = .served) throws {
    server = kind == .served ? try ServerProcess(dataDirectory: TShellProcess.freshHome("example-server")) : nil
    try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
  }

  func stop() { server?.stop() }

  /// Peer IDs vary from run to run.
  static func masked(_ text: String) -> String {
    text.replacingOccurrences(of: #"(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}"#, with: "PEER", options: .regularExpression)
  }

  /// Masked, with runs of spaces as two (column widths follow the peer IDs' lengths).
  static func columns(_ text: String) -> String {
    masked(text).replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression)
  }

  /// The environment of a run: the home, the served server's address and the examples' password.
  var environment: [String: String] {
    var variables = Self.password.merging(["TSHELL_HOME": home]) { $1 }
    if let server { variables["TSHELL_API"] = server.baseURL }
    return variables
  }

  func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> TShellProcess.Result {
    try TShellProcess.run(arguments, environment: environment.merging(extra) { $1 }, directory: Self.root)
  }

  /// stderr without the embedded server's note about itself.
  static func warnings(_ result: TShellProcess.Result) -> String {
    result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("using the embedded server in ") }
      .joined(separator: "\n")
  }

  /// An account USER with a first key, made by onboard.tmp (two runs when the server mails its link).
  func onboard(_ user: String) throws {
    let arguments = ["examples/onboard.tmp", user, "\(user)@example.com", "--password-env", "EXAMPLE_PASSWORD"]
    let first = try run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    guard let server else {
      #expect(Self.masked(first.stdout).hasSuffix("made \(user)-first (PEER, ed25519)\nkeys: \(user)-first\n"))
      return
    }
    #expect(
      first.stdout == """
        registered \(user) <\(user)@example.com>
        check the mail sent to \(user)@example.com, then run:
          tshell examples/onboard.tmp \(user) \(user)@example.com --link LINK --password-env EXAMPLE_PASSWORD

        """)
    let link = server.baseURL + (try #require(try server.verificationPath()))
    let second = try run(arguments + ["--link", link])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(
      Self.masked(second.stdout) == """
        verified
        logged in as \(user)
        tier free: 0 of 5 keys, 0 of 5 IPNS records, 0 of 100 pubsub messages
        made \(user)-first (PEER, ed25519)
        keys: \(user)-first

        """)
  }
}
