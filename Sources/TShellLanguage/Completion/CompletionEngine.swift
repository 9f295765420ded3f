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
  /// Key names, for words whose completion kind is `.keyName` (asks the server; may be empty).
  public var keyNames: () -> [String]
  /// The entries of a directory (`""` is the working directory) and whether each is one too.
  public var files: (_ directory: String) -> [(name: String, isDirectory: Bool)]

  public init(
    commands: [CommandDescription], functionNames: [String], variables: [String: JSONValue],
    lastResult: JSONValue?, resultOf: @escaping ([String]) -> JSONValue? = { _ in nil },
    keyNames: @escaping () -> [String] = { [] },
    files: @escaping (String) -> [(name: String, isDirectory: Bool)] = { _ in [] }
  ) {
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
/// `--flags`, `$variables`, object keys after `$var.` and `$.`, what a command's description
/// says its words and flag values are (files, key names, choices), and file paths in strings
/// and after `source`.
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
    let command = hostCommand(previous, context: context)
    if word.hasPrefix("-"), let command {
      return CompletionProposal(word: word, candidates: command.description.flags.map { "--" + $0.name }.sorted())
    }
    if let command, let last = previous.last, last.hasPrefix("--"), !last.contains("="),
      let flag = command.description.flag(String(last.dropFirst(2))), flag.takesValue
    {
      return values(flag.completion, word, context: context)
    }
    if previous.first == "source" || word.contains("/") {
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
    guard let command else { return .none }
    let position = positionalCount(previous.dropFirst(command.nameWords), of: command.description)
    return values(command.description.completion(ofArgument: position), word, context: context)
  }

  /// The host command being typed, from the words before the cursor, and how many words its name takes.
  private static func hostCommand(_ words: [String], context: CompletionContext) -> (
    description: CommandDescription, nameWords: Int
  )? {
    guard let first = words.first else { return nil }
    if words.count >= 2, let two = context.commands.first(where: { $0.name == "\(first) \(words[1])" }) { return (two, 2) }
    return context.commands.first { $0.name == first }.map { ($0, 1) }
  }

  /// How many positional words `words` holds: neither flags nor the values of flags that take one.
  private static func positionalCount(_ words: ArraySlice<String>, of command: CommandDescription) -> Int {
    var count = 0
    var expectingValue = false
    for word in words {
      if expectingValue {
        expectingValue = false
      } else if word.hasPrefix("--") {
        expectingValue = !word.contains("=") && command.flag(String(word.dropFirst(2)))?.takesValue == true
      } else {
        count += 1
      }
    }
    return count
  }

  /// The candidates of one kind of word.
  private static func values(_ kind: CompletionKind, _ word: String, context: CompletionContext) -> CompletionProposal {
    switch kind {
    case .none: return .none
    case .file: return files(word, context: context, closing: " ")
    case .keyName: return CompletionProposal(word: word, candidates: context.keyNames())
    case .choice(let words): return CompletionProposal(word: word, candidates: words)
    }
  }

  /// `$name`, `$name.key…` and `$.key…` (the keys of the piped value, else of the last result).
  private static func variables(_ word: String, piped: [String]?, context: CompletionContext) -> CompletionProposal {
    let body = word.dropFirst()
    guard let dot = body.lastIndex(of: ".") else {
      let matching = context.variables.filter { "$\($0.key)".hasPrefix(word) }
      return CompletionProposal(
        word: word, candidates: context.variables.keys.map { "$" + $0 } + ["$."],
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
    return CompletionProposal(
      word: word, candidates: keys.map { stem + $0 },
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
