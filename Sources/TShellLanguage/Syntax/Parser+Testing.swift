/// The testing keywords: `assert EXPR [, MESSAGE]`, `test "name" { … }`, `setup { … }` and
/// `skip ["reason"]`, statements everywhere (so no command can take their names).
extension Parser {
  mutating func parseTestingStatement(_ keyword: String) throws(LanguageError) -> Statement {
    let start = scanner.position
    scanner.position += keyword.utf8.count
    switch keyword {
    case "assert":
      scanner.skipSpaces()
      if atStatementEnd() { throw unexpected("'assert' needs a condition", hint: "assert $x == 3, \"why it must hold\"") }
      // An expression, not command words: `assert $n > 1` compares.
      let condition = try parseExpression()
      var message: Expression? = nil
      scanner.skipSpaces()
      if scanner.peek == UInt8(ascii: ",") {
        layout?.separator(at: scanner.position)
        scanner.position += 1
        scanner.skipSpaces()
        message = try parseExpression()
      }
      return .assert(condition, message: message, SourceSpan(start, scanner.position))
    case "test":
      let name = try parseHeader(what: "'test'")
      let body = try parseBlock()
      return .test(name, body, SourceSpan(start, scanner.position))
    case "setup":
      return .setup(try parseBlock(), SourceSpan(start, scanner.position))
    default:
      let reason = atStatementEnd() ? nil : try parsePipeline()
      return .skip(reason, SourceSpan(start, scanner.position))
    }
  }
}
