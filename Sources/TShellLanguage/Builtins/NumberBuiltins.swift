import TShellJSON

/// Builtins on numbers. Integers stay exact while they fit in 64 bits, as in arithmetic.
extension BuiltinRegistry {
  static let numbers: [Builtin] = [
    Builtin(
      name: "floor", group: "numbers", summary: "the greatest whole number not above x", usage: "floor(x)",
      example: "floor(2.7)", arity: 1...1, input: .firstArgument
    ) { context in try rounded(context, .down) },
    Builtin(
      name: "ceil", group: "numbers", summary: "the least whole number not below x", usage: "ceil(x)",
      example: "ceil(2.1)", arity: 1...1, input: .firstArgument
    ) { context in try rounded(context, .up) },
    Builtin(
      name: "round", group: "numbers",
      summary: "x rounded half away from zero, to a number of decimal digits (negative: tens, hundreds…)",
      usage: "round(x[, digits])", example: "round(2.345, 2)", arity: 1...2, input: .firstArgument
    ) { context in
      guard context.arguments.count > 1 else { return try rounded(context, .toNearestOrAwayFromZero) }
      let digits = try context.integer(1, "digits")
      guard case .number(let number) = context.arguments[0] else { throw context.wrongKind(0, "number", expected: "a number") }
      guard abs(digits) <= 300 else { throw context.fail("round's digits must be from -300 to 300, not \(digits)") }
      // Through the decimal text, so that 2.345 rounds as written, not as its nearest double.
      let scaled = JSONNumber("\(number)e\(digits)")?.doubleValue ?? number.doubleValue
      let whole = scaled.rounded(.toNearestOrAwayFromZero)
      let result = JSONNumber("\(whole)e\(-digits)")?.doubleValue ?? whole / pow10(digits)
      return .double(result)
    },
    Builtin(
      name: "abs", group: "numbers", summary: "the magnitude of x", usage: "abs(x)", example: "abs(-3)", arity: 1...1,
      input: .firstArgument
    ) { context in
      guard case .number(let number) = context.arguments[0] else { throw context.wrongKind(0, "number", expected: "a number") }
      if case .int(let value) = number, value != Int.min { return .int(abs(value)) }
      return .double(abs(number.doubleValue))
    },
    Builtin(
      name: "min", group: "numbers", summary: "the least element of a list (as sort orders), null for []", usage: "min(list)",
      example: "[3, 1, 2] | min", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "list").min(by: ValueOrder.precedes) ?? .null
    },
    Builtin(
      name: "max", group: "numbers", summary: "the greatest element of a list (as sort orders), null for []",
      usage: "max(list)", example: "[3, 1, 2] | max", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "list").max(by: ValueOrder.precedes) ?? .null
    },
    Builtin(
      name: "sum", group: "numbers", summary: "the sum of a list of numbers (exact for integers), 0 for []",
      usage: "sum(list)", example: "[1, 2, 3.5] | sum", arity: 1...1, input: .firstArgument
    ) { context in
      var total = JSONValue.int(0)
      for element in try context.array(0, "list") {
        guard case .number = element else {
          throw context.fail("sum's list must hold numbers, got \(BuiltinContext.describe(element))")
        }
        total = try context.interpreter.operate(context.span) { () throws(Operators.Failure) in try Operators.add(total, element)
        }
      }
      return total
    },
    Builtin(
      name: "random_int", group: "numbers", summary: "a random whole number from a up to (not including) b",
      usage: "random_int(a, b)", example: "random_int(1, 7) < 7", arity: 2...2, input: .none
    ) { context in
      let low = try context.integer(0, "low bound")
      let high = try context.integer(1, "high bound")
      guard low < high else { throw context.fail("random_int needs a < b, got \(low) and \(high)") }
      let span = UInt64(bitPattern: Int64(high &- low))
      // Rejection sampling over 64 random bits: every number of the range equally likely.
      let limit = UInt64.max - UInt64.max % span
      while true {
        let bytes = try context.host.randomBytes(8)
        let draw = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if draw < limit { return .int(low &+ Int(truncatingIfNeeded: draw % span)) }
      }
    },
  ]

  /// x rounded to a whole number by `rule`: an integer when it fits.
  private static func rounded(_ context: BuiltinContext, _ rule: FloatingPointRoundingRule) throws -> JSONValue {
    guard case .number(let number) = context.arguments[0] else { throw context.wrongKind(0, "number", expected: "a number") }
    if case .int = number { return .number(number) }
    let value = number.doubleValue.rounded(rule)
    if let whole = JSONNumber(value), whole.intValue != nil { return .number(whole) }
    return .double(value)
  }

  private static func pow10(_ digits: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(digits) { result *= 10 }
    return digits < 0 ? 1 / result : result
  }
}
