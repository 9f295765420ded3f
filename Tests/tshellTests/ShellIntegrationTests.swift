import Foundation
import TShellTestSupport
import Testing

/// `tshell completions` in the shells that load it, and the man page.
@Suite("completions and man page (process)")
struct ShellIntegrationTests {
  /// Runs `script` in the shell at `path` (`arguments` are its $1…, or fish's $argv).
  static func shell(
    _ path: String, _ script: String, arguments: [String] = [], environment: [String: String] = [:],
    directory: String? = nil
  ) throws -> (status: Int32, output: String) {
    let name = path.hasSuffix("fish") ? [] : [path]
    return try run(path, ["-c", script] + name + arguments, environment: environment, directory: directory)
  }

  /// Runs `executable arguments…` with `$TSHELL` naming the binary under test.
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
  ) throws -> (status: Int32, output: String) {
    let tshell = ["TSHELL": TShellProcess.binary.path]
    return try ToolProcess.run(
      executable, arguments, environment: tshell.merging(environment) { $1 }, directory: directory)
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

  /// A folder with a script, another file and a folder, for completing partial names.
  static func completionFolder() throws -> String {
    let folder = TShellProcess.freshHome("completion")
    try FileManager.default.createDirectory(atPath: folder + "/srvdir", withIntermediateDirectories: true)
    for file in ["script.tmp", "other.txt"] { try Data().write(to: URL(fileURLWithPath: folder + "/" + file)) }
    return folder
  }

  /// Command lines and the words each shell must offer for them: every admin subcommand, script
  /// files as the first word, file and folder names for options and arguments that take them.
  static let expectedCompletions: [(line: String, words: [String])] = [
    (
      "tshell admin ",
      ["add-user", "users", "disable", "enable", "set-tier", "set-credits", "rotate-key-encryption", "backup", "restore"]
    ),
    ("tshell scr", ["script.tmp"]),
    ("tshell test scr", ["script.tmp"]),
    ("tshell test --junit ot", ["other.txt"]),
    ("tshell --cacert ot", ["other.txt"]),
    ("tshell serve --data-dir sr", ["srvdir"]),
    ("tshell admin users --data-dir sr", ["srvdir"]),
    ("tshell jsonpath '$' ot", ["other.txt"]),
    ("tshell --ver", ["--version"]),
    ("tshell admin set-tier ann pa", ["paid"]),
  ]

  @Test func bashCompletesSubcommandsAndFileNames() throws {
    let folder = try Self.completionFolder()
    let script = """
      source <("$TSHELL" completions bash)
      read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
      _tshell tshell "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"; printf '%s\n' "${COMPREPLY[@]}"
      """
    for (line, words) in Self.expectedCompletions {
      let result = try Self.shell("/bin/bash", script, arguments: [line], directory: folder)
      #expect(Set(result.output.split(separator: "\n").map(String.init)).isSuperset(of: words), "\(line): \(result.output)")
    }
  }

  /// zsh completes only in its line editor: the script runs an interactive zsh on a pseudo-terminal
  /// (zsh/zpty), types the line and Tab, and records what `compadd` was given.
  static let zshCapture = #"""
    zmodload zsh/zpty
    zpty z zsh -f -i
    zpty -w z 'PROMPT="> "; setopt interactive_comments; autoload -U compinit; compinit -u -D; bindkey "^I" complete-word'
    zpty -w z 'source <("$TSHELL" completions zsh)'
    zpty -w z 'compadd() { builtin compadd "$@"; local -a hits; builtin compadd -O hits "$@"; (( $#hits )) && print -rl -- $hits >> "$CAPTURE"; }'
    # The line, Tab, then back to its start to comment it out: Enter runs nothing.
    zpty -w z "$1"$'\t\C-a# '
    zpty -w z 'print "cap""tured"'
    zpty -r z out '*captured*'
    zpty -d z
    cat "$CAPTURE" 2>/dev/null
    """#

  @Test func zshCompletesSubcommandsAndFileNames() throws {
    let folder = try Self.completionFolder()
    for (index, expected) in Self.expectedCompletions.enumerated() {
      let (line, words) = expected
      let capture = folder + "/capture-\(index)"
      // timeout ends a zsh that never shows the marker, so that a broken script fails instead of hanging.
      let result = try Self.run(
        "/usr/bin/timeout", ["120", "/usr/bin/zsh", "-f", "-c", Self.zshCapture, "zsh", line],
        environment: ["CAPTURE": capture], directory: folder)
      #expect(Set(result.output.split(separator: "\n").map(String.init)).isSuperset(of: words), "\(line): \(result.output)")
    }
  }

  @Test func fishCompletesSubcommandsAndFileNames() throws {
    let folder = try Self.completionFolder()
    let script = #""$TSHELL" completions fish | source; and complete -C "$argv[1]""#
    for (line, words) in Self.expectedCompletions {
      let result = try Self.shell("/usr/bin/fish", script, arguments: [line], directory: folder)
      // fish marks folders with a slash.
      let offered = result.output.split(separator: "\n").map { String($0.prefix { $0 != "\t" }).trimmingSuffix("/") }
      #expect(Set(offered).isSuperset(of: words), "\(line): \(result.output)")
    }
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

  /// Every environment variable the code reads (and libedit's EDITRC) is in the man page's
  /// ENVIRONMENT section.
  @Test func theManPageListsEveryVariableTshellReads() throws {
    let root = TShellProcess.packageRoot
    let page = try String(contentsOf: root.appendingPathComponent("docs/man/tshell.1"), encoding: .utf8)
    let start = try #require(page.range(of: ".SH ENVIRONMENT"))
    let end = try #require(page.range(of: ".SH FILES"))
    let section = page[start.upperBound..<end.lowerBound]
    let listed = Set(section.matches(of: #/[A-Z][A-Z0-9_]{2,}/#).map { String($0.output) })
    var read: Set<String> = ["EDITRC"]  // libedit reads it when the REPL starts
    let reads = #/(?:environment|variable|nonEmpty|process|getenv)\s*[\[(]\s*"([A-Z][A-Z0-9_]+)"/#
    let sources = root.appendingPathComponent("Sources")
    for case let file as String in FileManager.default.enumerator(atPath: sources.path) ?? FileManager.DirectoryEnumerator()
    where file.hasSuffix(".swift") {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for match in text.matches(of: reads) { read.insert(String(match.1)) }
    }
    #expect(read.count > 10)
    #expect(read.subtracting(listed).sorted() == [])
  }
}

extension String {
  fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
