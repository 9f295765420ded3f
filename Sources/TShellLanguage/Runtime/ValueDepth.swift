/// How deep values may nest. A program can build values level by level (`$l = {tail: $l}` in a
/// loop); one deeper than parsed JSON may be (`JSONDocument.maximumDepth`) could not be printed,
/// compared or freed without exhausting the stack, so building one is an error instead.
enum ValueDepth {
  static let maximum = JSONDocument.maximumDepth

  /// Whether `value` nests deeper than `limit` levels (a scalar has none, `[]` one). Walks with a
  /// stack of its own, and only into containers.
  static func exceeds(_ value: JSONValue, _ limit: Int) -> Bool {
    guard value.isContainer else { return false }
    guard limit >= 1 else { return true }
    var pending: [(JSONValue, Int)] = [(value, 1)]
    while let (current, depth) = pending.popLast() {
      let children: [JSONValue]
      switch current {
      case .array(let elements): children = elements
      case .object(let object): children = object.values
      default: continue
      }
      for child in children where child.isContainer {
        guard depth < limit else { return true }
        pending.append((child, depth + 1))
      }
    }
    return false
  }
}

extension JSONValue {
  /// Whether the value is an array or an object.
  var isContainer: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }
}

extension Interpreter {
  /// Refuses a value that would nest deeper than `ValueDepth.maximum` once placed `levels`
  /// levels down (in a new array or object, or below a variable).
  func checkDepth(_ value: JSONValue, placedAt levels: Int, span: SourceSpan) throws {
    guard levels > 0 || value.isContainer else { return }
    if levels > ValueDepth.maximum || ValueDepth.exceeds(value, ValueDepth.maximum - levels) {
      throw LanguageError(
        .runtime, "this value would nest deeper than \(ValueDepth.maximum) levels",
        hint: "values nest at most as deep as parsed JSON", source: source, span: span)
    }
  }
}
