import TShellJSON

/// Builtins on values: sizes, collections and JSON.
extension BuiltinRegistry {
  static let data: [Builtin] = [
    Builtin(
      name: "length", group: "collections",
      summary: "the number of characters of a string, elements of an array or members of an object",
      usage: "length(value)", example: "[\"ann-laptop\", \"ann-phone\"] | length", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .string(let text): return .int(text.unicodeScalars.count)
      case .array(let elements): return .int(elements.count)
      case .object(let object): return .int(object.count)
      case .null: return .int(0)
      default: throw context.wrongKind(0, "value", expected: "a string, array or object")
      }
    },
    Builtin(
      name: "keys", group: "collections", summary: "the keys of an object (or the indices of an array)",
      usage: "keys(object)", example: "{tier: \"free\", keys: 5} | keys", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .object(let object): return .array(object.keys.map(JSONValue.string))
      case .array(let elements): return .array(elements.indices.map(JSONValue.int))
      default: throw context.wrongKind(0, "value", expected: "an object or array")
      }
    },
    Builtin(
      name: "values", group: "collections", summary: "the member values of an object (an array as it is)",
      usage: "values(object)", example: "{tier: \"free\", keys: 5} | values", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .object(let object): return .array(object.values)
      case .array(let elements): return .array(elements)
      default: throw context.wrongKind(0, "value", expected: "an object or array")
      }
    },
    Builtin(
      name: "sort", group: "collections", summary: "an array sorted: null, false, true, numbers, strings, arrays, objects",
      usage: "sort(array)", example: "[3, 1, 2] | sort", arity: 1...1, input: .firstArgument
    ) { context in
      .array(try context.array(0, "list").sorted(by: ValueOrder.precedes))
    },
    Builtin(
      name: "unique", group: "collections", summary: "an array without repeated elements, first occurrences kept in order",
      usage: "unique(array)", example: "[1, 2, 1] | unique", arity: 1...1, input: .firstArgument
    ) { context in
      var seen: Set<JSONValue> = []
      return .array(try context.array(0, "list").filter { seen.insert($0).inserted })
    },
    Builtin(
      name: "first", group: "collections", summary: "the first element of an array, or null when it is empty",
      usage: "first(array)", example: "[\"ann-laptop\", \"ann-phone\"] | first", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "list").first ?? .null
    },
    Builtin(
      name: "last", group: "collections", summary: "the last element of an array, or null when it is empty",
      usage: "last(array)", example: "[1, 2, 3] | last", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "list").last ?? .null
    },
    Builtin(
      name: "json", group: "data", summary: "the value of a JSON text",
      usage: "json(text)", example: "'{\"tier\": \"free\"}' | json", arity: 1...1, input: .firstArgument
    ) { context in
      let text = try context.string(0, "text")
      do {
        return try JSONValue(parsing: text)
      } catch let error as JSONParseError {
        throw context.fail("invalid JSON at \(error.line):\(error.column): \(error.message)")
      }
    },
    Builtin(
      name: "string", group: "data", summary: "a value as text: strings as they are, the rest as compact JSON",
      usage: "string(value)", example: "string(42) + \" keys\"", arity: 1...1, input: .firstArgument
    ) { context in
      .string(Operators.text(context.arguments[0]))
    },
    Builtin(
      name: "type", group: "data", summary: "the kind of a value: null, boolean, number, string, array or object",
      usage: "type(value)", example: "type([1])", arity: 1...1, input: .firstArgument
    ) { context in
      .string(context.arguments[0].kind.description)
    },
    Builtin(
      name: "range", group: "collections", summary: "whole numbers from start up to (not including) end",
      usage: "range(end), range(start, end) or range(start, end, step)", example: "range(1, 7, 2)",
      arity: 1...3, input: .none
    ) { context in
      let range = try context.interpreter.integerRange(context.arguments, span: context.span)
      guard range.count <= 10_000_000 else {
        throw context.fail(
          "range of \(range.count) numbers is too large to hold as a value (at most 10000000)",
          hint: "for $i in range(…) loops over a range of any size without holding it")
      }
      return .array((0..<range.count).map { .int(range.element($0)) })
    },
    Builtin(
      name: "echo", group: "control",
      summary: "prints its words separated by spaces (strings without quotes); --stderr writes them to stderr, unbuffered",
      usage: "echo WORDS… [--no-newline] [--stderr]", example: "echo \"made ${length([1, 2])} keys\"", arity: 0...Int.max,
      input: .whenNoArguments, booleanFlags: ["no-newline", "stderr"]
    ) { context in
      let line = context.arguments.map(Operators.shownText).joined(separator: " ")
      let text = context.flag("no-newline") ? line : line + "\n"
      if context.flag("stderr") { context.host.writeError(text) } else { context.host.writeOutput(text) }
      return nil
    },
  ]
}
