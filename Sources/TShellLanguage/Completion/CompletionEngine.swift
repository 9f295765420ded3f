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
  /// The value a command (by its full name, e.g. `key list`) returned last, for `CMD | $.`.
  public var resultOf: (_ command: String) -> JSONValue?
  /// Key names, for words whose completion kind is `.keyName` (asks the server; may be empty).
  public var keyNames: () -> [String]
  /// The entries of a directory (`""` is the working directory) and whether each is one too.
  public var files: (_ directory: String) -> [(name: String, isDirectory: Bool)]

  public init(
    commands: [CommandDescription], functionNames: [String], variables: [String: JSONValue],
    lastResult: JSONValue?, resultOf: @escaping (String) -> JSONValue? = { _ in nil },
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

/// Tab completion from the text before the cursor, read by the parser (`ParseProbe`): command
/// and subcommand names, a command's `--flags`, `$variables`, object keys after `$var.` and
/// `$.`, what a command's description says its words and flag values are (files, key names,
/// choices), and file paths in strings and after `source`.
public enum CompletionEngine {
  public static func complete(_ text: String, context: CompletionContext) -> CompletionProposal {
    let source = SourceFile(name: "<repl>", text: text)
    let probe = ParseProbe()
    Parser.probe(source, into: probe)
    let end = source.utf8.count
    if let comment = probe.comments.last, comment.end == end { return .none }
    switch probe.open.last {
    case .string(let start)?:
      let quote = source.slice(SourceSpan(start, start + 1))
      return files(source.slice(SourceSpan(start + 1, end)), context: context, closing: quote)
    case .dollar(let start, let pipeInput)?:
      return variables(source.slice(SourceSpan(start, end)), piped: pipeInput, context: context)
    case .sourceFile(let start)?:
      return files(source.slice(SourceSpan(start, end)), context: context, closing: " ")
    case .command(let call)?:
      return command(call, source: source, context: context)
    case .pipe?, nil:
      break
    }
    // Nothing open: the construct that ends at the cursor, the innermost (latest) first.
    var latest: (start: Int, proposal: () -> CompletionProposal)?
    func consider(_ span: SourceSpan, _ proposal: @escaping () -> CompletionProposal) {
      guard span.end == end, latest.map({ span.start >= $0.start }) ?? true else { return }
      latest = (span.start, proposal)
    }
    if let call = probe.lastCommand { consider(call.span) { command(call, source: source, context: context) } }
    if let (span, piped) = probe.lastDollar {
      consider(span) { variables(source.slice(span), piped: piped, context: context) }
    }
    if let span = probe.lastSourceFile { consider(span) { files(source.slice(span), context: context, closing: " ") } }
    if let latest { return latest.proposal() }
    var start = end
    while start > 0, Scanner.isNameCharacter(source.utf8[start - 1]) { start -= 1 }
    return firstWords(source.slice(SourceSpan(start, end)), context: context)
  }

  /// Commands, functions and keywords: what a statement or pipe stage may start with.
  private static func firstWords(_ word: String, context: CompletionContext) -> CompletionProposal {
    let names = context.commands.map { $0.name.prefix { $0 != " " } }.map(String.init)
    return CompletionProposal(word: word, candidates: Array(Set(names + context.functionNames + Parser.keywords)).sorted())
  }

  /// The words of a command call being typed: its name, a subcommand, a flag, a flag's value or
  /// a positional word, as the resolver binds them.
  private static func command(_ call: CommandCall, source: SourceFile, context: CompletionContext) -> CompletionProposal {
    let end = source.utf8.count
    guard call.nameSpan.end < end else { return firstWords(call.name, context: context) }
    let resolved = CommandResolver(commands: context.commands).resolve(call)
    let current = call.words.last.flatMap { $0.span.end == end ? $0 : nil }
    let word = current.map { source.slice($0.span) } ?? ""
    let prefix = call.name + " "
    let subcommands = context.commands.filter { $0.name.hasPrefix(prefix) }.map { String($0.name.dropFirst(prefix.count)) }
    if !subcommands.isEmpty, call.words.count == (current == nil ? 0 : 1) {
      return CompletionProposal(word: word, candidates: subcommands)
    }
    guard let description = resolved.hostCommand else { return .none }
    if case .flag(let name, let value?, _)? = current {
      // `--out=fi`: the value after the `=`.
      return values(description.flag(name)?.completion ?? .none, source.slice(value.span), context: context)
    }
    if word.hasPrefix("-") {
      return CompletionProposal(word: word, candidates: description.flags.map { "--" + $0.name }.sorted())
    }
    if let flag = resolved.flags.last, flag.takesValue,
      flag.value.map({ $0.span.end == end && current != nil }) ?? (current == nil)
    {
      return values(description.flag(flag.name)?.completion ?? .none, word, context: context)
    }
    if word.contains("/") { return files(word, context: context, closing: " ") }
    let position = current == nil ? resolved.arguments.count : max(0, resolved.arguments.count - 1)
    return values(description.completion(ofArgument: position), word, context: context)
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
  private static func variables(_ word: String, piped: Expression?, context: CompletionContext) -> CompletionProposal {
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

  /// What a pipe stage feeds the next one, as far as completion can know without running it: a
  /// variable's value (or a path into it), or what a command returned last.
  private static func pipedValue(_ stage: Expression, context: CompletionContext) -> JSONValue? {
    switch stage {
    case .command(let call):
      return CommandResolver(commands: context.commands).resolve(call).hostCommand.flatMap { context.resultOf($0.name) }
    case .call(let name, _, _):
      return context.resultOf(name)
    case .variable(let variable, _):
      return context.variables[variable.name]
    case .input:
      return context.lastResult
    case .path(let root, let path, _):
      let base: JSONValue?
      switch root {
      case .input: base = context.lastResult
      case .variable(let variable): base = context.variables[variable.name]
      case .current, .value: base = nil
      }
      guard let base, let query = path.query, query.isSingular else { return nil }
      return query.select(in: base) { _ in nil }.first
    default:
      return nil
    }
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
