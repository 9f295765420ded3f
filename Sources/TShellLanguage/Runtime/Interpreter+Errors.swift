/// The errors the interpreter words itself: undefined variables, shared variables, unknown names.
extension Interpreter {
  /// Writing a variable that the iterations of a running parallel loop share: from the loop's
  /// body directly the parser refuses it; through a function or a sourced file, this does.
  /// The error points at the variable, which begins the assignment `statement`.
  func sharedVariable(_ variable: Variable, statement: SourceSpan) -> LanguageError {
    LanguageError(
      .runtime, "a --parallel loop body cannot assign $\(variable.name), a variable outside the loop",
      hint: Interpreter.sharedVariableHint, source: source,
      span: SourceSpan(statement.start, statement.start + 1 + variable.name.utf8.count))
  }

  static let sharedVariableHint = "each body runs in its own scope; collect results with the loop's value or write them to files"

  func undefinedVariable(_ variable: Variable, span: SourceSpan, scope: Scope) -> LanguageError {
    if Int(variable.name) != nil {
      return LanguageError(
        .runtime, "undefined variable $\(variable.name)",
        hint:
          "the script was given \(globals.lookup(symbols.id(for: "args"))?.arrayValue?.count ?? 0) argument(s); $args holds them all",
        source: source, span: span)
    }
    let known = scope.visibleIDs.map { symbols.name(of: $0) }
    let hint =
      Suggestions.closest(to: variable.name, among: known).map { "did you mean $\($0)?" }
      ?? "assign it first: $\(variable.name) = …"
    return LanguageError(.runtime, "undefined variable $\(variable.name)", hint: hint, source: source, span: span)
  }

  func unknown(_ name: String, span: SourceSpan, asFunction: Bool) -> LanguageError {
    // Builtins and commands together, ranked by edit distance; another language's word or a
    // misspelled keyword says what tshell writes instead.
    let hint = Suggestions.unknownNameHint(name, among: builtins.names + functions.keys.sorted() + host.commands.map(\.name))
    let what = asFunction ? "function \(name)()" : "command '\(name)'"
    return LanguageError(.usage, "unknown \(what)", hint: hint, source: source, span: span)
  }
}

/// Closest-name suggestions for "did you mean".
public enum Suggestions {
  /// What to say about a name that is no function, builtin or command: what tshell writes for
  /// another language's word, the nearest of `candidates` (first words of commands included),
  /// or a misspelled keyword.
  static func unknownNameHint(_ name: String, among candidates: [String]) -> String {
    let firstWords = candidates.map { String($0.prefix { $0 != " " }) }
    return KeywordHints.aliases.first { $0.word == name }?.hint
      ?? closest(to: name, among: candidates + firstWords).map { "did you mean `\($0)`?" }
      ?? KeywordHints.hint(for: name) ?? "type help for the list of commands"
  }

  /// The candidate nearest to `name` by edit distance, when near enough to be a likely typo.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let limit = max(1, min(3, name.count / 3 + 1))
    var best: (name: String, distance: Int)? = nil
    for candidate in Set(candidates) where candidate != name && !candidate.isEmpty {
      var distance = editDistance(Array(name.lowercased()), Array(candidate.lowercased()))
      // A name cut short (`len` for `length`) is as near as one typo.
      if name.count >= 3, candidate.lowercased().hasPrefix(name.lowercased()) { distance = min(distance, 1) }
      guard distance <= limit else { continue }
      if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
      best = (candidate, distance)
    }
    return best?.name
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
