/// Loop bodies turned into closures once per loop run, so that each iteration runs them without
/// matching the syntax tree again.
///
/// Matching an indirect enum copies its payloads out of their boxes, and every copy is a
/// reference count taken and dropped: in a one-line loop body that was two fifths of the time.
/// Closures read what they captured without copying it. Only the common statements and
/// expressions are compiled (assignments to a variable, appends to one or below it, `if`,
/// arithmetic, comparisons, variables, literals); the rest run as before, through `execute` and
/// `value(of:)`, so both paths give the same results, errors and traces.
extension Interpreter {
  typealias CompiledStatement = (Scope) throws -> Completion
  typealias CompiledValue = (Scope) throws -> JSONValue

  /// A block's statements as one closure that runs them in order, as `execute(_:in:)` does.
  func compile(_ block: Block) -> CompiledStatement {
    let statements = block.statements.map { compile($0) }
    switch statements.count {
    case 0:
      return { _ in .normal }
    case 1:
      return statements[0]
    default:
      return { scope in
        for statement in statements {
          let completion = try statement(scope)
          if case .normal = completion { continue }
          return completion
        }
        return .normal
      }
    }
  }

  /// A statement as a closure, traced and located as `execute(_:in:)` does.
  private func compile(_ statement: Statement) -> CompiledStatement {
    let run = compiledBody(of: statement)
    return { scope in
      self.trace?(self.source, statement)
      return try self.locating(statement) { try run(scope) }
    }
  }

  private func compiledBody(of statement: Statement) -> CompiledStatement {
    switch statement {
    case .assignment(let target, .binary(.add, let read, let addend, let addSpan), let span)
    where Interpreter.reads(read, sameAs: target):
      let addendValue = compileValue(addend)
      return { scope in
        try self.appendInPlace(to: target, try addendValue(scope), in: scope, span: addSpan, statement: span)
        return .normal
      }
    case .assignment(let target, let expression, let span) where target.steps.isEmpty:
      let compute = compileValue(expression)
      return { scope in
        try self.assign(try compute(scope), to: target, in: scope, span: span)
        return .normal
      }
    case .ifElse(let condition, let thenBlock, let elseBlock, _):
      let test = compileValue(condition)
      let thenBody = compile(thenBlock)
      let elseBody = elseBlock.map { compile($0) }
      return { scope in
        if Operators.isTruthy(try test(scope)) { return try thenBody(Scope(parent: scope)) }
        if let elseBody { return try elseBody(Scope(parent: scope)) }
        return .normal
      }
    case .expression(let expression) where expression.isCompiled:
      let compute = compileValue(expression)
      return { scope in
        _ = try compute(scope)
        return .normal
      }
    default:
      return { scope in try self.executeTraced(statement, in: scope) }
    }
  }

  /// An expression as a closure that gives its value (statement context: no piped input).
  func compileValue(_ expression: Expression) -> CompiledValue {
    switch expression {
    case .literal(let value, _):
      return { _ in value }
    case .variable(let variable, let span):
      let id = variable.id
      return { scope in
        guard let value = scope.lookup(id) else { throw self.undefinedVariable(variable, span: span, scope: scope) }
        return value
      }
    case .binary(let op, let leftExpression, let rightExpression, let span):
      let left = compileValue(leftExpression)
      let right = compileValue(rightExpression)
      switch op {
      case .and:
        return { scope in
          guard Operators.isTruthy(try left(scope)) else { return .bool(false) }
          return .bool(Operators.isTruthy(try right(scope)))
        }
      case .or:
        return { scope in
          if Operators.isTruthy(try left(scope)) { return .bool(true) }
          return .bool(Operators.isTruthy(try right(scope)))
        }
      case .coalesce:
        return { scope in
          let value = try left(scope)
          if case .null = value { return try right(scope) }
          return value
        }
      default:
        return { scope in
          let value = try left(scope)
          return try self.apply(op, value, try right(scope), span: span)
        }
      }
    default:
      return { scope in try self.value(of: expression, input: nil, scope: scope) }
    }
  }
}

extension Expression {
  /// Whether `compileValue` compiles this expression itself rather than handing it to `value(of:)`.
  fileprivate var isCompiled: Bool {
    switch self {
    case .literal, .variable, .binary: true
    default: false
    }
  }
}
