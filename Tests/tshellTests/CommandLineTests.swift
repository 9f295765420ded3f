import Foundation
import TShellTestSupport
import Testing

/// `tshell [OPTIONS] [FILE]` as the shell sees it: exit statuses and messages of the options.
@Suite("Command line")
struct CommandLineTests {
  @Test func checkParsesWithoutRunning() throws {
    let valid = try TShellProcess.temporaryFile("echo never\n", name: "valid.tmp")
    let checked = try TShellProcess.run(["--check", valid.path])
    #expect(checked.status == 0)
    #expect(checked.stdout.isEmpty)
    let broken = try TShellProcess.temporaryFile("echo (1 +\n", name: "broken.tmp")
    #expect(try TShellProcess.run(["--check", broken.path]).status == 2)
  }

  /// A file that is not there is a mistake in the command line under `--check` (2), and a
  /// script that cannot run otherwise (1).
  @Test func aMissingFileIsAUsageErrorUnderCheck() throws {
    let missing = TShellProcess.freshHome("missing") + "/nothing.tmp"
    let checked = try TShellProcess.run(["--check", missing])
    #expect(checked.status == 2)
    #expect(checked.stderr == "tshell: cannot open \(missing): No such file or directory\n")
    let run = try TShellProcess.run([missing])
    #expect(run.status == 1)
    #expect(run.stderr == "tshell: cannot open \(missing): No such file or directory\n")
  }
}
