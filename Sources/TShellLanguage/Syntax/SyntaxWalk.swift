/// Visits the syntax tree: every statement and expression, blocks and nested calls included, each
/// before what it contains. Redaction, the recorder and editor support read programs through it.
public struct SyntaxWalk {
  /// Called for each statement; false skips what the statement contains.
  public var statement: (Statement) -> Bool = { _ in true }
  /// Called for each expression; false skips what the expression contains.
  public var expression: (Expression) -> Bool = { _ in true }

  public init(statement: @escaping (Statement) -> Bool = { _ in true }, expression: @escaping (Expression) -> Bool) {
    self.statement = statement
    self.expression = expression
  }

  public func walk(_ statements: [Statement]) {
    for statement in statements { walk(statement) }
  }

  public func walk(_ statement: Statement) {
    guard self.statement(statement) else { return }
    switch statement {
    case .expression(let expression), .source(let expression, _):
      walk(expression)
    case .assignment(_, let expression, _):
      walk(expression)
    case .returnValue(let expression, _), .exit(let expression, _), .skip(let expression, _):
      if let expression { walk(expression) }
    case .ifElse(let condition, let thenBlock, let elseBlock, _):
      walk(condition)
      walk(thenBlock.statements)
      if let elseBlock { walk(elseBlock.statements) }
    case .forIn(_, let sequence, let body, let parallel, _):
      if let parallel { walk(parallel) }
      walk(sequence)
      walk(body.statements)
    case .whileLoop(let condition, let body, _):
      walk(condition)
      walk(body.statements)
    case .tryCatch(let body, _, let handler, _):
      walk(body.statements)
      if let handler { walk(handler.statements) }
    case .function(let declaration):
      walk(declaration.body.statements)
    case .test(let name, let body, _):
      walk(name)
      walk(body.statements)
    case .setup(let body, _):
      walk(body.statements)
    case .assert(let condition, let message, _):
      walk(condition)
      if let message { walk(message) }
    case .breakLoop, .continueLoop:
      break
    }
  }

  public func walk(_ expression: Expression) {
    guard self.expression(expression) else { return }
    let (expressions, statements) = SyntaxWalk.children(of: expression)
    for inner in expressions { walk(inner) }
    walk(statements)
  }

  /// What an expression directly contains: expressions, and the statements of its blocks.
  public static func children(of expression: Expression) -> (expressions: [Expression], statements: [Statement]) {
    switch expression {
    case .control(let statement):
      return ([], [statement])
    case .time(let block, _):
      return ([], block.statements)
    case .pipeline(let stages, _):
      return (stages, [])
    case .binary(_, let left, let right, _):
      return ([left, right], [])
    case .unary(_, let operand, _):
      return ([operand], [])
    case .call(_, let arguments, _), .array(let arguments, _):
      return (arguments, [])
    case .object(let members, _):
      return (members.flatMap { member in [member.computedKey, member.value].compactMap { $0 } }, [])
    case .command(let call):
      return (
        call.words.compactMap { word in
          switch word {
          case .value(let value): value
          case .flag(_, let value, _): value
          }
        }, []
      )
    case .interpolated(let parts, _):
      return (
        parts.compactMap { part in
          if case .expression(let inner) = part { return inner }
          return nil
        }, []
      )
    case .path(let root, let path, _):
      if case .value(let value) = root { return ([value] + path.computedExpressions, []) }
      return (path.computedExpressions, [])
    case .literal, .input, .current, .variable:
      return ([], [])
    }
  }
}
