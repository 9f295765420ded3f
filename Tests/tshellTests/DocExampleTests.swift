import Foundation
import TShellTestSupport
import Testing

/// Every example of README.md and docs/*.md that shows a `$ tshell …` command with its output
/// runs as written, one page at a time in a fresh `$TSHELL_HOME` and working folder (which has
/// the package's `examples/`), in one shell so that `export` and `$?` carry over; the output must
/// be the page's, with what changes from run to run masked: times, peer IDs, tokens, ports, the
/// home folder. Blocks marked `<!-- example: skip REASON -->` are counted and named instead.
@Suite("Documentation examples")
struct DocExampleTests {
  static let pages: [String] = {
    let docs = TShellProcess.packageRoot.appendingPathComponent("docs").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: docs)) ?? []
    return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
  }()

  /// Where the pages say tshell keeps its files; the real home folder is shown as this.
  static let shownHome = "/home/ann/.config/tshell"

  @Test(arguments: DocExampleTests.pages)
  func examplesRunAsShown(_ page: String) throws {
    let text = try String(contentsOf: TShellProcess.packageRoot.appendingPathComponent(page), encoding: .utf8)
    let examples = MarkdownExample.all(in: text)
    let runnable = examples.filter { $0.skipped == nil }
    let steps = runnable.flatMap(\.steps)
    let skipped = examples.filter { $0.skipped != nil }
    print(
      "docs examples: \(page): \(runnable.count) run (\(steps.count) commands), \(skipped.count) skipped"
        + skipped.map { " [line \($0.line): \($0.skipped ?? "")]" }.joined())
    guard !steps.isEmpty else { return }
    let outputs = try DocExampleTests.run(steps.map(\.command))
    for (step, actual) in zip(steps, outputs) {
      let expected = DocExampleTests.masked(step.output.joined(separator: "\n"), home: nil)
      let shown = DocExampleTests.masked(actual.output, home: actual.home)
      if expected != shown {
        let diff = UnifiedDiff.between(expected, shown, oldName: "\(page):\(step.line)", newName: "as run")
        Issue.record("\(page):\(step.line): `\(step.command)` does not print what the page shows:\n\(diff)")
      }
    }
  }

  /// Runs the commands in one bash, each one's output (stdout and stderr together) kept apart.
  static func run(_ commands: [String]) throws -> [(output: String, home: String)] {
    let folder = TShellProcess.freshHome("docs")
    let home = folder + "/home"
    let work = folder + "/work"
    let bin = folder + "/bin"
    let manager = FileManager.default
    for directory in [work + "/scripts", bin] {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try manager.createSymbolicLink(atPath: bin + "/tshell", withDestinationPath: TShellProcess.binary.path)
    try manager.createSymbolicLink(
      atPath: work + "/examples", withDestinationPath: TShellProcess.packageRoot.appendingPathComponent("examples").path)
    // `scripts/run ARGS` in the README builds and runs tshell; here it runs the binary under test.
    try Data("#!/bin/sh\nexec tshell \"$@\"\n".utf8).write(to: URL(fileURLWithPath: work + "/scripts/run"))
    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work + "/scripts/run")
    let marker = "<<<tshell-doc-example>>>"
    var script = "exec 2>&1\ncd \(work)\n"
    for command in commands {
      // The marker keeps the previous command's status for `$ echo $?`.
      script += "status=$?; printf '%s\\n' '\(marker)'; (exit $status)\n\(command)\n"
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["--noprofile", "--norc", "-c", script]
    process.environment = [
      "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "TSHELL_HOME": home,
      "HOME": folder, "NO_COLOR": "1", "LANG": "C.UTF-8",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // An example that does not end (a server, a prompt) must not hold the suite.
    let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: deadline)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    deadline.cancel()
    let pieces = String(decoding: data, as: UTF8.self).components(separatedBy: marker + "\n").dropFirst()
    return pieces.map { ($0, home) } + Array(repeating: ("<not run>", home), count: max(0, commands.count - pieces.count))
  }

  /// The text with what differs from run to run replaced, and without trailing blank lines.
  static func masked(_ text: String, home: String?) -> String {
    var text = text
    if let home { text = text.replacingOccurrences(of: home, with: shownHome) }
    text = text.replacingOccurrences(of: "~/.config/tshell", with: shownHome)
    text = text.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/, with: "<time>")
    text = text.replacing(/12D3KooW[1-9A-HJ-NP-Za-km-z]{44}|Qm[1-9A-HJ-NP-Za-km-z]{44}/, with: "<peer id>")
    text = text.replacing(/eyJ[\w-]+\.[\w-]+\.[\w-]+/, with: "<token>")
    text = text.replacing(/127\.0\.0\.1:\d{2,5}/, with: "127.0.0.1:<port>")
    text = text.replacing(/time: [0-9.]+ m?s/, with: "time: <elapsed>")
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
