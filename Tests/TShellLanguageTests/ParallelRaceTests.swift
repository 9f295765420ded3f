import Foundation
import TShellLanguage
import Testing

/// `for --parallel` bodies may read the variables around the loop but never write them, however
/// they reach them: directly (a parse error), through functions and through sourced files (a
/// runtime error naming the variable) — never a lost update, a torn value or a hang. Each case
/// runs many iterations on 8 threads, and is repeated.
@Suite("Parallel loops cannot race")
struct ParallelRaceTests {
  static let repetitions = 20

  @Test func functionsCannotWriteTheScriptsVariables() throws {
    for _ in 0..<ParallelRaceTests.repetitions {
      let error = try #require(
        ParallelRaceTests.failure(
          "$count = 0; fn bump() { $count = $count + 1 }; for --parallel 8 $i in range(0, 5000) { bump() }; $count"))
      #expect(error.message == "a --parallel loop body cannot assign $count, a variable outside the loop")
      #expect(error.hint == "each body runs in its own scope; collect results with the loop's value or write them to files")
      #expect(error.exitCode == 1)
    }
  }

  @Test func appendsAndPathAssignmentsAreRefusedToo() throws {
    for code in [
      "$list = []; fn add($x) { $list = $list + [$x] }; for --parallel 8 $i in range(0, 2000) { add($i) }",
      "$o = {n: 0}; fn set($x) { $o.n = $x }; for --parallel 8 $i in range(0, 2000) { set($i) }",
    ] {
      for _ in 0..<5 {
        let error = try #require(ParallelRaceTests.failure(code), "\(code)")
        #expect(error.message.hasPrefix("a --parallel loop body cannot assign $"), "\(code)")
        #expect(error.message.hasSuffix(", a variable outside the loop"), "\(code)")
      }
    }
  }

  @Test func aFunctionsOwnVariablesAreItsOwn() throws {
    #expect(
      ParallelRaceTests.failure("fn make($x) { $made = $x; return $made }; for --parallel 8 $i in range(0, 2000) { make($i) }")
        == nil)
  }

  @Test func sourcedFilesCannotWriteThemEither() throws {
    let files = ["lib/bump.tmp": "$count = $count + 1\n"]
    for _ in 0..<ParallelRaceTests.repetitions {
      let error = try #require(
        ParallelRaceTests.failure(
          #"$count = 0; for --parallel 8 $i in range(0, 2000) { source "lib/bump.tmp" }"#, files: files))
      #expect(error.message == "a --parallel loop body cannot assign $count, a variable outside the loop")
      #expect(error.source?.name == "lib/bump.tmp")
    }
  }

  @Test func readingTheScriptsVariablesAndLocalWorkAreFine() throws {
    for _ in 0..<ParallelRaceTests.repetitions {
      let host = LockedHost()
      let interpreter = Interpreter(host: host)
      try interpreter.run(
        try interpreter.parse(
          """
          $base = 1000
          fn square($x) { $y = $x * $x; return $y + $base }
          for --parallel 8 $i in range(0, 2000) { $local = square($i); echo $local }
          $base
          """, name: "<race>"))
      #expect(host.output == (0..<2000).map { "\($0 * $0 + 1000)\n" }.joined())
      #expect(host.results == [1000])
      // After the loop the script's variables are writable again.
      try interpreter.run(try interpreter.parse("$base = 1; $base", name: "<after>"))
      #expect(host.results == [1000, 1])
    }
  }

  @Test func nestedParallelLoopsKeepTheirOwnScopesWritable() throws {
    let host = LockedHost()
    let interpreter = Interpreter(host: host)
    try interpreter.run(
      try interpreter.parse(
        """
        for --parallel 4 $i in range(0, 8) {
          $row = ""
          for $j in range(0, 3) { $row = $row + "x" }
          for --parallel 2 $k in range(0, 2) { echo "$i $k $row" }
        }
        """, name: "<nested>"))
    #expect(host.output == (0..<8).flatMap { i in (0..<2).map { "\(i) \($0) xxx\n" } }.joined())
  }

  /// The error that ends `code`, or nil when it runs through.
  static func failure(_ code: String, files: [String: String] = [:]) -> LanguageError? {
    let host = LockedHost(files: files)
    let interpreter = Interpreter(host: host)
    do {
      try interpreter.run(try interpreter.parse(code, name: "<race>"))
      return nil
    } catch {
      return error as? LanguageError
    }
  }
}

/// A host that several threads may use at once.
final class LockedHost: LanguageHost, @unchecked Sendable {
  private let lock = NSLock()
  private let files: [String: String]
  private var printed: [JSONValue] = []
  private var text = ""

  init(files: [String: String] = [:]) {
    self.files = files
  }

  var results: [JSONValue] { lock.withLock { printed } }
  var output: String { lock.withLock { text } }

  func printResult(_ value: JSONValue) { lock.withLock { printed.append(value) } }
  func writeOutput(_ text: String) { lock.withLock { self.text += text } }
  func writeError(_ text: String) {}
  func readFile(_ path: String) throws -> String {
    guard let text = files[path] else { throw LanguageError(.runtime, "cannot read \(path)") }
    return text
  }
  func writeFile(_ path: String, contents: String, append: Bool) throws {}
  func environmentVariable(_ name: String) -> String? { nil }
  func sleep(seconds: Double, cancellation: CancellationToken) throws { try cancellation.check() }
  func monotonicSeconds() -> Double { 0 }
  func history() -> [String] { [] }
  var commands: [CommandDescription] { [] }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? { nil }
}
