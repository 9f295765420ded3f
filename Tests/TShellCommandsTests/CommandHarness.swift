import Foundation
import TShellCommands
import TShellLanguage
import TemporalAPI
import TemporalClient

/// Runs tshell code in this process through the command layer, the way the executable does (the
/// same `Shell` factory), with a fresh `$TSHELL_HOME`, what it prints captured, prompts and
/// standard input answered from lists, and the network either real (a URL) or answered in memory.
final class CommandHarness: @unchecked Sendable {
  /// What one run printed and how it ended.
  struct Run {
    /// Results (compact JSON, one per line) and text the commands wrote to stdout.
    var output: String
    var errors: String
    /// The exit status a script would end with.
    var status: Int32
    /// The error that ended the run.
    var error: LanguageError?
  }

  let home: String
  let prompter: ScriptedPrompter
  private(set) var shell: Shell!
  private let captured = Captured()
  private let input: Lines

  var cancellation: CancellationToken { shell.cancellation }
  var layer: CommandLayer { shell.layer }

  /// `api`: the URL commands go to (nil: the embedded server `embedded` gives). `environment`:
  /// the variables commands see. `stdin`: lines for `--password-stdin`, nil when standard input
  /// carries the script. `transport`: answers in memory instead of the network.
  init(
    api: String? = nil, embedded: EmbeddedEndpoint? = nil, dryRun: Bool = false, environment: [String: String] = [:],
    stdin: [String]? = [], prompter: ScriptedPrompter = ScriptedPrompter(),
    transport: (@Sendable (String) -> any HTTPTransport)? = nil
  ) {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-commands-\(UUID().uuidString)").path
    self.prompter = prompter
    input = Lines(stdin ?? [])
    let starter: EmbeddedStarter = { _ in
      guard let embedded else { throw ClientError.usage("no embedded server in this test") }
      return embedded
    }
    let captured = self.captured
    let streams = ConsoleStreams(
      output: { bytes in
        captured.append(output: String(decoding: bytes, as: UTF8.self))
        return true
      }, error: { captured.append(error: $0) })
    let input = self.input
    let standardInput: (@Sendable () -> String?)? = stdin == nil ? nil : { @Sendable in input.next() }
    shell = Shell(
      ShellSetup(
        home: home, client: ClientOptions(api: api, timeout: 10, dryRun: dryRun),
        format: ResultFormat(style: .compact, colors: false), streams: streams, environment: .fixed(environment),
        standardInput: standardInput, prompter: prompter, startEmbedded: starter,
        userAgent: "tshell/test", makeTransport: transport))
  }

  deinit { try? FileManager.default.removeItem(atPath: home) }

  /// Runs `code` as a script on a thread of its own (commands block while they wait for the
  /// network, which must not tie up the concurrency pool the in-process server answers on).
  func run(_ code: String) async -> Run {
    await withCheckedContinuation { continuation in
      let thread = Thread { continuation.resume(returning: self.runHere(code)) }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  private func runHere(_ code: String) -> Run {
    captured.reset()
    let outcome = shell.interpreter.outcome(running: code, name: "<test>")
    if let message = outcome.message(colors: false) { shell.host.writeError(message + "\n") }
    shell.host.output.flush()
    var error: LanguageError?
    if case .failed(let failure) = outcome { error = failure }
    let (output, errors) = captured.take()
    return Run(output: output, errors: errors, status: outcome.exitCode, error: error)
  }

  /// What the streams received, shared with the threads the commands run on.
  private final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var output = ""
    private var errors = ""

    func append(output text: String) { lock.withLock { output += text } }
    func append(error text: String) { lock.withLock { errors += text } }
    func reset() { lock.withLock { (output, errors) = ("", "") } }
    func take() -> (String, String) { lock.withLock { (output, errors) } }
  }

  /// Standard input's lines, taken one at a time.
  private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]

    init(_ lines: [String]) { self.lines = lines }
    func next() -> String? { lock.withLock { lines.isEmpty ? nil : lines.removeFirst() } }
  }
}

/// Answers the terminal's questions from lists, and records them.
final class ScriptedPrompter: SecretPrompter, @unchecked Sendable {
  let isInteractive: Bool
  private let lock = NSLock()
  private var secrets: [String]
  private var answers: [Bool]
  private var asked: [String] = []

  init(interactive: Bool = false, secrets: [String] = [], confirmations: [Bool] = []) {
    isInteractive = interactive
    self.secrets = secrets
    answers = confirmations
  }

  /// The prompts and questions shown so far.
  var questions: [String] { lock.withLock { asked } }

  func readSecret(_ prompt: String) throws -> String? {
    lock.withLock {
      asked.append(prompt)
      return secrets.isEmpty ? nil : secrets.removeFirst()
    }
  }

  func confirm(_ question: String) -> Bool {
    lock.withLock {
      asked.append(question)
      return answers.isEmpty ? false : answers.removeFirst()
    }
  }
}
