/// What completion may look at: the commands, the variables, the last result, and (through
/// the host) key names and files.
public struct CompletionContext {
  public var commands: [CommandDescription]
  /// Builtins and user functions.
  public var functionNames: [String]
  /// Top-level variables by name (without `$`).
  public var variables: [String: JSONValue]
  /// The value the last statement printed (`$.` completes its keys).
  public var lastResult: JSONValue?
  /// The value a command (its words, e.g. `["key", "list"]`) returned last, for `CMD | $.`.
  public var resultOf: (_ commandWords: [String]) -> JSONValue?
  /// Key names for `key export` (asks the server; may be empty).
  public var keyNames: () -> [String]
  /// The entries of a directory (`""` is the working directory) and whether each is one too.
  public var files: (_ directory: String) -> [(name: String, isDirectory: Bool)]

  public init(commands: [CommandDescription], functionNames: [String], variables: [String: JSONValue],
    lastResult: JSONValue?, resultOf: @escaping ([String]) -> JSONValue? = { _ in nil },
    keyNames: @escaping () -> [String] = { [] },
    files: @escaping (String) -> [(name: String, isDirectory: Bool)] = { _ in [] })
  {
    self.commands = commands
    self.functionNames = functionNames
    self.variables = variables
    self.lastResult = lastResult
    self.resultOf = resultOf
    self.keyNames = keyNames
    self.files = files
  }
}

/// What Tab may put in place of the word before the cursor.
public struct CompletionProposal: Equatable, Sendable {
  /// The partial word the candidates complete (a suffix of the text before the cursor).
  public var word: String
  /// Whole words, some of which start with `word`.
  public var candidates: [String]
  /// Typed after a single candidate: a space, a closing quote, or nothing after a directory.
  public var terminator: String

  public init(word: String, candidates: [String], terminator: String = " ") {
    self.word = word
    self.candidates = candidates
    self.terminator = terminator
  }

  public static let none = CompletionProposal(word: "", candidates: [])
}

/// Tab completion from the text before the cursor: command and subcommand names, a command's
/// `--flags`, `$variables`, object keys after `$var.` and `$.`, key names after `key export`,
/// and file paths in strings, after `source` and after `--out`.
public enum CompletionEngine {
  public static func complete(_ text: String, context: CompletionContext) -> CompletionProposal {
    let scan = LineScan(text)
    if scan.inComment { return .none }
    if let quote = scan.openQuote {
      return files(String(text[text.index(after: quote)...]), context: context, closing: String(text[quote]))
    }
    let word = scan.currentWord
    let previous = scan.wordsBeforeCurrent
    if word.hasPrefix("$") { return variables(word, piped: scan.pipedWords, context: context) }
    let command = commandName(previous, context: context)
    if word.hasPrefix("-"), let command {
      return CompletionProposal(word: word, candidates: flags(of: command, context: context))
    }
    if previous.last == "--out" || previous.first == "source" || command?.name == "key decode" || word.contains("/") {
      return files(word, context: context, closing: " ")
    }
    if previous.isEmpty {
      let firstWords = context.commands.map { String($0.name.split(separator: " ")[0]) }
      return CompletionProposal(word: word, candidates: Array(Set(firstWords + context.functionNames + Parser.keywords)).sorted())
    }
    if previous.count == 1 {
      let subcommands = context.commands.compactMap { description -> String? in
        let parts = description.name.split(separator: " ")
        return parts.count == 2 && parts[0] == previous[0] ? String(parts[1]) : nil
      }
      if !subcommands.isEmpty { return CompletionProposal(word: word, candidates: subcommands) }
    }
    if previous == ["key", "export"] {
      return CompletionProposal(word: word, candidates: context.keyNames())
    }
    return .none
  }

  /// The host command being typed, from the words before the cursor.
  private static func commandName(_ words: [String], context: CompletionContext) -> CommandDescription? {
    guard let first = words.first else { return nil }
    if words.count >= 2, let two = context.commands.first(where: { $0.name == "\(first) \(words[1])" }) { return two }
    return context.commands.first { $0.name == first }
  }

  /// The flags in a command's usage line, and `--dry-run` for API commands.
  private static func flags(of command: CommandDescription, context: CompletionContext) -> [String] {
    var found = Set(command.valueFlags.map { "--" + $0 })
    var rest = Substring(command.usage)
    while let start = rest.range(of: "--") {
      let name = rest[start.lowerBound...].prefix { $0 == "-" || $0.isLetter || $0.isNumber }
      if name.count > 2 { found.insert(String(name)) }
      rest = rest[start.upperBound...]
    }
    if command.group != "control" { found.insert("--dry-run") }
    return found.sorted()
  }

  /// `$name`, `$name.key…` and `$.key…` (the keys of the piped value, else of the last result).
  private static func variables(_ word: String, piped: [String]?, context: CompletionContext) -> CompletionProposal {
    let body = word.dropFirst()
    guard let dot = body.lastIndex(of: ".") else {
      let matching = context.variables.filter { "$\($0.key)".hasPrefix(word) }
      return CompletionProposal(word: word, candidates: context.variables.keys.map { "$" + $0 } + ["$."],
        terminator: matching.count == 1 ? terminator(after: matching.first?.value) : " ")
    }
    let path = body[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var value: JSONValue?
    if path.first == "" {
      value = piped.map { pipedValue($0, context: context) } ?? context.lastResult
    } else if let name = path.first {
      value = context.variables[name]
    }
    for key in path.dropFirst() { value = value?[key] }
    guard case .object(let object)? = value else { return .none }
    let stem = "$" + body[...dot]
    let keys = object.keys.filter { key in
      guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
      return key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
    let matching = keys.filter { (stem + $0).hasPrefix(word) }
    return CompletionProposal(word: word, candidates: keys.map { stem + $0 },
      terminator: matching.count == 1 ? terminator(after: object[matching[0]]) : " ")
  }

  /// Nothing after a name whose value has keys or elements to go on with (`.`, `[`), else a space.
  private static func terminator(after value: JSONValue?) -> String {
    switch value {
    case .object?, .array?: ""
    default: " "
    }
  }

  /// What `words |` feeds the next command: a variable's value (`$name.key`) or a command's last result.
  private static func pipedValue(_ words: [String], context: CompletionContext) -> JSONValue? {
    guard let first = words.first else { return nil }
    guard first.hasPrefix("$"), words.count == 1 else { return context.resultOf(words) }
    let path = first.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var value = path.first == "" ? context.lastResult : context.variables[path.first ?? ""]
    for key in path.dropFirst() where !key.isEmpty { value = value?[key] }
    return value
  }

  /// Paths that start with `partial`; directories end in `/` and take no terminator.
  private static func files(_ partial: String, context: CompletionContext, closing: String) -> CompletionProposal {
    let slash = partial.lastIndex(of: "/")
    let directory = slash.map { String(partial[...$0]) } ?? ""
    let entries = context.files(directory).filter { !$0.name.hasPrefix(".") || partial.dropFirst(directory.count).hasPrefix(".") }
    let candidates = entries.map { directory + $0.name + ($0.isDirectory ? "/" : "") }
    let matching = candidates.filter { $0.hasPrefix(partial) }
    let terminator = matching.count == 1 && matching[0].hasSuffix("/") ? "" : closing
    return CompletionProposal(word: partial, candidates: candidates, terminator: terminator)
  }
}
