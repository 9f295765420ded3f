import Foundation
import TShellTestSupport
import Testing

/// `tshell completions` in the shells that load it, and the man page.
@Suite("completions and man page (process)")
struct ShellIntegrationTests {
  static func shell(_ path: String, _ script: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", script]
    process.environment = ProcessInfo.processInfo.environment.merging(["TSHELL": TShellProcess.binary.path]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static func installed(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

  @Test func bashLoadsTheScriptAndCompletesSubcommandsOptionsAndValues() throws {
    let script = """
      source <("$TSHELL" completions bash) && complete -p tshell
      try() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        _tshell tshell "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"; echo "$*: ${COMPREPLY[*]}"; }
      try tshell se; try tshell serve --max; try tshell completions ""; try tshell --dry; try tshell admin a
      try tshell demo --
      """
    let result = try Self.shell("/bin/bash", script)
    #expect(result.status == 0)
    #expect(
      result.output == """
        complete -o filenames -F _tshell tshell
        tshell se: serve
        tshell serve --max: --max-connections --max-body-size
        tshell completions : bash zsh fish
        tshell --dry: --dry-run
        tshell admin a: add-user
        tshell demo --: --fast --help --step

        """)
  }

  @Test(.enabled(if: installed("/usr/bin/zsh"), "zsh is not installed"))
  func zshLoadsTheScript() throws {
    let result = try Self.shell(
      "/usr/bin/zsh", #"autoload -U compinit && compinit -u && source <("$TSHELL" completions zsh) && echo ok"#)
    #expect(result.output.hasSuffix("ok\n"))
  }

  @Test(.enabled(if: installed("/usr/bin/fish"), "fish is not installed"))
  func fishLoadsTheScript() throws {
    let result = try Self.shell("/usr/bin/fish", #""$TSHELL" completions fish | source; and complete -C 'tshell se'"#)
    #expect(result.output.contains("serve"))
  }

  @Test func unknownShellsAreRefused() throws {
    let result = try TShellProcess.run(["completions", "tcsh"])
    #expect(result.status == 2)
    #expect(result.stderr == "tshell completions: no completions for 'tcsh'; choose bash, zsh or fish\n")
  }

  @Test(.enabled(if: installed("/usr/bin/man"), "man is not installed"))
  func theManPageRenders() throws {
    let page = TShellProcess.packageRoot.appendingPathComponent("docs/man/tshell.1").path
    let result = try Self.shell("/bin/bash", "MANPAGER=cat MANWIDTH=80 man -l '\(page)' 2>&1")
    #expect(result.status == 0)
    for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS", "EXIT STATUS", "ENVIRONMENT", "EXAMPLES"] {
      #expect(result.output.contains("\n\(heading)\n"), "\(heading)")
    }
    #expect(!result.output.contains("troff:") && !result.output.contains("man:"))
    // Every subcommand and every option of tshell's own command line is in the page.
    let help = try TShellProcess.run(["--help"]).stdout
    for option in help.matches(of: #/\n  (-c|--[a-z-]+)/#).map({ String($0.1) }) where option != "--help" && option != "--version"
    {
      #expect(result.output.contains(option), "\(option)")
    }
    for subcommand in ["serve", "admin add-user", "jsonpath", "help", "test", "demo", "completions"] {
      #expect(result.output.contains(subcommand), "\(subcommand)")
    }
  }
}
