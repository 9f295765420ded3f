/// Hints for words people bring from other languages, and for misspelled keywords, where the
/// parser finds such a word in the way.
enum KeywordHints {
  /// What to write instead of words other languages use.
  static let aliases: [(word: String, hint: String)] = [
    ("elif", "tshell writes `} else if …`"), ("elsif", "tshell writes `} else if …`"),
    ("elseif", "tshell writes `} else if …`"), ("and", "tshell writes && for and"), ("or", "tshell writes || for or"),
    ("not", "tshell writes ! for not"), ("of", "tshell loops with `for $x in …`"),
    ("let", "assign with $name = …"), ("var", "assign with $name = …"), ("const", "assign with $name = …"),
    ("def", "declare functions with fn name($a) { … }"), ("function", "declare functions with fn name($a) { … }"),
    ("func", "declare functions with fn name($a) { … }"), ("then", "blocks open with {"), ("do", "blocks open with {"),
    ("end", "blocks close with }"), ("done", "blocks close with }"), ("fi", "blocks close with }"),
    ("print", "echo prints its words"), ("len", "length(value) counts"), ("cat", "read(path) gives a file's text"),
    ("foreach", "tshell loops with `for $x in …`"), ("elsif", "tshell writes `} else if …`"),
  ]

  /// A hint for `word`, when it is another language's or a keyword misspelled.
  static func hint(for word: String) -> String? {
    if let alias = aliases.first(where: { $0.word == word }) { return alias.hint }
    guard !Parser.keywords.contains(word) else { return nil }
    return Suggestions.closest(to: word, among: Array(Parser.keywords)).map { "did you mean '\($0)'?" }
  }

  /// A hint for a command name that reads like a misspelled keyword (`whlie`, `retrun`): long
  /// enough and starting like it, so that commands with other names are left alone.
  static func misspelledKeyword(_ name: String) -> String? {
    guard name.count >= 4, !Parser.keywords.contains(name),
      let keyword = Suggestions.closest(to: name, among: Array(Parser.keywords)), keyword.first == name.first
    else { return nil }
    return "did you mean '\(keyword)'?"
  }
}
