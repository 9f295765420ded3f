/// Hides secrets in statement text before it is shown (`--trace`) or stored (history).
public enum Redaction {
  /// Whether a flag's or a field's value is a secret: names with `password`, `token` or `secret`
  /// in them, except the flags that only say where a secret comes from (`--password-env VAR`,
  /// `--password-stdin`, `--password-file FILE`).
  public static func isSecretName(_ name: String) -> Bool {
    let lowered = name.lowercased()
    guard !lowered.hasSuffix("-env"), !lowered.hasSuffix("-stdin"), !lowered.hasSuffix("-file") else { return false }
    return lowered.contains("password") || lowered.contains("token") || lowered.contains("secret")
  }

  /// `connect --password hunter2` → `connect --password ***`; also `--password=…` and words that
  /// set a field, such as `post … password=hunter2` → `password=***`.
  public static func redact(_ text: String) -> String {
    var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    var index = 0
    while index < words.count {
      let word = words[index]
      let body = word.hasPrefix("--") ? word.dropFirst(2) : Substring(word)
      if let equals = body.firstIndex(of: "="), isSecretName(String(body[..<equals])) {
        words[index] = String(word.prefix(word.count - body.count)) + body[..<equals] + "=***"
      } else if word.hasPrefix("--"), isSecretName(String(body)), index + 1 < words.count, !isStatementEnd(words[index + 1]) {
        words[index + 1] = "***"
        index += 1
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
      // The command's words end where the statement or its pipe stage does.
      if isStatementEnd(word) { break }
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

  /// A word that ends a command's words: `|`, `;`, a brace.
  private static func isStatementEnd(_ word: String) -> Bool {
    word == "|" || word == ";" || word == "{" || word == "}" || word.hasPrefix("|") || word.hasPrefix(";")
  }
}
