import Foundation
import TShellLanguage

/// What the REPL keeps of a session for `record` and `history --session`/`--save`: each
/// statement that ran without error, rewritten to run again unattended and to hold no secret.
final class SessionRecorder {
  /// This session's statements, as they would be recorded.
  private(set) var statements: [String] = []
  private var recording: (path: String, handle: FileHandle, count: Int)?
  /// Where the session's commands go, for the header (`embedded`, a URL).
  var endpoint: () -> String = { "" }

  /// Notes a statement that ran without error (and writes it when recording); a note for the
  /// user when it holds a secret that cannot be rewritten, and so is left out.
  func ran(_ text: String, commands: [CommandDescription]) -> String? {
    let line = SessionRecorder.replayable(text, commands: commands)
    guard Redaction.redact(line, commands: commands) == line else {
      return recording == nil ? nil : "not recorded: it holds a secret (use --password-env VAR)"
    }
    statements.append(line)
    guard var current = recording else { return nil }
    current.handle.write(Data((line + "\n").utf8))
    current.count += 1
    recording = current
    return nil
  }

  /// `record`, `record stop`, `record FILE`, `history --session`, `history --save FILE [N…]`:
  /// the message to show, or nil when `text` is none of these.
  func handle(_ text: String) -> String? {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
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

  /// `text` as it can run again unattended: a password given as a word, typed at a prompt or
  /// read from stdin becomes `--password-env TSHELL_PASSWORD` (`--password-env VAR` stays), and
  /// `verify LINK` becomes `verify` (the newest link, which a new run mails afresh).
  static func replayable(_ text: String, commands: [CommandDescription]) -> String {
    var words = tokens(text)
    var index = 0
    var stageStart = true
    while index < words.count {
      let word = words[index]
      defer { index += 1 }
      if isStageEnd(word) {
        stageStart = true
        continue
      }
      guard stageStart, !word.isEmpty else { continue }
      stageStart = word == "=" || word.hasPrefix("$") && index + 1 < words.count && words[index + 1] == "="
      let twoWords = index + 1 < words.count ? word + " " + words[index + 1] : word
      if twoWords == "password change" {
        index = rewritePassword(&words, from: index + 2, command: nil, flags: ["old-password-env", "new-password-env"])
      } else if let command = commands.first(where: { $0.name == word }),
        command.flags.contains(where: { $0.name == "password-env" })
      {
        index = rewritePassword(&words, from: index + 1, command: command, flags: ["password-env"])
      } else if word == "verify" {
        var end = index + 1
        while end < words.count && !isStageEnd(words[end]) { end += 1 }
        words.removeSubrange((index + 1)..<end)
      }
    }
    return joined(words)
  }

  /// The words of `text`: runs of characters between blanks, quoted strings kept whole, and
  /// `;`, `|`, braces and line ends as words of their own.
  static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    var quotes = QuoteTracker()
    func flush() {
      if !current.isEmpty { tokens.append(current) }
      current = ""
    }
    for character in text {
      if quotes.take(character) {
        current.append(character)
        continue
      }
      switch character {
      case " ", "\t":
        flush()
      case ";", "|", "{", "}", "\n":
        flush()
        tokens.append(String(character))
      default:
        current.append(character)
      }
    }
    flush()
    return tokens
  }

  /// Words back into a line: one space between them, none around line ends or before `;`.
  static func joined(_ words: [String]) -> String {
    var text = ""
    for word in words {
      if word == "\n" {
        text += "\n"
      } else {
        if !text.isEmpty && !text.hasSuffix("\n") && word != ";" { text += " " }
        text += word
      }
    }
    return text
  }

  /// Drops the secret word and `--password-stdin` of the command whose words start at `start`,
  /// adds the `--…-env` flags it then needs, and returns where its words end.
  private static func rewritePassword(
    _ words: inout [String], from start: Int, command: CommandDescription?, flags: [String]
  ) -> Int {
    var end = start
    var position = -1
    var hasSource = false
    while end < words.count && !isStageEnd(words[end]) {
      let word = words[end]
      if word == "--password-stdin" {
        words.remove(at: end)
        continue
      }
      if flags.contains(where: { word == "--" + $0 }) {
        hasSource = true
        end += 2
        continue
      }
      if word.hasPrefix("--") {
        if let command, command.valueFlags.contains(String(word.dropFirst(2))) { end += 1 }
      } else if !word.isEmpty {
        position += 1
        if let secret = command?.secretArgument, position == secret {
          words.remove(at: end)
          continue
        }
      }
      end += 1
    }
    end = min(end, words.count)
    if !hasSource {
      let added =
        flags.count == 2
        ? ["--old-password-env", "TSHELL_OLD_PASSWORD", "--new-password-env", "TSHELL_PASSWORD"]
        : ["--password-env", "TSHELL_PASSWORD"]
      words.insert(contentsOf: added, at: end)
      end += added.count
    }
    return end - 1
  }

  private static func isStageEnd(_ word: String) -> Bool {
    word == "|" || word == ";" || word == "{" || word == "}" || word == "\n"
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
