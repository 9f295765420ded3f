import TShellJSON

/// Builtins on values: sizes, collections, text and JSON.
extension BuiltinRegistry {
  static let data: [Builtin] = [
    Builtin(
      name: "length", group: "data",
      summary: "the number of characters of a string, elements of an array or members of an object",
      usage: "length(value)", example: "$keys.key_names | length", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .string(let text): return .int(text.unicodeScalars.count)
      case .array(let elements): return .int(elements.count)
      case .object(let object): return .int(object.count)
      case .null: return .int(0)
      case let other: throw context.fail("length needs a string, array or object, not \(Operators.describe(other))")
      }
    },
    Builtin(
      name: "keys", group: "data", summary: "the keys of an object (or the indices of an array)",
      usage: "keys(object)", example: "{tier: \"free\", keys: 5} | keys", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .object(let object): return .array(object.keys.map(JSONValue.string))
      case .array(let elements): return .array(elements.indices.map(JSONValue.int))
      case let other: throw context.fail("keys needs an object or array, not \(Operators.describe(other))")
      }
    },
    Builtin(
      name: "values", group: "data", summary: "the member values of an object (an array as it is)",
      usage: "values(object)", example: "{tier: \"free\", keys: 5} | values", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .object(let object): return .array(object.values)
      case .array(let elements): return .array(elements)
      case let other: throw context.fail("values needs an object or array, not \(Operators.describe(other))")
      }
    },
    Builtin(
      name: "sort", group: "data", summary: "an array sorted: null, false, true, numbers, strings, arrays, objects",
      usage: "sort(array)", example: "[3, 1, 2] | sort", arity: 1...1, input: .firstArgument
    ) { context in
      .array(try context.array(0, "sort's argument").sorted(by: ValueOrder.precedes))
    },
    Builtin(
      name: "unique", group: "data", summary: "an array without repeated elements, first occurrences kept in order",
      usage: "unique(array)", example: "[1, 2, 1] | unique", arity: 1...1, input: .firstArgument
    ) { context in
      var seen: Set<JSONValue> = []
      return .array(try context.array(0, "unique's argument").filter { seen.insert($0).inserted })
    },
    Builtin(
      name: "first", group: "data", summary: "the first element of an array, or null when it is empty",
      usage: "first(array)", example: "$keys.key_names | first", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "first's argument").first ?? .null
    },
    Builtin(
      name: "last", group: "data", summary: "the last element of an array, or null when it is empty",
      usage: "last(array)", example: "[1, 2, 3] | last", arity: 1...1, input: .firstArgument
    ) { context in
      try context.array(0, "last's argument").last ?? .null
    },
    Builtin(
      name: "join", group: "data", summary: "the elements of an array as one string, separated (by a space unless given)",
      usage: "join(array, separator)", example: "$words | join(\" \")", arity: 1...2, input: .firstArgument
    ) { context in
      let separator = context.arguments.count > 1 ? try context.string(1, "join's separator") : " "
      return .string(try context.array(0, "join's first argument").map(Operators.text).joined(separator: separator))
    },
    Builtin(
      name: "split", group: "data", summary: "a string cut at each separator into an array of strings",
      usage: "split(string, separator)", example: "\"a,b,c\" | split(\",\")", arity: 2...2, input: .firstArgument
    ) { context in
      let text = try context.string(0, "split's first argument")
      let separator = try context.string(1, "split's separator")
      return .array(TextScalars.split(text, by: separator).map(JSONValue.string))
    },
    Builtin(
      name: "json", group: "data", summary: "the value of a JSON text",
      usage: "json(text)", example: "read(\"account.json\") | json", arity: 1...1, input: .firstArgument
    ) { context in
      let text = try context.string(0, "json's argument")
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
      name: "range", group: "data", summary: "whole numbers from start up to (not including) end",
      usage: "range(end), range(start, end) or range(start, end, step)", example: "for $i in range(1, 4) { echo $i }",
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
      name: "echo", group: "data",
      summary: "prints its words separated by spaces (strings without quotes); --stderr writes them to stderr, unbuffered",
      usage: "echo WORDS… [--no-newline] [--stderr]", example: "echo \"tier ${u.Tier}\"", arity: 0...Int.max,
      input: .whenNoArguments, booleanFlags: ["no-newline", "stderr"]
    ) { context in
      let line = context.arguments.map(Operators.text).joined(separator: " ")
      let text = context.flag("no-newline") ? line : line + "\n"
      if context.flag("stderr") { context.host.writeError(text) } else { context.host.writeOutput(text) }
      return nil
    },
  ]
}
