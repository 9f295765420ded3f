import Foundation
import TShellCommands
import TShellLanguage

/// What the REPL keeps of a session for `record` and `history --session`/`--save`: each
/// statement that ran without error, rewritten to run again unattended and to hold no secret.
final class SessionRecorder {
  /// This session's statements, as they would be recorded.
  private(set) var statements: [String] = []
  private var recording: (path: String, handle: FileHandle, count: Int)?
  /// `--sandbox`: files only in its home.
  var sandbox: Sandbox?
  /// Where the session's commands go, for the header (`embedded`, a URL).
  var endpoint: () -> String = { "" }

  /// `record`, as `help` and Tab show it (the REPL runs it itself).
  static let command = CommandDescription(
    name: "record", group: "control",
    summary:
      "write each statement that runs without error to a new script FILE.tmp (record stop ends it; record alone says where)",
    usage: "record [FILE.tmp | stop]", example: "record session.tmp", arguments: [.file])

  /// Notes an input that ran without error (and writes it when recording); a note for the user
  /// when it cannot be recorded (a secret that cannot be rewritten, the REPL's last result).
  func ran(_ program: Program, resolver: CommandResolver) -> String? {
    switch Replay.script(for: program, resolver: resolver) {
    case .failure(let refusal):
      return recording == nil ? nil : refusal.message
    case .success(let line):
      statements.append(line)
      guard var current = recording else { return nil }
      current.handle.write(Data((line + "\n").utf8))
      current.count += 1
      recording = current
      return nil
    }
  }

  /// `record`, `record stop`, `record FILE`, `history --session`, `history --save FILE [N…]`:
  /// the message to show, or nil when `program` is none of these.
  func handle(_ program: Program) -> String? {
    guard program.statements.count == 1, case .expression(.command(let call)) = program.statements[0],
      call.name == "record" || call.name == "history"
    else { return nil }
    let words = [call.name] + call.words.map { SessionRecorder.text(of: $0, in: program.source) }
    switch (words.first, words.count) {
    case ("record", 1):
      return recording.map { "recording to \($0.path) (\($0.count) statements so far)" }
        ?? "not recording (record FILE.tmp starts)"
    case ("record", 2) where words[1] == "stop":
      guard let current = recording else { return "not recording" }
      try? current.handle.close()
      recording = nil
      return "recorded \(current.count) statements to \(current.path); run them with: tshell \(current.path)"
    case ("record", 2):
      if let current = recording { return "already recording to \(current.path) (record stop ends it)" }
      if let reason = sandbox?.refusal(of: words[1]) { return "cannot record to \(words[1]): \(reason)" }
      do {
        let handle = try SessionRecorder.create(words[1], header: header())
        recording = (words[1], handle, 0)
        return "recording to \(words[1]): each statement that runs without error (record stop ends it)"
      } catch {
        return "cannot record to \(words[1]): \(error.localizedDescription)"
      }
    case ("history", 2) where words[1] == "--session":
      guard !statements.isEmpty else { return "no statements ran in this session yet" }
      return statements.enumerated().map { "\(String($0.offset + 1).leftPadded(4))  \($0.element)" }.joined(separator: "\n")
    case ("history", _) where words.count >= 3 && words[1] == "--save":
      let numbers = words.dropFirst(3).map { Int($0) }
      guard numbers.allSatisfy({ $0.map { (1...statements.count).contains($0) } ?? false }) else {
        return "history --save FILE [N…]: N must be numbers from history --session (1 to \(statements.count))"
      }
      let chosen = numbers.isEmpty ? statements : numbers.compactMap { $0 }.map { statements[$0 - 1] }
      if let reason = sandbox?.refusal(of: words[2]) { return "cannot save to \(words[2]): \(reason)" }
      do {
        let handle = try SessionRecorder.create(words[2], header: header())
        handle.write(Data(chosen.map { $0 + "\n" }.joined().utf8))
        try handle.close()
        return "saved \(chosen.count) statements to \(words[2])"
      } catch {
        return "cannot save to \(words[2]): \(error.localizedDescription)"
      }
    default:
      return nil
    }
  }

  /// A word as written: a literal's text, a flag with its name, anything else as it stands.
  private static func text(of word: Word, in source: SourceFile) -> String {
    switch word {
    case .value(.literal(let value, _)): return value.stringValue ?? JSONPrinter.string(value)
    case .flag(let name, _, _): return "--" + name
    case .value(let expression): return source.text(of: expression.span)
    }
  }

  private func header() -> String {
    let formatter = ISO8601DateFormatter()
    return """
      #!/usr/bin/env tshell
      # Recorded with tshell \(TShellVersion.current) on \(formatter.string(from: Date())) against \(endpoint()).
      # Passwords come from TSHELL_PASSWORD (password change: TSHELL_OLD_PASSWORD too).

      """ + "\n"
  }

  /// A new script file (an existing one is not overwritten), executable.
  private static func create(_ path: String, header: String) throws -> FileHandle {
    guard !FileManager.default.fileExists(atPath: path) else {
      throw CocoaError(.fileWriteFileExists, userInfo: [NSLocalizedDescriptionKey: "the file exists"])
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8), attributes: [.posixPermissions: 0o755])
    else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "it cannot be created"])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    return handle
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
