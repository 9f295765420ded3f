/// A REPL input rewritten to run again unattended, as each command's `ReplayRule` says: what the
/// recorder writes to a script. Works on the parsed program, so quoting never hides a secret.
public enum Replay {
  /// Why an input cannot be recorded.
  public enum Refusal: Error, Equatable {
    /// A secret stays in it after the rewrite (`--password hunter2` of a command with no rule).
    case holdsSecret
    /// It reads `$` outside a pipe: the REPL's last result, which a script does not have.
    case readsLastResult

    public var message: String {
      switch self {
      case .holdsSecret: "not recorded: it holds a secret (use --password-env VAR)"
      case .readsLastResult: "not recorded: it reads $, the REPL's last result, which a script does not have"
      }
    }
  }

  /// The text of `program` as a script would run it again.
  public static func script(for program: Program, resolver: CommandResolver) -> Result<String, Refusal> {
    if readsLastResult(program.statements) { return .failure(.readsLastResult) }
    var edits: [TextMask] = []
    Redaction.forEachCommand(in: program.statements, resolver: resolver) { resolved in
      edits += self.edits(for: resolved, in: program.source)
    }
    let removed = edits.filter { !$0.range.isEmpty }
    let secrets = Redaction.masks(in: program.statements, resolver: resolver).filter { mask in
      !removed.contains { $0.range.lowerBound <= mask.range.lowerBound && mask.range.upperBound <= $0.range.upperBound }
    }
    guard secrets.isEmpty else { return .failure(.holdsSecret) }
    let all = SourceSpan(0, program.source.utf8.count)
    return .success(Redaction.apply(edits, to: program.source, in: all))
  }

  /// The insertions (empty ranges) and removals one command's rule makes.
  private static func edits(for resolved: ResolvedCommand, in source: SourceFile) -> [TextMask] {
    guard let description = resolved.hostCommand else { return [] }
    var edits: [TextMask] = []
    switch description.replay {
    case .asWritten:
      break
    case .withoutWords:
      if let last = resolved.call.words.last, last.span.end > resolved.nameSpan.end {
        edits.append(TextMask(resolved.nameSpan.end..<last.span.end, replacement: ""))
      }
    case .passwordFromEnvironment(let flags):
      var removedWords: [SourceSpan] = []
      if let secret = description.secretArgument, let word = resolved.argument(secret) { removedWords.append(word.span) }
      for flag in resolved.flags where flag.name == "password-stdin" { removedWords.append(flag.span) }
      for span in removedWords {
        edits.append(TextMask(withBlankBefore(span, in: source), replacement: ""))
      }
      guard !resolved.flags.contains(where: { flag in flags.contains { $0.flag == flag.name } }) else { break }
      let kept = resolved.call.words.map(\.span).filter { span in !removedWords.contains(span) }
      let end = kept.last.map { max($0.end, resolved.nameSpan.end) } ?? resolved.nameSpan.end
      let added = flags.map { " --\($0.flag) \($0.variable)" }.joined()
      edits.append(TextMask(end..<end, replacement: added))
    }
    return edits
  }

  /// A word's span with the blanks before it, so that removing it leaves one space between words.
  private static func withBlankBefore(_ span: SourceSpan, in source: SourceFile) -> Range<Int> {
    var start = span.start
    while start > 0, source.utf8[start - 1] == 0x20 || source.utf8[start - 1] == 0x09 { start -= 1 }
    return start..<span.end
  }

  /// Whether a statement reads `$` where no pipe gives it a value (the REPL's last result).
  static func readsLastResult(_ statements: [Statement]) -> Bool {
    var found = false
    func visit(_ expression: Expression, piped: Bool) {
      switch expression {
      case .input, .path(.input, _, _):
        if !piped { found = true }
      case .pipeline(let stages, _):
        for (index, stage) in stages.enumerated() { visit(stage, piped: piped || index > 0) }
      default:
        let (expressions, blocks) = SyntaxWalk.children(of: expression)
        for inner in expressions { visit(inner, piped: piped) }
        // Blocks run without the pipe's value.
        visitStatements(blocks)
      }
    }
    func visitStatements(_ statements: [Statement]) {
      SyntaxWalk { expression in
        visit(expression, piped: false)
        return false
      }.walk(statements)
    }
    visitStatements(statements)
    return found
  }
}
