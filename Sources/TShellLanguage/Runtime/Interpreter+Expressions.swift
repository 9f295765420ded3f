/// Evaluating expressions: literals, variables, paths, operators, pipelines.
extension Interpreter {
  /// The value of an expression (a command that returns nothing gives null).
  @inline(__always)
  func value(of expression: Expression, input: JSONValue?, scope: Scope) throws -> JSONValue {
    switch expression {
    case .literal(let value, _):
      return value
    case .variable(let variable, let span):
      guard let value = scope.lookup(variable.id) else { throw undefinedVariable(variable, span: span, scope: scope) }
      return value
    case .binary(let op, let left, let right, let span):
      return try binary(op, left, right, span: span, input: input, scope: scope)
    default:
      return try result(of: expression, input: input, scope: scope) ?? .null
    }
  }

  /// The result of an expression, or nil when it is a command that returns nothing (`echo`).
  func result(of expression: Expression, input: JSONValue?, scope: Scope) throws -> JSONValue? {
    switch expression {
    case .literal, .variable, .binary:
      return try value(of: expression, input: input, scope: scope)
    case .interpolated(let parts, let span):
      var text = ""
      for part in parts {
        let piece: String
        switch part {
        case .text(let literal): piece = literal
        case .expression(let inner): piece = Operators.text(try value(of: inner, input: input, scope: scope))
        }
        // As `+`: a string that doubles in a loop meets an error, not the end of memory.
        guard text.utf8.count + piece.utf8.count <= Operators.maximumTextBytes else {
          throw LanguageError(.runtime, "interpolation would make a string larger than 256 MB", source: source, span: span)
        }
        text += piece
      }
      return .string(text)
    case .input(let span):
      return try pipedValue(input, span: span)
    case .current(let span):
      return try currentElement(span: span)
    case .path(let root, let path, let span):
      return try evaluatePath(root, path, span: span, input: input, scope: scope)
    case .array(let elements, let span):
      var values: [JSONValue] = []
      values.reserveCapacity(elements.count)
      for element in elements {
        let value = try value(of: element, input: input, scope: scope)
        try checkDepth(value, placedAt: 1, span: span)
        values.append(value)
      }
      return .array(values)
    case .object(let members, let span):
      var object = JSONObject()
      for member in members {
        let value = try value(of: member.value, input: input, scope: scope)
        try checkDepth(value, placedAt: 1, span: span)
        let key = try member.computedKey.map { Operators.text(try self.value(of: $0, input: input, scope: scope)) }
        object[key ?? member.key] = value
      }
      return .object(object)
    case .unary(let op, let operand, let span):
      let value = try value(of: operand, input: input, scope: scope)
      switch op {
      case .not: return .bool(!Operators.isTruthy(value))
      case .negate: return try operate(span) { () throws(Operators.Failure) in try Operators.negate(value) }
      }
    case .call(let name, let arguments, let span):
      return try call(name, arguments, span: span, input: input, scope: scope)
    case .command(let command):
      return try runCommand(command, input: input, scope: scope)
    case .control(let statement):
      guard let input else { return try controlValue(statement, in: scope) }
      // A pipe stage: `$` is the stage's input in the condition, the header and the blocks.
      let outer = stageInput
      stageInput = input
      defer { stageInput = outer }
      return try controlValue(statement, in: scope)
    case .pipeline(let stages, _):
      var current = input
      for (index, stage) in stages.enumerated() {
        try cancellation.check()
        // A stage that returns nothing passes null on; the last stage's nothing stays nothing.
        current = try result(of: stage, input: index == 0 ? current : (current ?? .null), scope: scope)
      }
      return current
    case .time(let block, _):
      let start = host.monotonicSeconds()
      var last: JSONValue? = nil
      let blockScope = Scope(parent: scope)
      for statement in block.statements {
        if case .expression(let inner) = statement {
          last = try result(of: inner, input: input, scope: blockScope)
        } else {
          _ = try execute(statement, in: blockScope)
          last = nil
        }
      }
      host.writeError("time: \(Interpreter.formatSeconds(host.monotonicSeconds() - start))\n")
      return last
    }
  }

  private func binary(
    _ op: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression,
    span: SourceSpan, input: JSONValue?, scope: Scope
  ) throws -> JSONValue {
    let left = try value(of: leftExpression, input: input, scope: scope)
    switch op {
    case .and:
      guard Operators.isTruthy(left) else { return .bool(false) }
      return .bool(Operators.isTruthy(try value(of: rightExpression, input: input, scope: scope)))
    case .or:
      if Operators.isTruthy(left) { return .bool(true) }
      return .bool(Operators.isTruthy(try value(of: rightExpression, input: input, scope: scope)))
    case .coalesce:
      if case .null = left { return try value(of: rightExpression, input: input, scope: scope) }
      return left
    default:
      break
    }
    return try apply(op, left, try value(of: rightExpression, input: input, scope: scope), span: span)
  }

  /// A binary operator other than `&&`, `||` and `??` on the values of its two sides.
  @inline(__always)
  func apply(_ op: BinaryOperator, _ left: JSONValue, _ right: JSONValue, span: SourceSpan) throws -> JSONValue {
    switch op {
    case .add:
      if case .number(.int(let a)) = left, case .number(.int(let b)) = right {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if !overflow { return .number(.int(sum)) }
      }
      return try operate(span) { () throws(Operators.Failure) in try Operators.add(left, right) }
    case .subtract, .multiply, .divide, .remainder:
      return try operate(span) { () throws(Operators.Failure) in try Operators.arithmetic(op, left, right) }
    case .equal:
      return .bool(left == right)
    case .notEqual:
      return .bool(left != right)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      if case .number(.int(let a)) = left, case .number(.int(let b)) = right {
        switch op {
        case .less: return .bool(a < b)
        case .lessOrEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        default: return .bool(a >= b)
        }
      }
      return .bool(try operate(span) { () throws(Operators.Failure) in try Operators.compare(op, left, right) })
    case .and, .or, .coalesce:
      return left
    }
  }

  /// Runs an operator, turning its failure into a located runtime error.
  func operate<T>(_ span: SourceSpan, _ body: () throws(Operators.Failure) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw LanguageError(.runtime, error.message, hint: error.hint, source: source, span: span)
    }
  }

  /// What `$` means: the value piped in, else (in the REPL) the last result.
  private func pipedValue(_ input: JSONValue?, span: SourceSpan) throws -> JSONValue {
    if let value = input ?? stageInput ?? lastResult { return value }
    throw LanguageError(
      .runtime, "'$' has no value here", hint: "'$' is the value piped in: value | $.field",
      source: source, span: span)
  }

  /// A path: a singular one yields its value or null; any other the array of what it selects.
  private func evaluatePath(_ root: PathRoot, _ path: ValuePath, span: SourceSpan, input: JSONValue?, scope: Scope) throws
    -> JSONValue
  {
    let base: JSONValue
    switch root {
    case .input:
      base = try pipedValue(input, span: span)
    case .variable(let variable):
      guard let value = scope.lookup(variable.id) else { throw undefinedVariable(variable, span: span, scope: scope) }
      base = value
    case .current:
      base = try currentElement(span: span)
    case .value(let expression):
      base = try value(of: expression, input: input, scope: scope)
    }
    var results = [base]
    for part in path.parts {
      switch part {
      case .segments(let query):
        results = try results.flatMap { try select(query, in: $0, span: span, scope: scope) }
      case .computed(let expression, let selectorSpan):
        let key = try value(of: expression, input: input, scope: scope)
        results = try results.compactMap { try select(key, in: $0, span: selectorSpan) }
      }
    }
    guard path.isSingular else { return .array(results) }
    if let found = results.first { return found }
    if warnsAboutPathCase, let query = path.query {
      let written = source.text(of: span)
      if let meant = PathCaseHint.suggestion(for: query.query, in: base, written: written) {
        host.writeError("warning: \(written) matches nothing; did you mean \(meant)?\n")
      }
    }
    return .null
  }

  /// What an RFC 9535 query selects in `value`; its filters read the program's variables.
  private func select(_ query: JSONPath, in value: JSONValue, span: SourceSpan, scope: Scope) throws -> [JSONValue] {
    let symbols = self.symbols
    // A filter's `$name` that was never set is an error, as anywhere else, not a silent mismatch.
    for name in query.variables where scope.lookup(symbols.id(for: name)) == nil {
      throw undefinedVariable(symbols.variable(name), span: source.span(of: "$" + name, in: span) ?? span, scope: scope)
    }
    return query.select(in: value) { name in scope.lookup(symbols.id(for: name)) }
  }

  /// A computed selector: a string selects a member, a whole number an element (negative from
  /// the end); nothing when there is none.
  func select(_ key: JSONValue, in value: JSONValue, span: SourceSpan) throws -> JSONValue? {
    switch key {
    case .string(let name):
      return value.objectValue?[name]
    case .number(let number):
      guard let index = number.intValue, number.isWhole else { fallthrough }
      guard case .array(let elements) = value else { return nil }
      let position = index < 0 ? elements.count + index : index
      return elements.indices.contains(position) ? elements[position] : nil
    default:
      throw LanguageError(
        .runtime, "a computed selector must be a string or a whole number, not \(Operators.describe(key))",
        hint: "[$name] selects the member named by $name, [$i] the element at $i", source: source, span: span)
    }
  }

  /// `@`: the element an element-wise builtin's last argument is evaluated for.
  func currentElement(span: SourceSpan) throws -> JSONValue {
    guard let element else {
      throw LanguageError(
        .runtime, "'@' has no element here", hint: "@ is the element of map, select, sort_by, … and of filters",
        source: source, span: span)
    }
    return element
  }

  static func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1 {
      let milliseconds = (seconds * 10_000).rounded() / 10
      return "\(milliseconds) ms"
    }
    return "\((seconds * 1000).rounded() / 1000) s"
  }
}
