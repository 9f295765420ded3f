import Foundation
import TShellCommands

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shows a REPL result taller than the screen through a pager (`$PAGER`, else `less -FRX`), or,
/// with no pager (`PAGER=` empty, or none installed), its first screenful and a note.
struct ResultPager {
  /// The shell command of the pager, or nil to cut long results short.
  let command: String?
  /// The screen's height in rows.
  let rows: () -> Int

  /// `environment` reads variables (`PAGER`, `PATH`).
  init(environment: (String) -> String?, rows: @escaping () -> Int) {
    self.rows = rows
    if let pager = environment("PAGER") {
      command = pager.trimmingCharacters(in: .whitespaces).isEmpty ? nil : pager
    } else {
      let path = (environment("PATH") ?? "/usr/bin:/bin").split(separator: ":")
      command = path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/less") } ? "less -FRX" : nil
    }
  }

  /// Writes `rendered` to the terminal, paged or cut when it does not fit.
  func show(_ rendered: [UInt8], output: BufferedOutput, note: (String) -> Void) {
    let height = max(rows(), 4)
    let lineCount = rendered.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    guard lineCount >= height else { return output.write(rendered) }
    output.flush()
    if let command, page(rendered, through: command) { return }
    let shown = height - 2
    var end = 0
    var lines = 0
    while end < rendered.count, lines < shown {
      if rendered[end] == 0x0A { lines += 1 }
      end += 1
    }
    output.write(Array(rendered[..<end]))
    output.flush()
    note("… \(lineCount - shown) more lines; narrow the value with a selector (`| $[0:10]`), or start tshell with --no-pager\n")
  }

  /// Runs `command` through `/bin/sh` with `rendered` on its standard input and the terminal
  /// as its output, and waits for it; false when it cannot start.
  ///
  /// Not Foundation's `Process`: that starts the child in a session of its own, without the
  /// terminal a pager needs for its keys and screen.
  private func page(_ rendered: [UInt8], through command: String) -> Bool {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return false }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    posix_spawn_file_actions_addclose(&actions, ends[1])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // tshell ignores SIGPIPE; the pager should not inherit that.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    let words: [String] = ["/bin/sh", "-c", command]
    let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { for argument in arguments { free(argument) } }
    var child: pid_t = 0
    let started = posix_spawn(&child, "/bin/sh", &actions, &attributes, arguments, environ)
    close(ends[0])
    guard started == 0 else {
      close(ends[1])
      return false
    }
    // The pager may quit before reading everything (`q`): the write then fails, as expected.
    signal(SIGPIPE, SIG_IGN)
    _ = rendered.withUnsafeBufferPointer { StandardStreams.write($0, to: ends[1]) }
    close(ends[1])
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    return true
  }
}
