/// Filter expressions (RFC 9535 §2.3.5) with the function type checks of §2.4.3.
extension JSONPathParser {
  /// A parsed operand before its role is known: a bare literal, query or call, or a logical expression.
  enum Term {
    case literal(JSONValue, span: Range<Int>)
    case query(JSONPathQuery, span: Range<Int>)
    case function(FunctionCall, span: Range<Int>)
    case logical(LogicalExpression)
  }

  /// Parses the logical expression of a filter selector.
  mutating func parseFilter() throws(JSONPathSyntaxError) -> LogicalExpression {
    try asTest(try parseOr())
  }

  private mutating func parseOr() throws(JSONPathSyntaxError) -> Term {
    var terms = [try parseAnd()]
    while lookAhead("||") {
      skipBlank()
      position += 2
      skipBlank()
      terms.append(try parseAnd())
    }
    guard terms.count > 1 else { return terms[0] }
    var operands: [LogicalExpression] = []
    for term in terms { operands.append(try asTest(term)) }
    return .logical(.or(operands))
  }

  private mutating func parseAnd() throws(JSONPathSyntaxError) -> Term {
    var terms = [try parseBasic()]
    while lookAhead("&&") {
      skipBlank()
      position += 2
      skipBlank()
      terms.append(try parseBasic())
    }
    guard terms.count > 1 else { return terms[0] }
    var operands: [LogicalExpression] = []
    for term in terms { operands.append(try asTest(term)) }
    return .logical(.and(operands))
  }

  /// Whether `token` follows after optional blank space (without consuming anything).
  private func lookAhead(_ token: StaticString) -> Bool {
    var index = position
    while index < utf8.count && JSONPathParser.isBlank(utf8[index]) { index += 1 }
    let bytes = UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
    guard index + bytes.count <= utf8.count else { return false }
    return utf8[index..<index + bytes.count].elementsEqual(bytes)
  }

  private mutating func parseBasic() throws(JSONPathSyntaxError) -> Term {
    guard let byte = peek else { throw unexpected("expected a filter expression") }
    if byte == UInt8(ascii: "!") && peek(1) != UInt8(ascii: "=") {
      let bang = position
      position += 1
      skipBlank()
      if peek == UInt8(ascii: "(") { return .logical(.not(try parseParenthesized())) }
      let operand = try parseOperand()
      if case .literal(_, let span) = operand {
        throw JSONPathSyntaxError(
          "'!' applies to a query, a function or a parenthesized expression", offset: bang,
          length: span.upperBound - bang)
      }
      return .logical(.not(try asTest(operand)))
    }
    if byte == UInt8(ascii: "(") { return .logical(try parseParenthesized()) }
    let left = try parseOperand()
    let afterOperand = position
    skipBlank()
    guard let op = parseComparisonOperator() else {
      position = afterOperand
      return left
    }
    skipBlank()
    let right = try parseOperand()
    return .logical(.comparison(try comparable(left), op, try comparable(right)))
  }

  private mutating func parseParenthesized() throws(JSONPathSyntaxError) -> LogicalExpression {
    let open = position
    position += 1
    skipBlank()
    let inner = try asTest(try parseOr())
    skipBlank()
    guard peek == UInt8(ascii: ")") else {
      if peek == nil { throw JSONPathSyntaxError("unclosed '(': expected ')'", offset: open) }
      throw unexpected("expected ')' to close the '(' at column \(open + 1)")
    }
    position += 1
    return inner
  }

  private mutating func parseComparisonOperator() -> ComparisonOperator? {
    guard let first = peek else { return nil }
    let second = peek(1)
    let twoByte: ComparisonOperator?
    switch (first, second) {
    case (UInt8(ascii: "="), UInt8(ascii: "=")): twoByte = .equal
    case (UInt8(ascii: "!"), UInt8(ascii: "=")): twoByte = .notEqual
    case (UInt8(ascii: "<"), UInt8(ascii: "=")): twoByte = .lessOrEqual
    case (UInt8(ascii: ">"), UInt8(ascii: "=")): twoByte = .greaterOrEqual
    default: twoByte = nil
    }
    if let twoByte {
      position += 2
      return twoByte
    }
    if first == UInt8(ascii: "<") {
      position += 1
      return .less
    }
    if first == UInt8(ascii: ">") {
      position += 1
      return .greater
    }
    return nil
  }

  // MARK: - Operands

  /// A literal, a filter query (`@…`, `$…`, or `$name…` where variables are allowed) or a function call.
  private mutating func parseOperand() throws(JSONPathSyntaxError) -> Term {
    let start = position
    guard let byte = peek else { throw unexpected("expected a filter expression") }
    switch byte {
    case UInt8(ascii: "@"):
      position += 1
      let segments = try parseSegments()
      return .query(JSONPathQuery(root: .current, segments: segments), span: start..<position)
    case UInt8(ascii: "$"):
      position += 1
      var root = JSONPathQuery.Root.document
      if options.allowsVariables, let next = peek, JSONPathParser.isNameFirst(next) {
        while let name = peek, JSONPathParser.isNameFirst(name) || JSONPathParser.isDigit(name) { position += 1 }
        root = .variable(String(decoding: utf8[start + 1..<position], as: UTF8.self))
      }
      let segments = try parseSegments()
      return .query(JSONPathQuery(root: root, segments: segments), span: start..<position)
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      return .literal(.string(try parseStringLiteral()), span: start..<position)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .literal(.number(try parseNumberLiteral()), span: start..<position)
    case UInt8(ascii: "a")...UInt8(ascii: "z"):
      while let next = peek, (next &- UInt8(ascii: "a") < 26) || next == UInt8(ascii: "_") || JSONPathParser.isDigit(next) {
        position += 1
      }
      let name = String(decoding: utf8[start..<position], as: UTF8.self)
      if peek == UInt8(ascii: "(") { return .function(try parseCall(name, start: start), span: start..<position) }
      switch name {
      case "true": return .literal(.bool(true), span: start..<position)
      case "false": return .literal(.bool(false), span: start..<position)
      case "null": return .literal(.null, span: start..<position)
      default:
        position = start
        throw JSONPathSyntaxError(
          "unknown name '\(name)'", offset: start, length: name.utf8.count,
          hint: "write @.\(name) for a member of the current node, or a literal: true, false, null, a number, 'a string'")
      }
    default:
      throw unexpected("expected a query (@… or $…), a literal or a function call")
    }
  }

  /// `(int / "-0") [ "." 1*DIGIT ] [ "e" [ "-" / "+" ] 1*DIGIT ]`.
  private mutating func parseNumberLiteral() throws(JSONPathSyntaxError) -> JSONNumber {
    let start = position
    if peek == UInt8(ascii: "-") { position += 1 }
    guard let first = peek, JSONPathParser.isDigit(first) else { throw unexpected("expected a digit") }
    position += 1
    if first == UInt8(ascii: "0") {
      if let next = peek, JSONPathParser.isDigit(next) {
        throw JSONPathSyntaxError("leading zeros are not allowed in a number", offset: start, length: position - start + 1)
      }
    } else {
      while let next = peek, JSONPathParser.isDigit(next) { position += 1 }
    }
    if peek == UInt8(ascii: ".") {
      position += 1
      guard let next = peek, JSONPathParser.isDigit(next) else { throw unexpected("expected a digit after '.'") }
      while let next = peek, JSONPathParser.isDigit(next) { position += 1 }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      position += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
      guard let next = peek, JSONPathParser.isDigit(next) else { throw unexpected("expected a digit in the exponent") }
      while let next = peek, JSONPathParser.isDigit(next) { position += 1 }
    }
    let literal = utf8[start..<position]
    return literal.withUnsafeBufferPointer { JSONNumber(literal: $0) }
  }

  private mutating func parseCall(_ name: String, start: Int) throws(JSONPathSyntaxError) -> FunctionCall {
    guard let function = FunctionExtension(rawValue: name) else {
      let known = FunctionExtension.allCases.map { "\($0.rawValue)()" }.joined(separator: ", ")
      throw JSONPathSyntaxError(
        "unknown function '\(name)'", offset: start, length: name.utf8.count,
        hint: "the functions are \(known)")
    }
    position += 1  // "("
    skipBlank()
    var arguments: [FunctionArgument] = []
    if peek != UInt8(ascii: ")") {
      while true {
        let argumentStart = position
        let term = try parseOr()
        let index = arguments.count
        guard index < function.parameters.count else {
          throw JSONPathSyntaxError(
            "too many arguments: \(function.signature) takes \(function.parameters.count)",
            offset: argumentStart, length: position - argumentStart)
        }
        arguments.append(try argument(term, for: function, index: index, span: argumentStart..<position))
        skipBlank()
        guard peek == UInt8(ascii: ",") else { break }
        position += 1
        skipBlank()
      }
    }
    guard peek == UInt8(ascii: ")") else { throw unexpected("expected ',' or ')' in the call of \(name)()") }
    position += 1
    guard arguments.count == function.parameters.count else {
      throw JSONPathSyntaxError(
        "\(name)() takes \(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s"), not \(arguments.count)",
        offset: start, length: position - start, hint: "call it as \(function.signature)")
    }
    return FunctionCall(function: function, arguments: arguments)
  }

  // MARK: - Type checks

  /// Checks `term` against the declared type of the parameter (RFC 9535 §2.4.3).
  private func argument(_ term: Term, for function: FunctionExtension, index: Int, span: Range<Int>)
    throws(JSONPathSyntaxError) -> FunctionArgument
  {
    let name = function.rawValue
    switch function.parameters[index] {
    case .value:
      switch term {
      case .literal(let value, _): return .literal(value)
      case .query(let query, _) where query.isSingular: return .query(query)
      case .function(let call, _) where call.function.result == .value: return .function(call)
      case .query:
        throw typeError(
          "argument \(index + 1) of \(name)() must be a single value, but this query can select many nodes",
          span, hint: "use a singular query (names and indices only), e.g. @.name or @[0]")
      default:
        throw typeError(
          "argument \(index + 1) of \(name)() must be a value (ValueType)", span,
          hint: "call it as \(function.signature)")
      }
    case .nodes:
      switch term {
      case .query(let query, _): return .query(query)
      case .function(let call, _) where call.function.result == .nodes: return .function(call)
      default:
        throw typeError(
          "argument \(index + 1) of \(name)() must be a query (NodesType)", span,
          hint: "call it as \(function.signature), e.g. \(name)(@.*)")
      }
    case .logical:
      return .logical(try asTest(term))
    }
  }

  /// The term as a test: a query tests existence; a call must return a logical or nodes type.
  func asTest(_ term: Term) throws(JSONPathSyntaxError) -> LogicalExpression {
    switch term {
    case .logical(let expression):
      return expression
    case .query(let query, _):
      return .exists(query)
    case .function(let call, let span):
      guard call.function.result != .value else {
        throw typeError(
          "\(call.function.rawValue)() returns a value, which cannot be a test on its own", span,
          hint: "compare it, e.g. \(call.function.rawValue)(…) > 0")
      }
      return .function(call)
    case .literal(_, let span):
      throw typeError("a literal cannot be a test on its own", span, hint: "compare it with a query, e.g. @.x == …")
    }
  }

  /// The term as one side of a comparison: a literal, a singular query, or a call returning a value.
  private func comparable(_ term: Term) throws(JSONPathSyntaxError) -> ComparisonOperand {
    switch term {
    case .literal(let value, _): return .literal(value)
    case .query(let query, let span):
      guard query.isSingular else {
        throw typeError(
          "a query in a comparison must be singular, but this one can select many nodes", span,
          hint: "use names and indices only (e.g. @.a[0]), or test existence without comparing")
      }
      return .query(query)
    case .function(let call, let span):
      guard call.function.result == .value else {
        throw typeError(
          "\(call.function.rawValue)() returns a logical result, which cannot be compared", span,
          hint: "use it as a test on its own: ?\(call.function.rawValue)(…)")
      }
      return .function(call)
    case .logical:
      throw JSONPathSyntaxError("a logical expression cannot be compared", offset: position)
    }
  }

  private func typeError(_ message: String, _ span: Range<Int>, hint: String? = nil) -> JSONPathSyntaxError {
    JSONPathSyntaxError(message, offset: span.lowerBound, length: span.count, hint: hint)
  }
}
