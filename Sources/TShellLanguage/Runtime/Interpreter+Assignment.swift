/// Assignments: to a variable, below it (`$a.b[0] = v`), and appends that grow in place.
extension Interpreter {
  func assign(_ value: JSONValue, to target: AssignmentTarget, in scope: Scope, span: SourceSpan) throws {
    guard !target.steps.isEmpty else {
      guard scope.assign(target.variable.id, value) else { throw sharedVariable(target.variable, statement: span) }
      return
    }
    try checkDepth(value, placedAt: target.steps.count, span: span)
    try modify(target, in: scope, span: span) { $0 = value }
  }

  /// `$x = $x + v` and `$x.a[0] = $x.a[0] + v` without copying what grows: the value leaves its
  /// place while it grows, so strings and arrays built in a loop take linear time.
  func appendInPlace(to target: AssignmentTarget, _ addend: JSONValue, in scope: Scope, span: SourceSpan, statement: SourceSpan)
    throws
  {
    guard !target.steps.isEmpty else {
      try appendInPlace(to: target.variable, addend, in: scope, span: span, statement: statement)
      return
    }
    try checkDepth(addend, placedAt: target.steps.count, span: span)
    if target.steps.count == 1, case .name(let key) = target.steps[0] {
      switch scope.appendInPlace(target.variable.id, member: key, addend) {
      case .appended?, .combined?: return
      case .undefined?: throw undefinedVariable(target.variable, span: statement, scope: scope)
      case .shared?: throw sharedVariable(target.variable, statement: statement)
      case nil: break
      }
    }
    try modify(target, in: scope, span: statement) { node in
      try self.operate(span) { () throws(Operators.Failure) in try Operators.append(addend, to: &node) }
    }
  }

  /// `$x = $x + v` for the variable itself: the hot path of loops that count or collect.
  @inline(__always)
  func appendInPlace(to variable: Variable, _ addend: JSONValue, in scope: Scope, span: SourceSpan, statement: SourceSpan)
    throws
  {
    let outcome = try scope.appendInPlace(variable.id, addend) { current in
      try operate(span) { () throws(Operators.Failure) in try Operators.add(current, addend) }
    }
    switch outcome {
    case .appended, .combined: return
    case .undefined: throw undefinedVariable(variable, span: span, scope: scope)
    case .shared: throw sharedVariable(variable, statement: statement)
    }
  }

  /// Runs `body` on the value at `target`, moved out of its variable meanwhile so that nothing
  /// else holds it (no copy on write).
  private func modify(
    _ target: AssignmentTarget, in scope: Scope, span: SourceSpan, _ body: (inout JSONValue) throws -> Void
  ) throws {
    guard let slot = scope.locate(target.variable.id) else {
      throw undefinedVariable(target.variable, span: span, scope: scope)
    }
    guard !slot.scope.isShared else { throw sharedVariable(target.variable, statement: span) }
    let steps =
      try target.steps.allSatisfy(\.isResolved)
      ? target.steps
      : target.steps.map { step -> AssignmentStep in
        guard case .computed(let expression, let selectorSpan) = step else { return step }
        let key = try value(of: expression, input: nil, scope: scope)
        if case .string(let name) = key { return .name(name) }
        if case .number(let number) = key, number.isWhole, let index = number.intValue { return .index(index) }
        throw LanguageError(
          .runtime, "a computed selector must be a string or a whole number, not \(Operators.describe(key))",
          source: source, span: selectorSpan)
      }
    var root = slot.scope.value(at: slot.index)
    slot.scope.put(slot.index, .null)
    defer { slot.scope.put(slot.index, root) }
    do {
      try AssignmentPath.modify(at: steps[...], in: &root, body)
    } catch let failure as AssignmentPath.Failure {
      throw LanguageError(.runtime, failure.message, source: source, span: span)
    }
  }

  /// Whether `expression` reads the place `target` writes (`$x`, `$x.a[0]` for `$x.a[0] = …`).
  static func reads(_ expression: Expression, sameAs target: AssignmentTarget) -> Bool {
    switch expression {
    case .variable(let variable, _):
      return target.steps.isEmpty && variable.id == target.variable.id
    case .path(.variable(let variable), let path, _):
      guard variable.id == target.variable.id, let query = path.query, query.query.segments.count == target.steps.count
      else { return false }
      for (segment, step) in zip(query.query.segments, target.steps) {
        guard !segment.isDescendant, segment.selectors.count == 1 else { return false }
        switch (segment.selectors[0], step) {
        case (.name(let name), .name(let written)) where name.string == written: continue
        case (.index(let index), .index(let written)) where index == written: continue
        default: return false
        }
      }
      return true
    default:
      return false
    }
  }
}

/// Writing below a variable: `$a.b[0] = v`.
enum AssignmentPath {
  struct Failure: Error { var message: String }

  /// Runs `body` on the value at `steps` below `root`, creating objects and arrays on the way
  /// where there is null. Each child leaves its container while the body runs, so that the
  /// body holds the only reference to it.
  static func modify(
    at steps: ArraySlice<AssignmentStep>, in root: inout JSONValue, _ body: (inout JSONValue) throws -> Void
  ) throws {
    guard let step = steps.first else {
      try body(&root)
      return
    }
    switch step {
    case .name(let key):
      var object: JSONObject
      switch root {
      case .object(let existing): object = existing
      case .null: object = JSONObject()
      default: throw Failure(message: "cannot set member '\(key)' of \(Operators.describe(root))")
      }
      root = .null
      let position = object.position(of: key)
      var child = position.map { object.exchange(.null, at: $0) } ?? .null
      defer {
        if let position { _ = object.exchange(child, at: position) } else { object[key] = child }
        root = .object(object)
      }
      try modify(at: steps.dropFirst(), in: &child, body)
    case .index(let index):
      var elements: [JSONValue]
      switch root {
      case .array(let existing): elements = existing
      case .null: elements = []
      default: throw Failure(message: "cannot set element [\(index)] of \(Operators.describe(root))")
      }
      let position = index < 0 ? elements.count + index : index
      guard position >= 0 && position <= elements.count else {
        throw Failure(message: "index \(index) is out of range for an array of \(elements.count)")
      }
      root = .null
      if position == elements.count { elements.append(.null) }
      var child = elements[position]
      elements[position] = .null
      defer {
        elements[position] = child
        root = .array(elements)
      }
      try modify(at: steps.dropFirst(), in: &child, body)
    case .computed:
      // The interpreter resolves computed steps to names and indices first.
      throw Failure(message: "a computed selector was not resolved")
    }
  }
}
