import Foundation
import TShellCommands
import TShellLanguage
import TemporalAPI
import TemporalClient

/// Runs tshell code in this process through the command layer, the way the executable does, with
/// a fresh `$TSHELL_HOME`, what it prints captured, prompts and standard input answered from
/// lists, and the network either real (a URL) or answered in memory.
final class CommandHarness: LanguageHost, @unchecked Sendable {
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
  let cancellation = CancellationToken()
  let prompter: ScriptedPrompter
  private(set) var shell: CommandShell!
  private let lock = NSLock()
  private var output = ""
  private var errors = ""
  private var input: [String]

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
    input = stdin ?? []
    let cancellation = self.cancellation
    let starter: EmbeddedStarter = { _ in
      guard let embedded else { throw ClientError.usage("no embedded server in this test") }
      return embedded
    }
    let variables = environment
    let clientEnvironment = ClientEnvironment(
      home: home, options: .init(api: api, timeout: 10, dryRun: dryRun), userAgent: "tshell/test", startEmbedded: starter,
      environment: { variables[$0] }, cancelled: { cancellation.isCancelled }, announce: { [unowned self] in writeError($0) },
      makeTransport: transport)
    let readInputLine: (@Sendable () -> String?)? = stdin == nil ? nil : { @Sendable [unowned self] in nextInputLine() }
    let io = CommandIO(
      writeOutput: { [unowned self] in writeOutput($0) }, writeError: { [unowned self] in writeError($0) },
      readInputLine: readInputLine, prompter: prompter,
      environment: { variables[$0] })
    shell = CommandShell(environment: clientEnvironment, io: io)
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
    lock.withLock {
      output = ""
      errors = ""
    }
    let interpreter = Interpreter(host: self, cancellation: cancellation)
    var status: Int32 = 0
    var failure: LanguageError?
    do {
      try interpreter.run(try interpreter.parse(code, name: "<test>"))
    } catch let error as LanguageError {
      writeError(error.render(colors: false) + "\n")
      status = error.exitCode
      failure = error
    } catch let exit as ExitRequest {
      status = exit.code
    } catch {
      writeError("tshell: \(error)\n")
      status = 1
    }
    return lock.withLock { Run(output: output, errors: errors, status: status, error: failure) }
  }

  private func nextInputLine() -> String? {
    lock.withLock { input.isEmpty ? nil : input.removeFirst() }
  }

  // MARK: LanguageHost

  func printResult(_ value: JSONValue) { writeOutput(JSONPrinter.string(value) + "\n") }
  func writeOutput(_ text: String) { lock.withLock { output += text } }
  func writeError(_ text: String) { lock.withLock { errors += text } }

  func readFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw LanguageError(.runtime, "cannot read \(path)") }
    return String(decoding: data, as: UTF8.self)
  }

  func writeFile(_ path: String, contents: String, append: Bool) throws {
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
  }

  func environmentVariable(_ name: String) -> String? { nil }
  func sleep(seconds: Double, cancellation: CancellationToken) throws { try cancellation.check() }
  func monotonicSeconds() -> Double { 0 }
  func history() -> [String] { [] }
  var commands: [CommandDescription] { shell.descriptions }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? { try shell.run(invocation) }
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

  func readSecret(_ prompt: String) -> String? {
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
