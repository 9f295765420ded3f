/// Statements, blocks and control flow: `if`, `while`, `for`, `fn`, `try`, assignments and
/// command calls.
extension Parser {
  /// Statements up to the end of the input, or up to the `}` of the block opened at `openedAt`.
  mutating func parseStatements(blockOpenedAt openedAt: Int?) throws(LanguageError) -> [Statement] {
    var statements: [Statement] = []
    while true {
      scanner.skipStatementSeparators()
      if scanner.isAtEnd {
        if let openedAt { throw incomplete("the block's '{' is not closed", openedAt: openedAt) }
        return statements
      }
      if scanner.peek == UInt8(ascii: "}") {
        if openedAt != nil { return statements }
        throw error("unexpected '}' with no '{' to close", at: scanner.position, length: 1)
      }
      statements.append(try parseStatement())
      if openedAt == nil, let use = elementUses.first {
        throw error(
          "'@' stands here for no element", at: use, length: 1,
          hint:
            "@ is the element in the last argument of \(Parser.elementWiseBuiltins.sorted().joined(separator: ", ")), and in filters: $[?@.x > 1]"
        )
      }
      try expectStatementEnd()
    }
  }

  private mutating func expectStatementEnd() throws(LanguageError) {
    scanner.skipSpaces()
    guard let byte = scanner.peek else { return }
    if byte == 0x0A || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "}") { return }
    throw unexpected("expected the end of the statement (a newline or ';')")
  }

  mutating func parseBlock() throws(LanguageError) -> Block {
    scanner.skipSpaces()
    let start = scanner.position
    try expect("{", unclosed: "expected '{' to open a block", expectation: "expected '{' to open a block")
    try enterNesting(at: start)
    let savedBrackets = bracketDepth
    let savedHeader = inHeader
    // A variable first set inside a block lives in the block's scope only.
    let savedAssigned = assignedVariables
    bracketDepth = 0
    inHeader = false
    defer {
      nesting -= 1
      bracketDepth = savedBrackets
      inHeader = savedHeader
      assignedVariables = savedAssigned
    }
    let statements = try parseStatements(blockOpenedAt: start)
    scanner.position += 1  // "}"
    layout?.block(open: start, close: scanner.position - 1)
    return Block(statements: statements, span: SourceSpan(start, scanner.position))
  }

  mutating func parseStatement() throws(LanguageError) -> Statement {
    let start = scanner.position
    if let name = scanner.peekName(), Parser.keywords.contains(name), !continuesWord(after: name) {
      if Parser.statementKeywords.contains(name) { layout?.keyword(endingAt: start + name.utf8.count) }
      switch name {
      case "if", "for", "try":
        // Followed by `|`, the statement is the first stage of a pipeline, whose value prints.
        let control = try parseControl(name)
        var lookahead = scanner
        lookahead.skipSpaces()
        guard lookahead.peek == UInt8(ascii: "|"), lookahead.peek(1) != UInt8(ascii: "|") else { return control }
        return .expression(try parsePipeline(from: .control(control), start: start))
      case "while": return try parseWhile()
      case "fn": return try parseFunction()
      case "break", "continue":
        scanner.position += name.utf8.count
        let span = SourceSpan(start, scanner.position)
        guard loopDepth > 0 else { throw error("'\(name)' outside a loop", at: start, length: name.utf8.count) }
        return name == "break" ? .breakLoop(span) : .continueLoop(span)
      case "return":
        scanner.position += 6
        guard functionDepth > 0 else { throw error("'return' outside a function", at: start, length: 6) }
        guard !inParallelBody else {
          throw error(
            "'return' cannot leave a --parallel loop body", at: start, length: 6,
            hint: "the loop's value collects what each body gives: $r = for --parallel N $x in … { … }")
        }
        let value = atStatementEnd() ? nil : try parsePipeline()
        return .returnValue(value, SourceSpan(start, scanner.position))
      case "exit":
        scanner.position += 4
        let code = atStatementEnd() ? nil : try parsePipeline()
        return .exit(code, SourceSpan(start, scanner.position))
      case "source":
        scanner.position += 6
        scanner.skipSpaces()
        guard !atStatementEnd() else { throw unexpected("'source' needs a file name") }
        probe?.enter(.sourceFile(start: scanner.position))
        let file = try parseWord(statementEnd: true)
        probe?.sourceFileEnded(file.span)
        return .source(file, SourceSpan(start, scanner.position))
      case "assert", "test", "setup", "skip":
        return try parseTestingStatement(name)
      case "else":
        throw error("'else' without 'if'", at: start, length: 4, hint: "write '} else {' on the line of the closing brace")
      case "catch":
        throw error("'catch' without 'try'", at: start, length: 5)
      case "in":
        throw error("'in' outside a 'for' header", at: start, length: 2)
      default:
        break
      }
    }
    if scanner.peek == UInt8(ascii: "$"), let assignment = try parseAssignmentIfPresent() {
      return assignment
    }
    return .expression(try parsePipeline())
  }

  /// Keywords that start a statement and are followed by what they take.
  static let statementKeywords: Set<String> = [
    "if", "for", "while", "fn", "return", "exit", "source", "assert", "test", "skip",
  ]

  /// Whether the keyword `name` at the current position is followed by word characters (`if-x`).
  private func continuesWord(after name: String) -> Bool {
    guard let next = scanner.peek(name.utf8.count) else { return false }
    return next == UInt8(ascii: "-") || next == UInt8(ascii: "/") || next == UInt8(ascii: "=")
  }

  func atStatementEnd() -> Bool {
    var copy = scanner
    copy.skipSpaces()
    guard let byte = copy.peek else { return true }
    return byte == 0x0A || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "}")
  }

  /// `if`, `for` or `try`, named by `keyword`.
  mutating func parseControl(_ keyword: String) throws(LanguageError) -> Statement {
    switch keyword {
    case "if": return try parseIf()
    case "for": return try parseFor()
    default: return try parseTry()
    }
  }

  private mutating func parseIf() throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += 2
    let condition = try parseHeader(what: "'if'")
    let thenBlock = try parseBlock()
    var elseBlock: Block? = nil
    var lookahead = scanner
    lookahead.skipSpacesAndNewlines()
    if lookahead.peekName() == "else" {
      layout?.join(from: thenBlock.span.end, to: lookahead.position)
      scanner = lookahead
      scanner.position += 4
      layout?.keyword(endingAt: scanner.position)
      scanner.skipSpaces()
      if scanner.peekName() == "if" {
        let nested = try parseIf()
        elseBlock = Block(statements: [nested], span: nested.span)
      } else {
        elseBlock = try parseBlock()
      }
    }
    return .ifElse(condition, thenBlock, elseBlock, SourceSpan(start, scanner.position))
  }

  private mutating func parseWhile() throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += 5
    let condition = try parseHeader(what: "'while'")
    loopDepth += 1
    defer { loopDepth -= 1 }
    let body = try parseBlock()
    return .whileLoop(condition, body, SourceSpan(start, scanner.position))
  }

  private mutating func parseFor() throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += 3
    scanner.skipSpaces()
    var parallel: Expression? = nil
    if scanner.at("--") {
      let flagStart = scanner.position
      scanner.position += 2
      let flag = "--" + (scanner.scanName().map { $0 } ?? "") + scanner.scanBareWord()
      guard flag == "--parallel" || flag.hasPrefix("--parallel=") else {
        let option = flag.split(separator: "=").first.map(String.init) ?? flag
        throw error(
          "for has no option \(option)", at: flagStart, length: option.utf8.count,
          hint: Suggestions.closest(to: option, among: ["--parallel"]).map { "did you mean \($0)?" }
            ?? "for --parallel N $x in … runs N bodies at once")
      }
      scanner.position = flagStart + 10
      if scanner.peek == UInt8(ascii: "=") { scanner.position += 1 }
      scanner.skipSpaces()
      parallel = try parseWord(statementEnd: false)
      scanner.skipSpaces()
    }
    let variable = try parseLoopVariable()
    scanner.skipSpaces()
    guard scanner.peekName() == "in" else {
      if scanner.isAtEnd { throw incomplete("expected 'in' after the loop variable", openedAt: start, length: 3) }
      throw unexpected("expected 'in' after the loop variable", hint: "for $x in [1, 2, 3] { … }")
    }
    layout?.spaced(at: scanner.position, length: 2)
    scanner.position += 2
    let sequence = try parseHeader(what: "'for … in'", needs: "a value to loop over")
    loopDepth += 1
    defer { loopDepth -= 1 }
    let body: Block
    if parallel != nil {
      let saved = (parallelOuterVariables, inParallelBody)
      parallelOuterVariables = assignedVariables
      inParallelBody = true
      defer { (parallelOuterVariables, inParallelBody) = saved }
      body = try parseBlock()
    } else {
      assignedVariables.insert(variable.name)
      body = try parseBlock()
    }
    return .forIn(variable, sequence, body, parallel: parallel, SourceSpan(start, scanner.position))
  }

  private mutating func parseLoopVariable() throws(LanguageError) -> Variable {
    try parseVariable(expecting: "a loop variable such as $x", hint: "for $x in [1, 2, 3] { … }")
  }

  /// `$name` where a variable is declared (a loop's, a parameter, `catch`'s).
  private mutating func parseVariable(expecting what: String, hint: String? = nil) throws(LanguageError) -> Variable {
    guard scanner.peek == UInt8(ascii: "$") else {
      if scanner.isAtEnd { throw incomplete("expected \(what)") }
      throw unexpected("expected \(what)", hint: hint)
    }
    scanner.position += 1
    guard let name = scanner.scanName() else { throw unexpected("expected a variable name after '$'") }
    return symbols.variable(name)
  }

  /// The expression of a header: `{` ends it and opens the block.
  mutating func parseHeader(what: String, needs: String = "a condition") throws(LanguageError) -> Expression {
    scanner.skipSpaces()
    if scanner.peek == UInt8(ascii: "{") || atStatementEnd() {
      if onlyBlankSpaceLeft { throw incomplete("\(what) needs \(needs)") }
      throw unexpected("\(what) needs \(needs) before '{'")
    }
    let saved = inHeader
    inHeader = true
    defer { inHeader = saved }
    return try parsePipeline()
  }

  private mutating func parseFunction() throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += 2
    scanner.skipSpaces()
    guard let name = scanner.scanName() else { throw unexpected("expected a function name after 'fn'") }
    let nameStart = scanner.position - name.utf8.count
    guard !Parser.keywords.contains(name) else {
      throw error("'\(name)' is a keyword, not a function name", at: nameStart, length: name.utf8.count)
    }
    if let earlier = declaredFunctions.first(where: { $0.name == name }) {
      throw error(
        "fn \(name) is declared twice", at: nameStart, length: name.utf8.count,
        hint: "the first is at \(columnText(earlier.offset)); rename one of them")
    }
    declaredFunctions.append((name, nameStart))
    scanner.skipSpaces()
    guard scanner.peek == UInt8(ascii: "(") else { throw unexpected("expected '(' and the parameters of \(name)") }
    scanner.position += 1
    var parameters: [Variable] = []
    while true {
      scanner.skipSpacesAndNewlines()
      if scanner.peek == UInt8(ascii: ")") { break }
      let parameterStart = scanner.position
      let parameter = try parseVariable(expecting: "a parameter such as $name")
      if parameters.contains(where: { $0.name == parameter.name }) {
        throw error(
          "$\(parameter.name) is a parameter of \(name) twice", at: parameterStart, length: parameter.name.utf8.count + 1)
      }
      parameters.append(parameter)
      scanner.skipSpacesAndNewlines()
      guard scanner.peek == UInt8(ascii: ",") else { break }
      layout?.separator(at: scanner.position)
      scanner.position += 1
    }
    guard scanner.peek == UInt8(ascii: ")") else {
      if scanner.isAtEnd { throw incomplete("expected ')' after the parameters of \(name)", openedAt: start, length: 2) }
      throw unexpected("expected ',' or ')' in the parameters")
    }
    scanner.position += 1
    let savedLoops = loopDepth
    let savedAssigned = assignedVariables
    let savedParallel = inParallelBody
    loopDepth = 0
    inParallelBody = false
    functionDepth += 1
    assignedVariables.formUnion(parameters.map(\.name))
    defer {
      functionDepth -= 1
      loopDepth = savedLoops
      assignedVariables = savedAssigned
      inParallelBody = savedParallel
    }
    let body = try parseBlock()
    let declaration = FunctionDeclaration(
      name: name, parameters: parameters, body: body,
      span: SourceSpan(start, scanner.position), source: source)
    return .function(declaration)
  }

  private mutating func parseTry() throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += 3
    let body = try parseBlock()
    var lookahead = scanner
    lookahead.skipSpacesAndNewlines()
    guard lookahead.peekName() == "catch" else {
      return .tryCatch(body, nil, nil, SourceSpan(start, scanner.position))
    }
    layout?.join(from: body.span.end, to: lookahead.position)
    scanner = lookahead
    scanner.position += 5
    layout?.keyword(endingAt: scanner.position)
    scanner.skipSpaces()
    var variable: Variable? = nil
    if scanner.peek == UInt8(ascii: "$") {
      let parsed = try parseLoopVariable()
      assignedVariables.insert(parsed.name)
      variable = parsed
    }
    let handler = try parseBlock()
    return .tryCatch(body, variable, handler, SourceSpan(start, scanner.position))
  }
}
