import TShellJSON

/// The language's operators on JSON values: exact integer arithmetic while it fits, `+` on
/// strings, arrays and objects, and comparisons that refuse to mix types.
enum Operators {
  struct Failure: Error {
    var message: String
    var hint: String?
  }

  static func add(_ left: JSONValue, _ right: JSONValue) throws(Failure) -> JSONValue {
    switch (left, right) {
    case (.number(.int(let a)), .number(.int(let b))):
      let (sum, overflow) = a.addingReportingOverflow(b)
      return overflow ? .double(Double(a) + Double(b)) : .number(.int(sum))
    case (.number(let a), .number(let b)):
      return try finite(a.doubleValue + b.doubleValue, "+")
    case (.string(let a), .string(let b)):
      try checkSize(text: a.utf8.count + b.utf8.count)
      return .string(a + b)
    case (.array(let a), .array(let b)):
      try checkSize(elements: a.count + b.count)
      return .array(a + b)
    case (.object(var a), .object(let b)):
      for (key, value) in b { a[key] = value }
      return .object(a)
    default:
      throw mismatch(
        "+", left, right,
        hint: left.kind == .string || right.kind == .string
          ? "join text with interpolation: \"${a}${b}\", or convert with string(…)" : nil)
    }
  }

  /// `value = value + addend`, growing strings and arrays in place when `value` holds the only
  /// reference to them.
  static func append(_ addend: JSONValue, to value: inout JSONValue) throws(Failure) {
    // Bind the old value, then clear its place, so that the binding is the only reference (a
    // switch over a tuple of both would hold another).
    if case .string(let tail) = addend, case .string(var text) = value {
      try checkSize(text: text.utf8.count + tail.utf8.count)
      value = .null
      text.append(tail)
      value = .string(text)
    } else if case .array(let tail) = addend, case .array(var elements) = value {
      try checkSize(elements: elements.count + tail.count)
      value = .null
      elements.append(contentsOf: tail)
      value = .array(elements)
    } else {
      value = try add(value, addend)
    }
  }

  /// The largest string `+` makes (as `repeat`), and the most elements of an array it makes (as
  /// `range`): past them a doubling loop would exhaust memory and end tshell instead of failing.
  static let maximumTextBytes = 1 << 28
  static let maximumElements = 10_000_000

  private static func checkSize(text bytes: Int = 0, elements: Int = 0) throws(Failure) {
    if bytes > maximumTextBytes { throw Failure(message: "+ would make a string larger than 256 MB") }
    if elements > maximumElements {
      throw Failure(
        message: "+ would make an array of more than 10000000 elements", hint: "collect less, or write it out as you go")
    }
  }

  static func arithmetic(_ op: BinaryOperator, _ left: JSONValue, _ right: JSONValue) throws(Failure) -> JSONValue {
    guard case .number(let a) = left, case .number(let b) = right else { throw mismatch(op.rawValue, left, right) }
    if case .int(let x) = a, case .int(let y) = b {
      switch op {
      case .subtract:
        let (difference, overflow) = x.subtractingReportingOverflow(y)
        if !overflow { return .number(.int(difference)) }
      case .multiply:
        let (product, overflow) = x.multipliedReportingOverflow(by: y)
        if !overflow { return .number(.int(product)) }
      case .divide:
        guard y != 0 else { throw Failure(message: "division by zero") }
        // Int.min / -1 does not fit (and Int.min % -1 traps too): it is computed as a double.
        if !(x == Int.min && y == -1), x % y == 0 { return .number(.int(x / y)) }
      case .remainder:
        guard y != 0 else { throw Failure(message: "division by zero (in %)") }
        if !(x == Int.min && y == -1) { return .number(.int(x % y)) }
        return .number(.int(0))
      default:
        break
      }
    }
    let x = a.doubleValue
    let y = b.doubleValue
    switch op {
    case .subtract: return try finite(x - y, "-")
    case .multiply: return try finite(x * y, "*")
    case .divide:
      guard y != 0 else { throw Failure(message: "division by zero") }
      return try finite(x / y, "/")
    case .remainder:
      guard y != 0 else { throw Failure(message: "division by zero (in %)") }
      return try finite(x.truncatingRemainder(dividingBy: y), "%")
    default:
      throw Failure(message: "'\(op.rawValue)' is not arithmetic")
    }
  }

  static func negate(_ value: JSONValue) throws(Failure) -> JSONValue {
    switch value {
    case .number(.int(let x)) where x != Int.min: return .number(.int(-x))
    case .number(let number): return try finite(-number.doubleValue, "-")
    default: throw Failure(message: "cannot negate \(describe(value))")
    }
  }

  /// Orders two numbers or two strings (by code points); anything else is an error.
  static func compare(_ op: BinaryOperator, _ left: JSONValue, _ right: JSONValue) throws(Failure) -> Bool {
    let order: Int
    switch (left, right) {
    case (.number(let a), .number(let b)): order = JSONNumber.compare(a, b)
    case (.string(let a), .string(let b)):
      order = a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a.hasSameCodeUnits(as: b) ? 0 : 1)
    default: throw mismatch(op.rawValue, left, right, verb: "compare")
    }
    switch op {
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    default: return order >= 0
    }
  }

  /// `false` and `null` are falsy; everything else is truthy.
  @inline(__always)
  static func isTruthy(_ value: JSONValue) -> Bool {
    switch value {
    case .null, .bool(false): return false
    default: return true
    }
  }

  /// How a value reads inside a string or among `echo`'s words: strings as they are, the rest as compact JSON.
  static func text(_ value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    return JSONPrinter.string(value)
  }

  /// A short description for messages: `the string "abc"`, `an array of 3`, `null`.
  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return "the boolean \(flag)"
    case .number(let number): return "the number \(number)"
    case .string(let text): return "the string \"\(text.count > 24 ? String(text.prefix(24)) + "…" : text)\""
    case .array(let elements): return "an array of \(elements.count)"
    case .object(let object): return "an object of \(object.count) member\(object.count == 1 ? "" : "s")"
    }
  }

  /// How a value reads when printed for people (`echo`): as `text`, with `token` members masked.
  static func shownText(_ value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    return JSONPrinter.string(value, format: .shown)
  }

  /// A value as compact JSON, cut after 24 characters (`token` members masked).
  static func shortText(_ value: JSONValue) -> String {
    let text = JSONPrinter.string(value, format: .shown)
    return text.count > 24 ? String(text.prefix(24)) + "…" : text
  }

  private static func mismatch(
    _ op: String, _ left: JSONValue, _ right: JSONValue, verb: String = "apply",
    hint: String? = nil
  ) -> Failure {
    let message =
      verb == "compare"
      ? "cannot compare \(describe(left)) with \(describe(right)) using '\(op)'"
      : "cannot apply '\(op)' to \(describe(left)) and \(describe(right))"
    return Failure(message: message, hint: hint)
  }

  private static func finite(_ value: Double, _ op: String) throws(Failure) -> JSONValue {
    guard let number = JSONNumber(value) else { throw Failure(message: "'\(op)' overflowed: the result is not a finite number") }
    return .number(number)
  }
}

/// The order `sort` uses across types: null, false, true, numbers, strings, arrays, objects.
enum ValueOrder {
  static func precedes(_ a: JSONValue, _ b: JSONValue) -> Bool {
    let (rankA, rankB) = (rank(a), rank(b))
    if rankA != rankB { return rankA < rankB }
    switch (a, b) {
    case (.number(let x), .number(let y)): return JSONNumber.compare(x, y) < 0
    case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
    case (.array(let x), .array(let y)):
      for (p, q) in zip(x, y) where p != q { return precedes(p, q) }
      return x.count < y.count
    case (.object(let x), .object(let y)):
      // By members in key order, so that the order members were written in does not matter
      // (as for ==): keys first, then the values under them.
      let xs = x.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      let ys = y.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      for (p, q) in zip(xs, ys) where !p.key.hasSameCodeUnits(as: q.key) {
        return p.key.utf8.lexicographicallyPrecedes(q.key.utf8)
      }
      if xs.count != ys.count { return xs.count < ys.count }
      for (p, q) in zip(xs, ys) where p.value != q.value { return precedes(p.value, q.value) }
      return false
    default: return false
    }
  }

  /// The positions of `keys` in their order, equal keys in their first order (a stable sort that
  /// moves indices, not values). Keys that are all integers compare as integers.
  static func stableOrder(of keys: [JSONValue]) -> [Int] {
    var order = Array(keys.indices)
    var integers: [Int] = []
    integers.reserveCapacity(keys.count)
    for key in keys {
      guard case .number(.int(let value)) = key else { break }
      integers.append(value)
    }
    if integers.count == keys.count {
      integers.withUnsafeBufferPointer { ints in
        order.sort { ints[$0] != ints[$1] ? ints[$0] < ints[$1] : $0 < $1 }
      }
      return order
    }
    keys.withUnsafeBufferPointer { keys in
      order.sort { a, b in
        if precedes(keys[a], keys[b]) { return true }
        if precedes(keys[b], keys[a]) { return false }
        return a < b
      }
    }
    return order
  }

  private static func rank(_ value: JSONValue) -> Int {
    switch value {
    case .null: return 0
    case .bool(false): return 1
    case .bool(true): return 2
    case .number: return 3
    case .string: return 4
    case .array: return 5
    case .object: return 6
    }
  }
}
