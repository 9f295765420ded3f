/// Assignments: `$name = value` and `$name.path[i] = value`, with the path read as JSONPath.
extension Parser {
  /// `$name = …` or `$name.a[0] = …`; nil (and nothing consumed) when the statement is not one.
  /// The target's path is read by the JSONPath parser, as reading it is, and may only name members
  /// and elements.
  mutating func parseAssignmentIfPresent() throws(LanguageError) -> Statement? {
    let start = scanner.position
    // The target is read ahead by a copy of the parser: a path that does not parse, or is not
    // followed by `=`, is no assignment, and the expression parser reads it again.
    var reader = self
    reader.probe = nil
    reader.layout = nil
    reader.scanner.position += 1
    guard let name = reader.scanner.scanName() else { return nil }
    guard let path = try? reader.parsePath() else { return nil }
    var lookahead = reader.scanner
    let targetEnd = lookahead.position
    let written = lookahead.text(start, targetEnd)
    lookahead.skipSpaces()
    if let op = lookahead.peek, "+-*/%".utf8.contains(op), lookahead.peek(1) == UInt8(ascii: "=") {
      // `$x += 1`, a habit from other languages.
      var rest = lookahead
      rest.position += 2
      rest.skipSpaces()
      var end = rest.position
      while end < rest.utf8.count, rest.utf8[end] != 0x0A, rest.utf8[end] != UInt8(ascii: ";") { end += 1 }
      let operand = rest.text(rest.position, end).withoutSurroundingSpaces()
      let symbol = String(UnicodeScalar(op))
      throw error(
        "tshell has no '\(symbol)='", at: lookahead.position, length: 2,
        hint: "write \(written) = \(written) \(symbol) \(operand.isEmpty ? "VALUE" : operand)")
    }
    guard lookahead.peek == UInt8(ascii: "="), lookahead.peek(1) != UInt8(ascii: "=") else { return nil }
    let steps = try assignmentSteps(path, span: SourceSpan(start, targetEnd))
    if let outer = parallelOuterVariables, outer.contains(name) {
      throw error(
        "a --parallel loop body cannot assign $\(name), a variable outside the loop", at: start,
        length: name.utf8.count + 1,
        hint: Interpreter.sharedVariableHint)
    }
    scanner = lookahead
    layout?.verbatim(SourceSpan(start, targetEnd))
    layout?.spaced(at: scanner.position, length: 1)
    scanner.position += 1
    scanner.skipSpaces()
    if atStatementEnd() {
      if scanner.isAtEnd { throw incomplete("expected a value after '='", openedAt: scanner.position - 1) }
      throw unexpected("expected a value after '='")
    }
    let value = try parsePipeline()
    if steps.isEmpty { assignedVariables.insert(name) }
    let target = AssignmentTarget(variable: symbols.variable(name), steps: steps)
    return .assignment(target, value, SourceSpan(start, scanner.position))
  }

  /// The members and elements an assignment's path names; an error for any other selector.
  private func assignmentSteps(_ path: ValuePath, span: SourceSpan) throws(LanguageError) -> [AssignmentStep] {
    let refusal = error(
      "an assignment's path can name only members and elements", at: span.start, length: span.end - span.start,
      hint: "write $x.name = …, $x[0] = …, $x[\"a b\"] = … or $x[$key] = …")
    var steps: [AssignmentStep] = []
    for part in path.parts {
      switch part {
      case .computed(let expression, let span):
        steps.append(.computed(expression, span))
      case .segments(let query):
        for segment in query.query.segments {
          guard !segment.isDescendant, segment.selectors.count == 1 else { throw refusal }
          switch segment.selectors[0] {
          case .name(let name): steps.append(.name(name.string))
          case .index(let index): steps.append(.index(index))
          default: throw refusal
          }
        }
      }
    }
    return steps
  }
}
