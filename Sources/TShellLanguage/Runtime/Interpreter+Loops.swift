/// `for` loops: over arrays, objects (as `{key, value}` pairs) and ranges, with progress.
extension Interpreter {
  /// Runs a `for` loop; with `collected` not nil, also gathers each iteration's value there (the
  /// loop used as a value).
  func executeFor(
    _ variable: Variable, _ sequence: Expression, _ body: Block, parallel: Expression?,
    span: SourceSpan, in scope: Scope, collecting collected: inout [JSONValue]?
  ) throws -> Completion {
    let bodyScope = Scope(parent: scope)
    func iterate(_ element: JSONValue) throws -> Completion? {
      try cancellation.check()
      bodyScope.clear()
      bodyScope.define(variable.id, element)
      let completion: Completion
      if collected == nil {
        completion = try execute(body, in: bodyScope)
      } else {
        let (ended, value) = try executeValue(body, in: bodyScope)
        if case .normal = ended, let value { collected?.append(value) }
        completion = ended
      }
      switch completion {
      case .breakLoop: return .normal
      case .returned(let value): return .returned(value)
      case .normal, .continueLoop: return nil
      }
    }
    if parallel == nil, case .call("range", let arguments, let callSpan) = sequence, functions["range"] == nil {
      let bounds = try rangeBounds(arguments.map { try value(of: $0, input: nil, scope: scope) }, span: callSpan)
      let total = max(0, (bounds.end - bounds.start + bounds.step - bounds.step.signum()) / bounds.step)
      let progress = LoopProgress(host: host, total: total)
      defer { progress?.finish() }
      var completed = 0
      for number in stride(from: bounds.start, to: bounds.end, by: bounds.step) {
        if let completion = try iterate(.number(.int(number))) { return completion }
        completed += 1
        progress?.advance(to: completed)
      }
      return .normal
    }
    let elements = try loopElements(try value(of: sequence, input: nil, scope: scope), span: sequence.span)
    if let parallel {
      let width = try value(of: parallel, input: nil, scope: scope)
      guard case .number(let number) = width, let count = number.intValue, count >= 1 else {
        throw LanguageError(
          .runtime, "--parallel needs a whole number of at least 1, not \(Operators.describe(width))",
          source: source, span: parallel.span)
      }
      return try executeParallel(
        variable, elements, width: min(count, 64), body: body, scope: scope, span: span, collecting: &collected)
    }
    let progress = LoopProgress(host: host, total: elements.count)
    defer { progress?.finish() }
    for (index, element) in elements.enumerated() {
      if let completion = try iterate(element) { return completion }
      progress?.advance(to: index + 1)
    }
    return .normal
  }

  /// What `for` iterates: an array's elements, an object's members as `{key, value}`, nothing for null.
  func loopElements(_ value: JSONValue, span: SourceSpan) throws -> [JSONValue] {
    switch value {
    case .array(let elements): return elements
    case .object(let object): return object.map { ["key": .string($0.key), "value": $0.value] }
    case .null: return []
    default:
      throw LanguageError(
        .runtime, "cannot iterate over \(Operators.describe(value))",
        hint: "for loops over arrays, objects ({key, value} pairs) and range(a, b)", source: source, span: span)
    }
  }
}

/// The progress a loop of `total` iterations reports to a host that shows it: nil for hosts that
/// do not and for loops of one iteration, so that a million-step loop pays nothing for it.
struct LoopProgress {
  let host: LanguageHost
  let total: Int
  let started: Double

  init?(host: LanguageHost, total: Int) {
    guard total > 1, host.reportsLoopProgress else { return nil }
    self.host = host
    self.total = total
    started = host.monotonicSeconds()
  }

  func advance(to completed: Int) {
    host.loopDidAdvance(completed: completed, total: total, elapsed: host.monotonicSeconds() - started)
  }

  func finish() { host.loopDidFinish() }
}
