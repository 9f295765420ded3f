import Foundation
import TShellLanguage
import Testing

@Suite("Parallel loops")
struct ParallelLoopTests {
  @Test(arguments: ["range(0, 8)", "[0, 1, 2, 3, 4, 5, 6, 7]"])
  func bodiesRunConcurrentlyUpToTheWidth(sequence: String) throws {
    let host = ConcurrencyHost(expected: 4)
    let interpreter = Interpreter(host: host)
    try interpreter.run(try interpreter.parse("for --parallel 4 $i in \(sequence) { sleep(1); echo $i }", name: "<test>"))
    #expect(host.mostAtOnce == 4)
    #expect(host.output == (0..<8).map { "\($0)\n" }.joined())
  }

  @Test func widthOneRunsOneAtATime() throws {
    let host = ConcurrencyHost(expected: 1)
    let interpreter = Interpreter(host: host)
    try interpreter.run(try interpreter.parse("for --parallel 1 $i in range(0, 5) { sleep(1) }", name: "<test>"))
    #expect(host.mostAtOnce == 1)
  }
}

/// A thread-safe host whose `sleep` waits (up to 5 s) until `expected` bodies sleep at once,
/// and records the most that ever did.
final class ConcurrencyHost: LanguageHost, @unchecked Sendable {
  private let condition = NSCondition()
  private let expected: Int
  private var sleeping = 0
  private var released = false
  private var most = 0
  private var text = ""

  init(expected: Int) {
    self.expected = expected
  }

  var mostAtOnce: Int { condition.withLock { most } }
  var output: String { condition.withLock { text } }

  func sleep(seconds: Double, cancellation: CancellationToken) throws {
    condition.withLock {
      sleeping += 1
      most = max(most, sleeping)
      if sleeping >= expected { released = true }
      condition.broadcast()
      let deadline = Date().addingTimeInterval(5)
      while !released, condition.wait(until: deadline) {}
      sleeping -= 1
    }
  }

  func printResult(_ value: JSONValue) {}
  func writeOutput(_ text: String) { condition.withLock { self.text += text } }
  func writeError(_ text: String) {}
  func readFile(_ path: String) throws -> String { "" }
  func writeFile(_ path: String, contents: String, append: Bool) throws {}
  func environmentVariable(_ name: String) -> String? { nil }
  func monotonicSeconds() -> Double { 0 }
  func history() -> [String] { [] }
  var commands: [CommandDescription] { [] }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? { nil }
}
