import Foundation

/// Shows a REPL result taller than the screen through a pager (`$PAGER`, else `less -FRX`), or,
/// with no pager (`PAGER=` empty, or none installed), its first screenful and a note.
struct ResultPager {
  /// The shell command of the pager, or nil to cut long results short.
  let command: String?
  /// The screen's height in rows.
  let rows: () -> Int

  init(environment: [String: String], rows: @escaping () -> Int) {
    self.rows = rows
    if let pager = environment["PAGER"] {
      command = pager.trimmingCharacters(in: .whitespaces).isEmpty ? nil : pager
    } else {
      let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
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

  private func page(_ rendered: [UInt8], through command: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let input = Pipe()
    process.standardInput = input
    do {
      try process.run()
    } catch {
      return false
    }
    // The pager may quit before reading everything (`q`); a closed pipe is then expected.
    signal(SIGPIPE, SIG_IGN)
    try? input.fileHandleForWriting.write(contentsOf: Data(rendered))
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    return true
  }
}
