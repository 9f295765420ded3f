import Foundation
import TShellTestSupport
import Testing

/// `for --parallel` stopped by Ctrl-C, an error, `exit` and `break`, many times over, each run
/// with a deadline (10 s) so that a hang fails instead of blocking: the exit code and output are
/// those of the sequential loop every time. `TSHELL_STRESS_RUNS` sets the number of runs.
@Suite("Parallel loops under stress")
struct ParallelStressTests {
  static let runs = Int(ProcessInfo.processInfo.environment["TSHELL_STRESS_RUNS"] ?? "") ?? 200

  static let home = TShellProcess.freshHome("stress")

  /// Runs `code` to its end `runs` times; stops at the first run that differs.
  static func repeatedly(_ code: String, status: Int32, stdout: String, stderr: String) throws {
    for run in 0..<runs {
      let process = try RunningProcess(["-c", code], environment: ["TSHELL_HOME": home])
      let ended = process.finish(timeout: 10)
      #expect(ended == status, "run \(run) of \(code)")
      #expect(process.stdout == stdout, "run \(run)")
      #expect(process.stderr == stderr, "run \(run)")
      if ended != status || process.stdout != stdout || process.stderr != stderr { return }
    }
  }

  static let firstFive = (0..<5).map { "\($0)\n" }.joined()

  @Test func ctrlCEndsTheLoopEveryTime() throws {
    let code = "echo --stderr started; for --parallel 8 $i in range(0, 100000000) { $i * 2 }"
    // The error points at the loop, whichever iterations were running.
    let expected = "started\n<command line>:1:24: error: interrupted\n1 | \(code)\n"
    for run in 0..<ParallelStressTests.runs {
      let process = try RunningProcess(["-c", code], environment: ["TSHELL_HOME": ParallelStressTests.home])
      try #require(process.waitForError(containing: "started\n"), "run \(run)")
      process.interrupt()
      let status = process.finish(timeout: 10)
      #expect(status == 130, "run \(run)")
      #expect(process.stderr.hasPrefix(expected), "run \(run)")
      if status != 130 || !process.stderr.hasPrefix(expected) { return }
    }
  }

  @Test func anErrorEndsTheLoopAfterTheIterationsBeforeIt() throws {
    try ParallelStressTests.repeatedly(
      "for --parallel 8 $i in range(0, 20000) { if $i == 3000 { $x = 1 / 0 }; if $i < 5 { echo $i } }", status: 1,
      stdout: ParallelStressTests.firstFive,
      stderr: """
        <command line>:1:63: error: division by zero
        1 | for --parallel 8 $i in range(0, 20000) { if $i == 3000 { $x = 1 / 0 }; if $i < 5 { echo $i } }
          |                                                               ^~~~~

        """)
  }

  @Test func exitEndsTheScriptWithItsStatus() throws {
    try ParallelStressTests.repeatedly(
      "for --parallel 8 $i in range(0, 20000) { if $i == 3000 { exit 7 }; if $i < 5 { echo $i } }; echo never",
      status: 7, stdout: ParallelStressTests.firstFive, stderr: "")
  }

  @Test func breakKeepsWhatTheSequentialLoopWouldHave() throws {
    let printed = (0..<100).map { "\($0)\n" }.joined()
    try ParallelStressTests.repeatedly(
      """
      $r = for --parallel 8 $i in range(0, 20000) { if $i == 100 { break }; $i }
      echo (length($r)) ($r == range(0, 100))
      for --parallel 8 $i in range(0, 20000) { if $i == 100 { break }; echo $i }
      """, status: 0, stdout: "100 true\n" + printed, stderr: "")
  }

  @Test func tryCatchesAnErrorOfTheLoop() throws {
    try ParallelStressTests.repeatedly(
      #"try { for --parallel 8 $i in range(0, 20000) { if $i == 3000 { $x = 1 / 0 } } } catch $e { echo "caught: ${e.message}" }"#,
      status: 0, stdout: "caught: division by zero\n", stderr: "")
  }

  @Test func ctrlCInTheREPLReturnsToThePromptEveryTime() throws {
    let terminal = try REPLTests.repl(home: REPLTests.freshHome())
    for run in 0..<ParallelStressTests.runs {
      try terminal.prompt()
      terminal.enter("echo started \(run); for --parallel 8 $i in range(0, 100000000) { $x = $i * 2 }")
      try terminal.expect("started \(run)\n")
      terminal.type(PseudoTerminal.Key.interrupt)
      try terminal.expect("error: interrupted", timeout: 10)
    }
    #expect(try terminal.endSession() == 0)
  }
}
