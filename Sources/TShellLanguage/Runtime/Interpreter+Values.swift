/// `if`, `for` and `try` used as values (`$x = if …`, a pipe's first stage, parentheses): `if`
/// gives the last value of the branch taken, `for` an array of each iteration's last value in
/// input order, `try` the last value of its body or of `catch`.
extension Interpreter {
  /// The value of an `if`, `for` or `try` in an expression; nil when it gives nothing (no branch
  /// taken). A `break`, `continue` or `return` inside it leaves as a `ControlTransfer`.
  func controlValue(_ statement: Statement, in scope: Scope) throws -> JSONValue? {
    let (completion, value) = try controlOutcome(statement, in: scope)
    guard case .normal = completion else { throw ControlTransfer(completion: completion) }
    return value
  }

  /// Runs a block for its value: that of its last statement, when it is an expression with a
  /// value or an `if`, `for` or `try` with one.
  func executeValue(_ block: Block, in scope: Scope) throws -> (Completion, JSONValue?) {
    guard let last = block.statements.last else { return (.normal, nil) }
    for statement in block.statements.dropLast() {
      let completion = try execute(statement, in: scope)
      if case .normal = completion { continue }
      return (completion, nil)
    }
    switch last {
    case .expression(let expression):
      trace?(source, last)
      do {
        return (.normal, try result(of: expression, input: nil, scope: scope))
      } catch let transfer as ControlTransfer {
        return (transfer.completion, nil)
      }
    case .ifElse, .forIn, .tryCatch:
      trace?(source, last)
      return try controlOutcome(last, in: scope)
    default:
      return (try execute(last, in: scope), nil)
    }
  }

  private func controlOutcome(_ statement: Statement, in scope: Scope) throws -> (Completion, JSONValue?) {
    switch statement {
    case .ifElse(let condition, let thenBlock, let elseBlock, _):
      if Operators.isTruthy(try value(of: condition, input: nil, scope: scope)) {
        return try executeValue(thenBlock, in: Scope(parent: scope))
      }
      guard let elseBlock else { return (.normal, nil) }
      return try executeValue(elseBlock, in: Scope(parent: scope))
    case .forIn(let variable, let sequence, let body, let parallel, let span):
      var collected: [JSONValue]? = []
      let completion = try executeFor(
        variable, sequence, body, parallel: parallel, span: span, in: scope, collecting: &collected)
      return (completion, .array(collected ?? []))
    case .tryCatch(let body, let variable, let handler, _):
      let outcome = try executeTryValue(body, variable, handler, in: scope, valued: true)
      return (outcome.completion, outcome.value)
    default:
      return (try execute(statement, in: scope), nil)
    }
  }
}

/// A `break`, `continue` or `return` on its way out of an `if`, `for` or `try` that an expression
/// evaluates: the statement around the expression ends the way it says.
struct ControlTransfer: Error {
  let completion: Interpreter.Completion
}
