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

  /// A word that is no file but close to a subcommand or option is a usage error that names it.
  @Test func aMistypedSubcommandGetsDidYouMean() throws {
    let typo = try TShellProcess.run(["srve"])
    #expect(typo.status == 2)
    #expect(typo.stderr == "tshell: no such file or subcommand 'srve'; did you mean serve?\n")
    let version = try TShellProcess.run(["version"])
    #expect(version.status == 2)
    #expect(version.stderr == "tshell: no such file or subcommand 'version'; did you mean --version?\n")
    let unrelated = try TShellProcess.run(["nothing-like-it"])
    #expect(unrelated.status == 1)
    #expect(unrelated.stderr == "tshell: cannot open nothing-like-it: No such file or directory\n")
  }

  /// Options come before FILE or -c CODE; every word after them is the script's, as with bash -c.
  @Test func wordsAfterTheCodeAreArguments() throws {
    let home = TShellProcess.freshHome()
    let dry = try TShellProcess.run(["--dry-run", "-c", "echo $args"], environment: ["TSHELL_HOME": home])
    #expect(dry.stdout == "[]\n")
    let after = try TShellProcess.run(["-c", "echo $args", "a", "--dry-run"], environment: ["TSHELL_HOME": home])
    #expect(after.stdout == "[\"a\",\"--dry-run\"]\n")
    // Not a dry run: --dry-run went to $args, so usage really asks, and nobody is logged in (4).
    let notDry = try TShellProcess.run(
      ["--api", "http://127.0.0.1:1", "-c", "usage", "--dry-run"], environment: ["TSHELL_HOME": home])
    #expect(notDry.status == 4)
    #expect(notDry.stderr.contains("error: not logged in: run login USER first (or set TSHELL_TOKEN)"))
  }
}
