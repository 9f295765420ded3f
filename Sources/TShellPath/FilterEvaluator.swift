/// What an operand of a filter evaluates to: nothing (an empty nodelist), a node of the tree, or a
/// value from outside it (a literal, a host variable, a function result).
enum Operand<Node> {
  case nothing
  case node(Node)
  case value(JSONValue)
}

extension QueryEvaluator {
  /// Whether the filter expression holds for the current node `current`.
  func test(_ expression: LogicalExpression, current: Node) -> Bool {
    switch expression {
    case .or(let operands): return operands.contains { test($0, current: current) }
    case .and(let operands): return operands.allSatisfy { test($0, current: current) }
    case .not(let operand): return !test(operand, current: current)
    case .comparison(let left, let op, let right):
      return compare(operand(left, current: current), op, operand(right, current: current))
    case .exists(let query):
      var found = false
      _ = forEachResult(of: query, current: current) { _ in
        found = true
        return false
      }
      return found
    case .function(let call):
      return logicalResult(call, current: current)
    }
  }

  // MARK: - Operands

  private func operand(_ comparable: ComparisonOperand, current: Node) -> Operand<Node> {
    switch comparable {
    case .literal(let value): return .value(value)
    case .query(let query): return singularResult(of: query, current: current)
    case .function(let call): return valueResult(call, current: current)
    }
  }

  /// The one node a singular query selects, or nothing.
  private func singularResult(of query: JSONPathQuery, current: Node) -> Operand<Node> {
    var result = Operand<Node>.nothing
    _ = forEachResult(of: query, current: current) { node in
      result = node
      return false
    }
    return result
  }

  /// Calls `body` with each result of a filter query, whatever its root.
  private func forEachResult(of query: JSONPathQuery, current: Node, _ body: (Operand<Node>) -> Bool) -> Bool {
    let segments = query.segments[...]
    switch query.root {
    case .document: return select(segments, from: root) { body(.node($0)) }
    case .current: return select(segments, from: current) { body(.node($0)) }
    case .variable(let name):
      guard let value = environment.variables(name) else { return true }
      let evaluator = QueryEvaluator<JSONValueTree>(
        tree: JSONValueTree(), root: value, environment: environment, recorder: nil)
      return evaluator.select(segments, from: value) { body(.value($0)) }
    }
  }

  // MARK: - Functions

  private func valueResult(_ call: FunctionCall, current: Node) -> Operand<Node> {
    switch call.function {
    case .length:
      switch argumentValue(call.arguments[0], current: current) {
      case .nothing: return .nothing
      case .node(let node):
        switch tree.kind(node) {
        case .string: return .value(.int(tree.withUTF8(node) { JSONPathEnvironment.scalarCount($0) }))
        case .array, .object: return .value(.int(tree.count(node)))
        default: return .nothing
        }
      case .value(let value):
        switch value {
        case .string(let text): return .value(.int(text.unicodeScalars.count))
        case .array(let elements): return .value(.int(elements.count))
        case .object(let object): return .value(.int(object.count))
        default: return .nothing
        }
      }
    case .count:
      var count = 0
      forEachNode(call.arguments[0], current: current) { _ in
        count += 1
        return true
      }
      return .value(.int(count))
    case .value:
      var result = Operand<Node>.nothing
      var count = 0
      forEachNode(call.arguments[0], current: current) { node in
        count += 1
        result = node
        return count < 2
      }
      return count == 1 ? result : .nothing
    case .match, .search:
      return .value(.bool(logicalResult(call, current: current)))
    }
  }

  private func logicalResult(_ call: FunctionCall, current: Node) -> Bool {
    switch call.function {
    case .match, .search:
      guard let text = string(argumentValue(call.arguments[0], current: current)),
        let pattern = call.literalPattern
          ?? string(argumentValue(call.arguments[1], current: current))
          .flatMap(environment.regexp)
      else { return false }
      return call.function == .match ? pattern.matches(text) : pattern.isFound(in: text)
    case .length, .count, .value:
      // Only reachable through a NodesType result, which these do not have.
      return false
    }
  }

  /// A ValueType argument: a literal, a singular query's node, or a function's value.
  private func argumentValue(_ argument: FunctionArgument, current: Node) -> Operand<Node> {
    switch argument {
    case .literal(let value): return .value(value)
    case .query(let query): return singularResult(of: query, current: current)
    case .function(let call): return valueResult(call, current: current)
    case .logical(let expression): return .value(.bool(test(expression, current: current)))
    }
  }

  /// The nodes of a NodesType argument.
  private func forEachNode(_ argument: FunctionArgument, current: Node, _ body: (Operand<Node>) -> Bool) {
    if case .query(let query) = argument { _ = forEachResult(of: query, current: current, body) }
  }

  private func string(_ operand: Operand<Node>) -> String? {
    switch operand {
    case .node(let node): return tree.kind(node) == .string ? tree.string(node) : nil
    case .value(let value): return value.stringValue
    case .nothing: return nil
    }
  }

  // MARK: - Comparisons (RFC 9535 §2.3.5.2.2)

  private func compare(_ left: Operand<Node>, _ op: ComparisonOperator, _ right: Operand<Node>) -> Bool {
    switch op {
    case .equal: return equal(left, right)
    case .notEqual: return !equal(left, right)
    case .less: return less(left, right)
    case .lessOrEqual: return less(left, right) || equal(left, right)
    case .greater: return less(right, left)
    case .greaterOrEqual: return less(right, left) || equal(left, right)
    }
  }

  private func kind(_ operand: Operand<Node>) -> JSONKind? {
    switch operand {
    case .nothing: return nil
    case .node(let node): return tree.kind(node)
    case .value(let value): return value.kind
    }
  }

  private func equal(_ left: Operand<Node>, _ right: Operand<Node>) -> Bool {
    let leftKind = kind(left)
    guard leftKind == kind(right) else { return false }
    switch leftKind {
    case nil, .null?: return true
    case .bool?: return boolean(left) == boolean(right)
    case .number?: return JSONNumber.compare(number(left), number(right)) == 0
    case .string?: return compareStrings(left, right) == 0
    case .array?, .object?: return value(left) == value(right)
    }
  }

  private func less(_ left: Operand<Node>, _ right: Operand<Node>) -> Bool {
    switch (kind(left), kind(right)) {
    case (.number?, .number?): return JSONNumber.compare(number(left), number(right)) < 0
    case (.string?, .string?): return compareStrings(left, right) < 0
    default: return false
    }
  }

  private func boolean(_ operand: Operand<Node>) -> Bool {
    switch operand {
    case .node(let node): return tree.bool(node)
    case .value(.bool(let flag)): return flag
    default: return false
    }
  }

  private func number(_ operand: Operand<Node>) -> JSONNumber {
    switch operand {
    case .node(let node): return tree.number(node)
    case .value(.number(let number)): return number
    default: return .int(0)
    }
  }

  private func value(_ operand: Operand<Node>) -> JSONValue {
    switch operand {
    case .node(let node): return tree.value(node)
    case .value(let value): return value
    case .nothing: return .null
    }
  }

  /// Orders two strings by code points (UTF-8 byte order is code point order).
  private func compareStrings(_ left: Operand<Node>, _ right: Operand<Node>) -> Int {
    withUTF8(left) { a in
      withUTF8(right) { b in
        let common = min(a.count, b.count)
        for index in 0..<common where a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
      }
    }
  }

  private func withUTF8<R>(_ operand: Operand<Node>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    switch operand {
    case .node(let node): return tree.withUTF8(node, body)
    case .value(.string(var text)): return text.withUTF8(body)
    default: return body(UnsafeBufferPointer(start: nil, count: 0))
    }
  }
}

extension JSONPathEnvironment {
  /// The number of Unicode scalars in valid UTF-8.
  static func scalarCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
    return count
  }
}
