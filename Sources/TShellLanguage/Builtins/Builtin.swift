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
  /// `text`, `numbers`, `collections`, `time`, `files`, `processes`, `data`, `control`: where
  /// `help` lists it.
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
  /// Whether the last argument is an expression evaluated once per element, with `@` bound to
  /// it (`map(list, @.name)`): it reaches `run` as `BuiltinContext.each`, not as an argument.
  var elementWise = false
  /// Whether the value nests what it is given a level deeper (`chunks`, `zip`): it is checked
  /// against the depth values may have.
  var nests = false
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
  /// The name of the builtin, for messages.
  var name = ""
  /// An element-wise builtin's expression, evaluated for one element.
  var each: ((JSONValue) throws -> JSONValue)?

  var host: LanguageHost { interpreter.host }

  func fail(_ message: String, hint: String? = nil) -> LanguageError {
    LanguageError(.runtime, message, hint: hint, source: interpreter.source, span: span)
  }

  /// The error for an argument of the wrong kind: it names the builtin, the argument and the
  /// kind it got (`type()`'s name).
  func wrongKind(_ index: Int, _ what: String, expected: String) -> LanguageError {
    fail("\(possessive) \(what) must be \(expected), got \(BuiltinContext.describe(arguments[index]))")
  }

  /// The builtin's name as an owner: `trim's`, `lines'`.
  var possessive: String { name.hasSuffix("s") ? name + "'" : name + "'s" }

  /// A value as messages name it: its kind and a short text (`string "abc"`, `null`).
  static func describe(_ value: JSONValue) -> String {
    value == .null ? "null" : "\(value.kind.description) \(Operators.shortText(value))"
  }

  func string(_ index: Int, _ what: String) throws -> String {
    guard case .string(let text) = arguments[index] else { throw wrongKind(index, what, expected: "a string") }
    return text
  }

  func array(_ index: Int, _ what: String) throws -> [JSONValue] {
    guard case .array(let elements) = arguments[index] else { throw wrongKind(index, what, expected: "an array") }
    return elements
  }

  func object(_ index: Int, _ what: String) throws -> JSONObject {
    guard case .object(let object) = arguments[index] else { throw wrongKind(index, what, expected: "an object") }
    return object
  }

  func number(_ index: Int, _ what: String) throws -> Double {
    switch arguments[index] {
    case .number(let number): return number.doubleValue
    case .string(let text): if let number = JSONNumber(text) { return number.doubleValue }
    default: break
    }
    throw wrongKind(index, what, expected: "a number")
  }

  /// A whole number argument that fits in 64 bits.
  func integer(_ index: Int, _ what: String) throws -> Int {
    guard case .number(let number) = arguments[index], number.isWhole, let value = number.intValue else {
      throw wrongKind(index, what, expected: "a whole number")
    }
    return value
  }

  /// The optional argument at `index`, when given.
  func optional(_ index: Int) -> JSONValue? {
    index < arguments.count ? arguments[index] : nil
  }

  /// The element-wise expression's value for `element`.
  func evaluate(_ element: JSONValue) throws -> JSONValue {
    guard let each else { throw fail("\(name) needs an expression of @") }
    return try each(element)
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
    let all =
      BuiltinRegistry.data + BuiltinRegistry.text + BuiltinRegistry.numbers + BuiltinRegistry.collections
      + BuiltinRegistry.elementWise + BuiltinRegistry.time + BuiltinRegistry.encoding + BuiltinRegistry.files
      + BuiltinRegistry.csv + BuiltinRegistry.processes + BuiltinRegistry.system
    for builtin in all { table[builtin.name] = builtin }
  }

  subscript(name: String) -> Builtin? { table[name] }

  var names: [String] { table.keys.sorted() }

  var all: [Builtin] { table.values.sorted { $0.name < $1.name } }
}
