/// `for` loops: over arrays, objects (as `{key, value}` pairs) and ranges, with progress.
extension Interpreter {
  /// Runs a `for` loop; with `collected` not nil, also gathers each iteration's value there (the
  /// loop used as a value).
  func executeFor(
    _ variable: Variable, _ sequence: Expression, _ body: Block, parallel: Expression?,
    span: SourceSpan, in scope: Scope, collecting collected: inout [JSONValue]?
  ) throws -> Completion {
    let elements = try loopSequence(sequence, in: scope)
    if let parallel {
      let width = try value(of: parallel, input: nil, scope: scope)
      guard case .number(let number) = width, let count = number.intValue, count >= 1 else {
        throw LanguageError(
          .runtime, "--parallel needs a whole number of at least 1, not \(Operators.describe(width))",
          source: source, span: parallel.span)
      }
      return try executeParallel(
        variable, elements, width: min(count, Interpreter.maximumParallelWidth), body: body, scope: scope, span: span,
        collecting: &collected)
    }
    let bodyScope = Scope(parent: scope)
    // A body that runs more than once is compiled first (not for a loop used as a value).
    let compiledBody = collected == nil && elements.count > 1 ? compile(body) : nil
    func iterate(_ element: JSONValue) throws -> Completion? {
      try cancellation.check()
      bodyScope.beginIteration(variable.id, element)
      let completion: Completion
      if let compiledBody {
        completion = try compiledBody(bodyScope)
      } else if collected == nil {
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
    let progress = LoopProgress(host: host, total: elements.count)
    defer { progress?.finish() }
    for index in 0..<elements.count {
      if let completion = try iterate(elements.element(index)) { return completion }
      progress?.advance(to: index + 1)
    }
    return .normal
  }

  /// The most bodies of a `for --parallel` loop that run at once, whatever N asks for.
  public static let maximumParallelWidth = 64

  /// What `for` iterates: a `range(…)` without holding its numbers, an array's elements, an
  /// object's members as `{key, value}`, nothing for null.
  func loopSequence(_ sequence: Expression, in scope: Scope) throws -> LoopSequence {
    if case .call("range", let arguments, let span) = sequence, functions["range"] == nil {
      let bounds = try arguments.map { try self.value(of: $0, input: nil, scope: scope) }
      return .range(try integerRange(bounds, span: span))
    }
    let value = try value(of: sequence, input: nil, scope: scope)
    switch value {
    case .array(let elements): return .elements(elements)
    case .object(let object): return .members(object)
    case .null: return .elements([])
    default:
      throw LanguageError(
        .runtime, "cannot iterate over \(Operators.describe(value))",
        hint: "for loops over arrays, objects ({key, value} pairs) and range(a, b)", source: source, span: sequence.span)
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
