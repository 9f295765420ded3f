/// Assignments: to a variable, below it (`$a.b[0] = v`), and appends that grow in place.
extension Interpreter {
  func assign(_ value: JSONValue, to target: AssignmentTarget, in scope: Scope, span: SourceSpan) throws {
    guard !target.steps.isEmpty else {
      guard scope.assign(target.variable.id, value) else { throw sharedVariable(target.variable, statement: span) }
      return
    }
    guard let slot = scope.locate(target.variable.id) else {
      throw undefinedVariable(target.variable, span: span, scope: scope)
    }
    guard !slot.scope.isShared else { throw sharedVariable(target.variable, statement: span) }
    var root = slot.scope.value(at: slot.index)
    slot.scope.put(slot.index, .null)
    do {
      try AssignmentPath.set(value, at: target.steps[...], in: &root)
      slot.scope.put(slot.index, root)
    } catch {
      slot.scope.put(slot.index, root)
      throw LanguageError(.runtime, error.message, source: source, span: span)
    }
  }

  /// `$x = $x + v` without copying `$x`: the value leaves its slot while it grows, so strings and
  /// arrays built in a loop take linear time.
  func appendInPlace(to variable: Variable, _ addend: JSONValue, in scope: Scope, span: SourceSpan, statement: SourceSpan)
    throws
  {
    guard let slot = scope.locate(variable.id) else { throw undefinedVariable(variable, span: span, scope: scope) }
    guard !slot.scope.isShared else { throw sharedVariable(variable, statement: statement) }
    if slot.scope.append(addend, toSlot: slot.index) { return }
    let current = slot.scope.value(at: slot.index)
    let sum = try operate(span) { () throws(Operators.Failure) in try Operators.add(current, addend) }
    slot.scope.put(slot.index, sum)
  }
}

/// Writing below a variable: `$a.b[0] = v`.
enum AssignmentPath {
  struct Failure: Error { var message: String }

  static func set(_ value: JSONValue, at steps: ArraySlice<AssignmentStep>, in root: inout JSONValue) throws(Failure) {
    guard let step = steps.first else {
      root = value
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
      var child = object[key] ?? .null
      object[key] = .null
      try set(value, at: steps.dropFirst(), in: &child)
      object[key] = child
      root = .object(object)
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
      try set(value, at: steps.dropFirst(), in: &child)
      elements[position] = child
      root = .array(elements)
    }
  }
}
