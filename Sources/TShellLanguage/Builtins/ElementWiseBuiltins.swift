/// Builtins that evaluate their last argument once per element, with `@` bound to it, as a
/// filter does: `$keys | sort_by(@.type) | map(@.name)`.
extension BuiltinRegistry {
  static let elementWise: [Builtin] = [
    Builtin(
      name: "map", group: "collections", summary: "each element's value of the expression, in order",
      usage: "map(list, expr)", example: "[{n: 1}, {n: 2}] | map(@.n * 10)", arity: 2...2, input: .firstArgument,
      elementWise: true
    ) { context in
      .array(try context.array(0, "list").map(context.evaluate))
    },
    Builtin(
      name: "select", group: "collections", summary: "the elements for which the condition is truthy, in order",
      usage: "select(list, cond)", example: "[1, 5, 2, 8] | select(@ > 3)", arity: 2...2, input: .firstArgument,
      elementWise: true
    ) { context in
      .array(try context.array(0, "list").filter { Operators.isTruthy(try context.evaluate($0)) })
    },
    Builtin(
      name: "sort_by", group: "collections", summary: "the elements ordered by the expression's value (stable), as sort orders",
      usage: "sort_by(list, key)", example: "[{n: \"b\"}, {n: \"a\"}] | sort_by(@.n)", arity: 2...2,
      input: .firstArgument, elementWise: true
    ) { context in
      let list = try context.array(0, "list")
      let keys = try list.map { try context.evaluate($0) }
      return .array(ValueOrder.stableOrder(of: keys).map { list[$0] })
    },
    Builtin(
      name: "group_by", group: "collections",
      summary: "an object from each key (as text) to the elements with that key, keys in first-seen order",
      usage: "group_by(list, key)", example: "[{t: \"rsa\"}, {t: \"ed\"}, {t: \"rsa\"}] | group_by(@.t)", arity: 2...2,
      input: .firstArgument, elementWise: true, nests: true
    ) { context in
      var groups: [String: Int] = [:]
      var keys: [String] = []
      var members: [[JSONValue]] = []
      for element in try context.array(0, "list") {
        let key = Operators.text(try context.evaluate(element))
        if let position = groups[key] {
          members[position].append(element)
        } else {
          groups[key] = keys.count
          keys.append(key)
          members.append([element])
        }
      }
      return .object(JSONObject(distinctMembers: zip(keys, members.map(JSONValue.array)).map { ($0, $1) }))
    },
    Builtin(
      name: "unique_by", group: "collections", summary: "the first element for each value of the expression, in order",
      usage: "unique_by(list, key)", example: "[{n: 1, v: \"a\"}, {n: 1, v: \"b\"}] | unique_by(@.n)", arity: 2...2,
      input: .firstArgument, elementWise: true
    ) { context in
      var seen: Set<JSONValue> = []
      return .array(try context.array(0, "list").filter { seen.insert(try context.evaluate($0)).inserted })
    },
    Builtin(
      name: "min_by", group: "collections", summary: "the element whose key is least (the first of equals); null for []",
      usage: "min_by(list, key)", example: "[{n: 3}, {n: 1}] | min_by(@.n)", arity: 2...2, input: .firstArgument,
      elementWise: true
    ) { context in
      try extreme(context, prefers: { ValueOrder.precedes($0, $1) })
    },
    Builtin(
      name: "max_by", group: "collections", summary: "the element whose key is greatest (the first of equals); null for []",
      usage: "max_by(list, key)", example: "[{n: 3}, {n: 1}] | max_by(@.n)", arity: 2...2, input: .firstArgument,
      elementWise: true
    ) { context in
      try extreme(context, prefers: { ValueOrder.precedes($1, $0) })
    },
    Builtin(
      name: "any", group: "collections", summary: "whether the condition is truthy for some element (false for [])",
      usage: "any(list, cond)", example: "[1, 5] | any(@ > 3)", arity: 2...2, input: .firstArgument, elementWise: true
    ) { context in
      .bool(try context.array(0, "list").contains { Operators.isTruthy(try context.evaluate($0)) })
    },
    Builtin(
      name: "all", group: "collections", summary: "whether the condition is truthy for every element (true for [])",
      usage: "all(list, cond)", example: "[4, 5] | all(@ > 3)", arity: 2...2, input: .firstArgument, elementWise: true
    ) { context in
      .bool(try context.array(0, "list").allSatisfy { Operators.isTruthy(try context.evaluate($0)) })
    },
  ]

  /// The element whose key `prefers` over every other's, the first of equals; null for none.
  private static func extreme(_ context: BuiltinContext, prefers: (JSONValue, JSONValue) -> Bool) throws -> JSONValue {
    var best: (key: JSONValue, element: JSONValue)?
    for element in try context.array(0, "list") {
      let key = try context.evaluate(element)
      if let current = best, !prefers(key, current.key) { continue }
      best = (key, element)
    }
    return best?.element ?? .null
  }
}
