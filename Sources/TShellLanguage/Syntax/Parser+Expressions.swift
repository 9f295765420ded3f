/// Pipelines, operators and primary expressions.
extension Parser {
  /// `stage | stage | …`, where a stage may be a command.
  mutating func parsePipeline() throws(LanguageError) -> Expression {
    let start = scanner.position
    return try parsePipeline(from: try parseStage(), start: start)
  }

  /// The rest of a pipeline whose first stage is parsed.
  mutating func parsePipeline(from first: Expression, start: Int) throws(LanguageError) -> Expression {
    var stages = [first]
    while true {
      var lookahead = scanner
      lookahead.skipSpaces()
      guard lookahead.peek == UInt8(ascii: "|"), lookahead.peek(1) != UInt8(ascii: "|") else { break }
      scanner = lookahead
      let bar = scanner.position
      layout?.spaced(at: bar, length: 1, pipe: true)
      scanner.position += 1
      scanner.skipSpacesAndNewlines()
      probe?.enter(.pipe(input: stages[stages.count - 1]))
      if scanner.isAtEnd { throw incomplete("expected a command or expression after '|'", openedAt: bar) }
      stages.append(try parseStage())
      probe?.leave()
    }
    return stages.count == 1 ? stages[0] : .pipeline(stages, SourceSpan(start, scanner.position))
  }

  /// A command (`name words…`) when the stage starts with a name not followed by `(`; else an expression.
  private mutating func parseStage() throws(LanguageError) -> Expression {
    scanner.skipSpaces()
    let start = scanner.position
    if !bareNameIsVariable, let name = scanner.peekName(), !Parser.keywords.contains(name) {
      let after = scanner.peek(name.utf8.count)
      if after != UInt8(ascii: "(") {
        if name == "time" {
          var lookahead = scanner
          lookahead.position += 4
          lookahead.skipSpaces()
          if lookahead.peek == UInt8(ascii: "{") {
            scanner = lookahead
            let block = try parseBlock()
            return .time(block, SourceSpan(start, scanner.position))
          }
        }
        return try parseCommand()
      }
    }
    return try parseExpression()
  }

  /// An expression with binary operators (no commands at its top level).
  mutating func parseExpression() throws(LanguageError) -> Expression {
    try parseBinary(level: 0)
  }

  /// Binding strength, loosest first: `||`, `&&`, `== !=`, `< <= > >=`, `??`, `+ -`, `* / %`.
  private static let levels: [[BinaryOperator]] = [
    [.or], [.and], [.equal, .notEqual], [.lessOrEqual, .greaterOrEqual, .less, .greater], [.coalesce],
    [.add, .subtract], [.multiply, .divide, .remainder],
  ]

  private mutating func parseBinary(level: Int) throws(LanguageError) -> Expression {
    guard level < Parser.levels.count else { return try parseUnary() }
    // Spans run from the first operand's text to the end of the last one's, parentheses
    // included: `(1 + 1) == 3` is shown whole, not from inside the parenthesis.
    var first = scanner
    first.skipSpaces()
    let start = first.position
    var left = try parseBinary(level: level + 1)
    let chainStart = operators
    defer { operators = chainStart }
    while true {
      var lookahead = scanner
      skipExpressionSpace(&lookahead)
      guard let op = Parser.levels[level].first(where: { lookahead.atOperator($0) }) else { return left }
      scanner = lookahead
      let operatorStart = scanner.position
      operators += 1
      guard operators <= Parser.maximumOperators else {
        throw error(
          "the expression chains more than \(Parser.maximumOperators) operators", at: operatorStart,
          length: op.rawValue.utf8.count, hint: "split it: assign parts to variables")
      }
      layout?.spaced(at: operatorStart, length: op.rawValue.utf8.count)
      scanner.position += op.rawValue.utf8.count
      skipExpressionSpace(&scanner)
      if onlyBlankSpaceLeft {
        throw incomplete("expected an expression after '\(op.rawValue)'", openedAt: operatorStart, length: op.rawValue.utf8.count)
      }
      if atStatementEnd() || scanner.peek == UInt8(ascii: "|") {
        throw error("'\(op.rawValue)' needs an expression on its right", at: operatorStart, length: op.rawValue.utf8.count)
      }
      let right = try parseBinary(level: level + 1)
      left = .binary(op, left, right, SourceSpan(start, max(scanner.position, right.span.end)))
    }
  }

  /// Inside brackets newlines are blank space; elsewhere they end the statement.
  private func skipExpressionSpace(_ scanner: inout Scanner) {
    if bracketDepth > 0 { scanner.skipSpacesAndNewlines() } else { scanner.skipSpaces() }
  }

  private mutating func parseUnary() throws(LanguageError) -> Expression {
    scanner.skipSpaces()
    let start = scanner.position
    if scanner.peek == UInt8(ascii: "!") && scanner.peek(1) != UInt8(ascii: "=") {
      scanner.position += 1
      try enterNesting(at: start)
      defer { nesting -= 1 }
      let operand = try parseUnary()
      return .unary(.not, operand, SourceSpan(start, max(scanner.position, operand.span.end)))
    }
    if scanner.peek == UInt8(ascii: "-") {
      scanner.position += 1
      if let end = scanner.numberEnd() {
        scanner.position = start
        return try parseNumber(end: end)
      }
      try enterNesting(at: start)
      defer { nesting -= 1 }
      let operand = try parseUnary()
      return .unary(.negate, operand, SourceSpan(start, max(scanner.position, operand.span.end)))
    }
    return try parsePrimary()
  }

  mutating func parsePrimary() throws(LanguageError) -> Expression {
    scanner.skipSpaces()
    let start = scanner.position
    let bareNameIsVariable = self.bareNameIsVariable
    self.bareNameIsVariable = false
    guard let byte = scanner.peek else { throw incomplete("expected an expression") }
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try parseNumber(end: scanner.numberEnd() ?? scanner.position + 1)
    case UInt8(ascii: "\""):
      return try parseString()
    case UInt8(ascii: "'"):
      return try parseRawString()
    case UInt8(ascii: "$"):
      return try parseDollar()
    case UInt8(ascii: "@"):
      return try parseCurrent()
    case UInt8(ascii: "("):
      scanner.position += 1
      let header = try enterBrackets(at: start)
      defer { leaveBrackets(restoringHeader: header) }
      scanner.skipSpacesAndNewlines()
      let inner = try parsePipeline()
      scanner.skipSpacesAndNewlines()
      try expect(
        ")", unclosed: "'(' is not closed", openedAt: start, expectation: "expected ')' to close the '(' at \(columnText(start))")
      layout?.brackets(open: start, close: scanner.position - 1)
      return try pathOnValue(inner, start: start)
    case UInt8(ascii: "["):
      return try parseArray()
    case UInt8(ascii: "{"):
      if inHeader { throw unexpected("expected an expression; put an object in a header in parentheses") }
      return try parseObject()
    default:
      guard let name = scanner.peekName() else {
        if byte == UInt8(ascii: "|") { throw unexpected("expected an expression before '|'") }
        if byte == UInt8(ascii: "."), let next = scanner.peek(1), Scanner.isNameStart(next) || next == UInt8(ascii: "[") {
          // `.KeysAllowed`, as jq writes it.
          var word = scanner
          let path = word.scanBareWord()
          throw unexpected("expected an expression", hint: "a path starts at $: write $\(path)")
        }
        throw unexpected("expected an expression")
      }
      if bareNameIsVariable && !Parser.keywords.contains(name) && scanner.peek(name.utf8.count) != UInt8(ascii: "(") {
        return try parseNamedPath(start: start)
      }
      if ["if", "for", "try"].contains(name) {
        let next = scanner.peek(name.utf8.count)
        if next == 0x20 || next == 0x09 || (name == "try" && next == UInt8(ascii: "{")) {
          return .control(try parseControl(name))
        }
      }
      scanner.position += name.utf8.count
      switch name {
      case "true": return .literal(.bool(true), SourceSpan(start, scanner.position))
      case "false": return .literal(.bool(false), SourceSpan(start, scanner.position))
      case "null": return .literal(.null, SourceSpan(start, scanner.position))
      default: break
      }
      guard scanner.peek == UInt8(ascii: "(") else {
        throw error(
          "a bare name in an expression: '\(name)'", at: start, length: name.utf8.count,
          hint: "write \"\(name)\" for a string, \(name)(…) for a call, or $\(name) for a variable")
      }
      return try parseCall(name, start: start)
    }
  }

  /// Builtins whose last argument is evaluated once per element, with `@` bound to it.
  static let elementWiseBuiltins: Set<String> = [
    "map", "select", "sort_by", "group_by", "unique_by", "min_by", "max_by", "any", "all",
  ]

  private mutating func parseCall(_ name: String, start: Int) throws(LanguageError) -> Expression {
    scanner.position += 1  // "("
    let header = try enterBrackets(at: start)
    defer { leaveBrackets(restoringHeader: header) }
    var arguments: [Expression] = []
    var list = ListSyntax(
      closing: ")", openedAt: start + name.utf8.count, unclosed: "the '(' of \(name)(…) is not closed",
      expectation: "expected ',' or ')' in the arguments of \(name)(…)")
    var lastArgumentUses = elementUses.count
    while try nextElement(of: &list) {
      lastArgumentUses = elementUses.count
      arguments.append(try parseExpression())
    }
    layout?.brackets(open: start + name.utf8.count, close: scanner.position - 1)
    // `@` in the last argument of an element-wise builtin is that call's element.
    if Parser.elementWiseBuiltins.contains(name) { elementUses.removeSubrange(lastArgumentUses...) }
    // `write(v, "f") --append`, `exec(p, args) --timeout 5`: flags after the arguments (each
    // with the word after it, for the resolver to bind) make it a command call of them.
    var words = arguments.map { Word.value($0) }
    while true {
      var ahead = scanner
      ahead.skipSpaces()
      guard ahead.atFlag else { break }
      scanner = ahead
      let flag = try parseCommandWord()
      words.append(flag)
      guard case .flag(_, nil, _) = flag else { continue }
      let afterFlag = scanner
      scanner.skipSpaces()
      if scanner.atFlag || atWordsEnd() {
        scanner = afterFlag
        continue
      }
      words.append(.value(try parseWord(statementEnd: true)))
    }
    guard words.count > arguments.count else {
      return try pathOnValue(.call(name, arguments, SourceSpan(start, scanner.position)), start: start)
    }
    let nameSpan = SourceSpan(start, start + name.utf8.count)
    return .command(CommandCall(name: name, nameSpan: nameSpan, words: words, span: SourceSpan(start, scanner.position)))
  }

  /// `$`, `$name`, `$1`, and paths on them: `$.a`, `$name.a[0]`, `$..b[?@.x > $min]`, `$a[$i]`.
  mutating func parseDollar(pathAllowed: Bool = true) throws(LanguageError) -> Expression {
    let start = scanner.position
    probe?.enter(.dollar(start: start, pipeInput: probe?.pipeInput))
    scanner.position += 1
    var root = PathRoot.input
    if let name = scanner.scanName() {
      root = .variable(symbols.variable(name))
    } else if let first = scanner.peek, Scanner.isDigit(first) {
      let digitsStart = scanner.position
      while let byte = scanner.peek, Scanner.isDigit(byte) { scanner.position += 1 }
      root = .variable(symbols.variable(scanner.text(digitsStart, scanner.position)))
    } else if scanner.peek == UInt8(ascii: "{") {
      throw error(
        "'${…}' interpolates only inside double-quoted strings", at: start, length: 2,
        hint: "write (expression) among words, or \"${…}\" in a string")
    }
    let path = pathAllowed ? try parsePath() : ValuePath(parts: [])
    let span = SourceSpan(start, scanner.position)
    layout?.verbatim(span)
    probe?.dollarEnded(span)
    guard !path.parts.isEmpty else {
      switch root {
      case .input: return .input(span)
      case .variable(let variable): return .variable(variable, span)
      default: return .input(span)
      }
    }
    return .path(root, path, span)
  }

  /// `@`, and a path on it (`@.name`): the element of an element-wise builtin, allowed only in
  /// its last argument (checked when the call ends).
  mutating func parseCurrent() throws(LanguageError) -> Expression {
    let start = scanner.position
    scanner.position += 1
    elementUses.append(start)
    let path = try parsePath()
    let span = SourceSpan(start, scanner.position)
    layout?.verbatim(span)
    return path.parts.isEmpty ? .current(span) : .path(.current, path, span)
  }

  /// A path on a parenthesised value or a call, when one follows with no space before it.
  mutating func pathOnValue(_ value: Expression, start: Int) throws(LanguageError) -> Expression {
    let startsPath =
      scanner.peek == UInt8(ascii: "[")
      || (scanner.peek == UInt8(ascii: ".")
        && scanner.peek(1).map { Scanner.isNameStart($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") } == true)
    guard startsPath else { return value }
    let pathStart = scanner.position
    let path = try parsePath()
    layout?.verbatim(SourceSpan(pathStart, scanner.position))
    return .path(.value(value), path, SourceSpan(start, scanner.position))
  }

  /// The segments directly after a root (no blank space between them): RFC 9535 segments, and
  /// selectors computed at run time where brackets hold `$name…` or `(expression)`.
  mutating func parsePath() throws(LanguageError) -> ValuePath {
    var parts: [ValuePath.Part] = []
    var segments: [Segment] = []
    func flush() {
      if !segments.isEmpty { parts.append(.segments(JSONPath(query: JSONPathQuery(root: .document, segments: segments)))) }
      segments = []
    }
    while true {
      if scanner.peek == UInt8(ascii: "["), let computed = try parseComputedSelector() {
        flush()
        parts.append(computed)
        continue
      }
      var path = JSONPathParser(
        utf8: scanner.utf8, at: scanner.position,
        options: JSONPathParser.Options(allowsBlankBetweenSegments: false, allowsVariables: true))
      do {
        guard let segment = try path.parseSegmentIfPresent() else { break }
        segments.append(segment)
        scanner.position = path.position
      } catch {
        var failure = LanguageError(
          .syntax, error.message, hint: error.hint, source: source,
          span: SourceSpan(error.offset, error.offset + max(error.length, 1)))
        failure.isIncompleteInput = error.offset >= scanner.utf8.count
        throw failure
      }
    }
    flush()
    return ValuePath(parts: parts)
  }

  /// `[$name…]` or `[(expression)]` at the scanner, or nil (nothing consumed) for any other
  /// bracket, which RFC 9535 reads.
  private mutating func parseComputedSelector() throws(LanguageError) -> ValuePath.Part? {
    let open = scanner.position
    var inside = scanner
    inside.position += 1
    while inside.peek == 0x20 || inside.peek == 0x09 { inside.position += 1 }
    guard inside.peek == UInt8(ascii: "$") || inside.peek == UInt8(ascii: "(") else { return nil }
    scanner = inside
    let header = try enterBrackets(at: open)
    defer { leaveBrackets(restoringHeader: header) }
    let expression = scanner.peek == UInt8(ascii: "$") ? try parseDollar() : try parsePrimary()
    scanner.skipSpacesAndNewlines()
    try expect(
      "]", unclosed: "'[' is not closed", openedAt: open,
      expectation: "expected ']' after the computed selector (one $name… or (expression) per brackets)")
    return .computed(expression, SourceSpan(open, scanner.position))
  }

  func columnText(_ offset: Int) -> String {
    let (line, column) = source.location(of: offset)
    return "\(line):\(column)"
  }
}

extension Scanner {
  /// Whether the binary operator `op` stands here (and not a longer one, such as `<=` for `<`).
  func atOperator(_ op: BinaryOperator) -> Bool {
    switch op {
    case .less: return peek == UInt8(ascii: "<") && peek(1) != UInt8(ascii: "=")
    case .greater: return peek == UInt8(ascii: ">") && peek(1) != UInt8(ascii: "=")
    case .add: return peek == UInt8(ascii: "+")
    case .subtract: return peek == UInt8(ascii: "-") && peek(1) != UInt8(ascii: "-")
    case .multiply: return peek == UInt8(ascii: "*")
    case .divide: return peek == UInt8(ascii: "/")
    case .remainder: return peek == UInt8(ascii: "%")
    case .equal: return at("==")
    case .notEqual: return at("!=")
    case .lessOrEqual: return at("<=")
    case .greaterOrEqual: return at(">=")
    case .and: return at("&&")
    case .or: return at("||")
    case .coalesce: return at("??")
    }
  }
}
