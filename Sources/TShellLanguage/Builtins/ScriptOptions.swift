/// `options(defaults)`: a script's command line, read as its defaults say. `--name value` and
/// `--name=value` for strings and numbers (numbers checked), switches for booleans (`--dry-run`
/// sets `dry_run`: `-` and `_` are the same), `--` before words that start with `-`, and the
/// other words in order as `.args`. `--help` prints the script's leading comment block and ends
/// it with status 0; an unknown option is a usage error (exit 2) with did-you-mean.
enum ScriptOptions {
  static func parse(_ context: BuiltinContext) throws -> JSONValue {
    let defaults = try context.object(0, "defaults")
    let interpreter = context.interpreter
    let words = interpreter.globalValue("args")?.arrayValue?.map(Operators.text) ?? []
    var values = defaults
    var rest: [JSONValue] = []
    var index = 0
    func usage(_ message: String, hint: String? = nil) -> LanguageError {
      LanguageError(
        .usage, message, hint: hint ?? "--help lists the script's options", source: interpreter.source, span: context.span)
    }
    while index < words.count {
      let word = words[index]
      index += 1
      if word == "--" {
        rest += words[index...].map(JSONValue.string)
        break
      }
      guard word.hasPrefix("--"), word.count > 2 else {
        rest.append(.string(word))
        continue
      }
      if word == "--help" {
        interpreter.host.writeOutput(helpText(interpreter.mainSource))
        throw ExitRequest(code: 0)
      }
      let body = word.dropFirst(2)
      let name = String(body.prefix { $0 != "=" })
      let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
      guard let key = defaults.keys.first(where: { normalized($0) == normalized(name) }) else {
        let known = defaults.keys.map { "--" + $0.replacingUnderscores() }
        throw usage(
          "unknown option --\(name)",
          hint: Suggestions.closest(to: "--" + name.replacingUnderscores(), among: known).map { "did you mean \($0)?" })
      }
      let option = "--" + key.replacingUnderscores()
      switch defaults[key] ?? .null {
      case .bool:
        guard let inline else {
          values[key] = .bool(true)
          continue
        }
        guard inline == "true" || inline == "false" else { throw usage("\(option) is a switch: true or false, not \(inline)") }
        values[key] = .bool(inline == "true")
      case .number:
        guard let text = inline ?? (index < words.count ? words[index] : nil) else { throw usage("\(option) needs a number") }
        if inline == nil { index += 1 }
        guard let number = JSONNumber(text) else { throw usage("\(option) needs a number, not '\(text)'") }
        values[key] = .number(number)
      default:
        guard let text = inline ?? (index < words.count ? words[index] : nil) else { throw usage("\(option) needs a value") }
        if inline == nil { index += 1 }
        values[key] = .string(text)
      }
    }
    values["args"] = .array(rest)
    return .object(values)
  }

  /// An option's name with `-` and `_` alike.
  private static func normalized(_ name: String) -> String { name.replacingUnderscores() }

  /// The comment block at the top of the script (after a `#!` line), without its `#`s.
  static func helpText(_ source: SourceFile?) -> String {
    guard let source else { return "" }
    var lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    if lines.first?.hasPrefix("#!") == true { lines = lines.dropFirst() }
    var text = ""
    for line in lines {
      guard line.hasPrefix("#") else { break }
      var comment = line.dropFirst()
      if comment.first == " " { comment = comment.dropFirst() }
      text += comment + "\n"
    }
    return text
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    String(map { $0 == "_" ? "-" : $0 })
  }
}
