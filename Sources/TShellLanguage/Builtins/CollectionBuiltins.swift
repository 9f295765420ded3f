/// Builtins that reshape arrays and objects.
extension BuiltinRegistry {
  static let collections: [Builtin] = [
    Builtin(
      name: "reverse", group: "collections", summary: "an array's elements (or a string's scalars) in reverse order",
      usage: "reverse(value)", example: "[1, 2, 3] | reverse", arity: 1...1, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .array(let elements): return .array(elements.reversed())
      case .string(let text): return .string(String(String.UnicodeScalarView(text.unicodeScalars.reversed())))
      default: throw context.wrongKind(0, "value", expected: "an array or a string")
      }
    },
    Builtin(
      name: "flatten", group: "collections", summary: "nested arrays' elements in one array (fully, or depth levels)",
      usage: "flatten(list[, depth])", example: "[1, [2, [3]]] | flatten(1)", arity: 1...2, input: .firstArgument
    ) { context in
      let depth = context.arguments.count > 1 ? try context.integer(1, "depth") : Int.max
      guard depth >= 0 else { throw context.fail("flatten's depth must be at least 0, not \(depth)") }
      var result: [JSONValue] = []
      // With a stack of its own: a deep list cannot exhaust the thread's.
      var pending: [(ArraySlice<JSONValue>, Int)] = [(try context.array(0, "list")[...], depth)]
      while var (elements, levels) = pending.popLast() {
        while let element = elements.popFirst() {
          if case .array(let inner) = element, levels > 0 {
            pending.append((elements, levels))
            (elements, levels) = (inner[...], levels - 1)
          } else {
            result.append(element)
          }
        }
      }
      return .array(result)
    },
    Builtin(
      name: "zip", group: "collections", summary: "pairs of the elements at the same positions (as long as the shorter)",
      usage: "zip(a, b)", example: "zip([\"a\", \"b\"], [1, 2])", arity: 2...2, input: .firstArgument, nests: true
    ) { context in
      .array(zip(try context.array(0, "first list"), try context.array(1, "second list")).map { .array([$0, $1]) })
    },
    Builtin(
      name: "entries", group: "collections", summary: "an object's members as [{key, value}], in order",
      usage: "entries(object)", example: "{a: 1, b: 2} | entries", arity: 1...1, input: .firstArgument, nests: true
    ) { context in
      .array(try context.object(0, "object").map { ["key": .string($0.key), "value": $0.value] })
    },
    Builtin(
      name: "from_entries", group: "collections",
      summary: "an object from [{key, value}] (or [key, value] pairs); a later key replaces an earlier one",
      usage: "from_entries(list)", example: "[{key: \"a\", value: 1}] | from_entries", arity: 1...1, input: .firstArgument
    ) { context in
      var object = JSONObject()
      for entry in try context.array(0, "list") {
        let key: JSONValue
        let value: JSONValue
        switch entry {
        case .object(let member) where member["key"] != nil: (key, value) = (member["key"] ?? .null, member["value"] ?? .null)
        case .array(let pair) where pair.count == 2: (key, value) = (pair[0], pair[1])
        default:
          throw context.fail("from_entries needs {key, value} objects or [key, value] pairs, got \(Operators.shortText(entry))")
        }
        object[Operators.text(key)] = value
      }
      return .object(object)
    },
    Builtin(
      name: "has", group: "collections", summary: "whether an object has the key (or an array the index)",
      usage: "has(value, key)", example: "{tier: \"free\"} | has(\"tier\")", arity: 2...2, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .object(let object): return .bool(object[try context.string(1, "key")] != nil)
      case .array(let elements):
        let index = try context.integer(1, "index")
        return .bool(
          (index < 0 ? elements.count + index : index) >= 0 && (index < 0 ? elements.count + index : index) < elements.count)
      default: throw context.wrongKind(0, "value", expected: "an object or an array")
      }
    },
    Builtin(
      name: "chunks", group: "collections", summary: "the list cut into lists of n elements (the last may be shorter)",
      usage: "chunks(list, n)", example: "[1, 2, 3, 4, 5] | chunks(2)", arity: 2...2, input: .firstArgument, nests: true
    ) { context in
      let elements = try context.array(0, "list")
      let size = try context.integer(1, "size")
      guard size >= 1 else { throw context.fail("chunks' size must be at least 1, not \(size)") }
      return .array(
        stride(from: 0, to: elements.count, by: size).map { .array(Array(elements[$0..<min($0 + size, elements.count)])) })
    },
  ]
}
