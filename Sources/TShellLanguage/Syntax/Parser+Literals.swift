/// Literals: numbers, `[…]` arrays and `{…}` objects (folded to one value when all their parts
/// are literals).
extension Parser {
  mutating func parseNumber(end: Int) throws(LanguageError) -> Expression {
    let start = scanner.position
    let text = scanner.text(start, end)
    guard let number = JSONNumber(text) else {
      throw error("invalid number '\(text)'", at: start, length: end - start)
    }
    scanner.position = end
    if let next = scanner.peek, Scanner.isNameCharacter(next) {
      throw unexpected("expected an operator after the number \(text)")
    }
    return .literal(.number(number), SourceSpan(start, end))
  }

  /// `[a, b, …]`, with newlines and a trailing comma allowed.
  mutating func parseArray() throws(LanguageError) -> Expression {
    let start = scanner.position
    scanner.position += 1
    let header = try enterBrackets(at: start)
    defer { leaveBrackets(restoringHeader: header) }
    var elements: [Expression] = []
    var list = ListSyntax(
      closing: "]", openedAt: start, unclosed: "'[' is not closed", expectation: "expected ',' or ']' in the array")
    while try nextElement(of: &list) { elements.append(try parseExpression()) }
    layout?.brackets(open: start, close: scanner.position - 1)
    return Parser.folded(.array(elements, SourceSpan(start, scanner.position)))
  }

  /// `{key: value, "key": value}`, with newlines and a trailing comma allowed.
  mutating func parseObject() throws(LanguageError) -> Expression {
    let start = scanner.position
    scanner.position += 1
    try enterNesting(at: start)
    bracketDepth += 1
    defer {
      nesting -= 1
      bracketDepth -= 1
    }
    var members: [ObjectMember] = []
    var list = ListSyntax(
      closing: "}", openedAt: start, unclosed: "'{' is not closed", expectation: "expected ',' or '}' in the object")
    while try nextElement(of: &list) {
      var key = ""
      var computedKey: Expression? = nil
      if let name = scanner.scanName() {
        key = name
      } else if scanner.peek == UInt8(ascii: "\"") || scanner.peek == UInt8(ascii: "'") {
        let written = try scanner.peek == UInt8(ascii: "'") ? parseRawString() : parseString()
        if case .literal(.string(let text), _) = written { key = text } else { computedKey = written }
      } else {
        if scanner.isAtEnd { throw incomplete(list.unclosed, openedAt: start) }
        throw unexpected("expected a key (a name or a string) in the object")
      }
      scanner.skipSpacesAndNewlines()
      if scanner.peek == UInt8(ascii: ":") { layout?.separator(at: scanner.position) }
      try expect(":", unclosed: "expected ':' after the key", expectation: "expected ':' after the key '\(key)'")
      scanner.skipSpacesAndNewlines()
      members.append(ObjectMember(key: key, computedKey: computedKey, value: try parseExpression()))
    }
    layout?.brackets(open: start, close: scanner.position - 1)
    return Parser.folded(.object(members, SourceSpan(start, scanner.position)))
  }

  /// A literal array or object whose parts are all literals becomes one literal.
  static func folded(_ expression: Expression) -> Expression {
    switch expression {
    case .array(let elements, let span):
      var values: [JSONValue] = []
      for element in elements {
        guard case .literal(let value, _) = element else { return expression }
        values.append(value)
      }
      return .literal(.array(values), span)
    case .object(let members, let span):
      var object = JSONObject()
      for member in members {
        guard member.computedKey == nil, case .literal(let value, _) = member.value else { return expression }
        object[member.key] = value
      }
      return .literal(.object(object), span)
    default:
      return expression
    }
  }
}
