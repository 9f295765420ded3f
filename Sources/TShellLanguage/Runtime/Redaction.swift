/// Hides secrets in statement text before it is shown (`--trace`) or stored (history).
public enum Redaction {
  /// Flags whose values are secrets.
  static func isSecretFlag(_ name: String) -> Bool {
    let lowered = name.lowercased()
    guard lowered != "password-env", lowered != "password-stdin", lowered != "password-file" else { return false }
    return lowered.contains("password") || lowered.contains("token") || lowered.contains("secret")
  }

  /// `connect --password hunter2` → `connect --password ***`; also `--password=…`.
  public static func redact(_ text: String) -> String {
    var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    var index = 0
    while index < words.count {
      let word = words[index]
      if word.hasPrefix("--") {
        let body = word.dropFirst(2)
        if let equals = body.firstIndex(of: "="), isSecretFlag(String(body[..<equals])) {
          words[index] = "--" + body[..<equals] + "=***"
        } else if isSecretFlag(String(body)), index + 1 < words.count {
          words[index + 1] = "***"
          index += 1
        }
      }
      index += 1
    }
    return words.joined(separator: " ")
  }

  /// Also hides the positional words that `commands` declare secret (`connect db hunter2`).
  public static func redact(_ text: String, commands: [CommandDescription]) -> String {
    let flagsHidden = redact(text)
    var words = flagsHidden.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    guard let first = words.firstIndex(where: { !$0.isEmpty }),
      let command = commands.first(where: { $0.name == words[first] }), let secret = command.secretArgument
    else { return flagsHidden }
    var position = -1
    var index = first + 1
    while index < words.count {
      let word = words[index]
      if word.hasPrefix("--") {
        if !word.contains("="), command.valueFlags.contains(String(word.dropFirst(2))) { index += 1 }
      } else if !word.isEmpty {
        position += 1
        if position == secret {
          words[index] = "***"
          break
        }
      }
      index += 1
    }
    return words.joined(separator: " ")
  }

  /// Whether a line carries a secret and must stay out of history.
  public static func containsSecret(_ text: String, commands: [CommandDescription] = []) -> Bool {
    // Each statement on its own: a secret word may follow `;` or sit in a block.
    let statements = text.split(whereSeparator: { ";\n{}|".contains($0) })
    return statements.contains { statement in
      let trimmed = String(statement.drop { $0 == " " || $0 == "\t" })
      // Even `--password-env VAR` stays out: history is no place to learn where passwords come from.
      if trimmed.split(separator: " ").contains(where: { $0.lowercased().hasPrefix("--password") }) { return true }
      return redact(trimmed, commands: commands) != trimmed
    }
  }
}
