/// A builtin command or function, with the help text `help NAME` prints.
struct Builtin: Sendable {
  /// How a piped value reaches the builtin.
  enum InputRule {
    /// Not at all.
    case none
    /// As the first argument, when fewer than the most arguments were given (`[3, 1] | sort`, `"a,b" | split(",")`).
    case firstArgument
    /// As the only argument, when none were given (`"hi" | echo`).
    case whenNoArguments
  }

  let name: String
  /// `data`, `files`, `control`: where `help` lists it.
  let group: String
  /// One line for `help`.
  let summary: String
  /// `join(array, separator)`.
  let usage: String
  let example: String
  let arity: ClosedRange<Int>
  let input: InputRule
  var valueFlags: Set<String> = []
  var booleanFlags: Set<String> = []
  let run: @Sendable (inout BuiltinContext) throws -> JSONValue?
}

extension Builtin {
  /// The arguments a call gives once a piped value has taken its place (`[3, 1] | sort`).
  func argumentCount(given count: Int, piped: Bool) -> Int {
    guard piped else { return count }
    switch input {
    case .firstArgument where count < arity.upperBound: return count + 1
    case .whenNoArguments where count == 0: return 1
    default: return count
    }
  }

  /// The usage error of a call with `count` arguments, when the builtin takes another number.
  func arityError(_ count: Int) -> LanguageError? {
    guard !arity.contains(count) else { return nil }
    let expected =
      arity.lowerBound == arity.upperBound
      ? "\(arity.lowerBound)"
      : (arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)")
    return LanguageError(
      .usage, "\(name) takes \(expected) argument\(expected == "1" ? "" : "s"), got \(count)", hint: "usage: \(usage)")
  }
}

/// The arguments of one builtin call, with helpers that check their types.
struct BuiltinContext {
  var arguments: [JSONValue]
  var flags: [String: JSONValue]
  let interpreter: Interpreter
  let span: SourceSpan

  var host: LanguageHost { interpreter.host }

  func fail(_ message: String, hint: String? = nil) -> LanguageError {
    LanguageError(.runtime, message, hint: hint, source: interpreter.source, span: span)
  }

  func string(_ index: Int, _ what: String) throws -> String {
    guard case .string(let text) = arguments[index] else {
      throw fail("\(what) must be a string, not \(Operators.describe(arguments[index]))")
    }
    return text
  }

  func array(_ index: Int, _ what: String) throws -> [JSONValue] {
    guard case .array(let elements) = arguments[index] else {
      throw fail("\(what) must be an array, not \(Operators.describe(arguments[index]))")
    }
    return elements
  }

  func number(_ index: Int, _ what: String) throws -> Double {
    switch arguments[index] {
    case .number(let number): return number.doubleValue
    case .string(let text): if let number = JSONNumber(text) { return number.doubleValue }
    default: break
    }
    throw fail("\(what) must be a number, not \(Operators.describe(arguments[index]))")
  }

  func flag(_ name: String) -> Bool {
    flags[name].map(Operators.isTruthy) ?? false
  }
}

/// The builtins by name.
struct BuiltinRegistry: Sendable {
  /// The registry every interpreter uses; Swift makes a static `let` once, on first use.
  static let standard = BuiltinRegistry()

  private var table: [String: Builtin] = [:]

  init() {
    for builtin in BuiltinRegistry.data + BuiltinRegistry.system { table[builtin.name] = builtin }
  }

  subscript(name: String) -> Builtin? { table[name] }

  var names: [String] { table.keys.sorted() }

  var all: [Builtin] { table.values.sorted { $0.name < $1.name } }
}
