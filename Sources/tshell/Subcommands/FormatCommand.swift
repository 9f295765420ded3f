import ArgumentParser
import TShellCommands
import TShellLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `tshell fmt [--check] [FILE…|-]`: lays `.tmp` scripts out in the one canonical way.
struct FormatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell fmt",
    abstract: "Format .tmp scripts in the canonical layout.",
    discussion: """
      Rewrites each FILE in place: 2-space blocks, one space around binary operators, '|' and \
      '=', one after commas and an object's colons, none inside brackets, '} else {' on one line, \
      comments kept where they are, at most one blank line in a row. Only blank space changes; \
      formatting twice changes nothing. With no FILE or '-', formats standard input to standard \
      output.

      Exit codes: 0 formatted (or, with --check, nothing to change), 1 --check found files that \
      would change (their names are printed), 2 a file does not parse (it is left alone and its \
      diagnostic printed) or cannot be read or written.

      Examples:
        tshell fmt backup.tmp lib/*.tmp
        tshell fmt --check examples/*.tmp     # in CI
        tshell fmt < draft.tmp
      """
  )

  @Flag(help: "Change nothing: print the files that would change and exit 1 if there are any.")
  var check = false

  @Argument(help: "The scripts to format ('-' or none: standard input).", completion: .file(extensions: ["tmp"]))
  var files: [String] = []

  func run() throws {
    // The parser recurses once per level of nesting, as it does when a script runs.
    LargeStack.run {
      var status: Int32 = 0
      for file in files.isEmpty ? ["-"] : files {
        status = max(status, format(file))
      }
      terminate(status)
    }
  }

  /// Formats one file (or standard input); its exit status.
  private func format(_ file: String) -> Int32 {
    let name = file == "-" ? "<stdin>" : file
    let text: String
    do {
      text = try InputFile.readText(file)
    } catch {
      StandardStreams.writeError("tshell fmt: \(error.message)\n")
      return 2
    }
    let formatted: String
    do {
      formatted = try Formatter.format(SourceFile(name: name, text: text))
    } catch {
      StandardStreams.writeError(error.render(colors: StandardStreams.errorColors) + "\n")
      return 2
    }
    if check {
      guard formatted != text else { return 0 }
      StandardStreams.writeOutput(name + "\n")
      return 1
    }
    if file == "-" {
      StandardStreams.writeOutput(formatted)
      return 0
    }
    guard formatted != text else { return 0 }
    return replace(file, with: formatted) ? 0 : 2
  }

  /// Writes `text` next to `path` and renames it over, keeping the file's mode.
  private func replace(_ path: String, with text: String) -> Bool {
    var status = stat()
    let mode = stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
    let temporary = path + ".tshell-fmt"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      StandardStreams.writeError("tshell fmt: cannot write \(temporary): \(InputFile.describe(errno))\n")
      return false
    }
    var contents = text
    let written = contents.withUTF8 { StandardStreams.write($0, to: descriptor) }
    let closed = close(descriptor) == 0
    guard written, closed, rename(temporary, path) == 0 else {
      StandardStreams.writeError("tshell fmt: cannot write \(path): \(InputFile.describe(errno))\n")
      unlink(temporary)
      return false
    }
    return true
  }
}
