/// A path the language reads after `$`, `$name`, `@` or a parenthesised value: RFC 9535
/// segments, and selectors computed at run time where brackets hold `$name…` or `(expression)`
/// (`$a[$i].name`). Without computed selectors it is one RFC 9535 query, run as such.
public struct ValuePath: Sendable {
  public enum Part: Sendable {
    /// RFC 9535 segments, run as one query.
    case segments(JSONPath)
    /// `[$i]`, `[(expr)]`: a member (a string) or an element (an integer), singular.
    case computed(Expression, SourceSpan)
  }

  public var parts: [Part]

  /// Whether the path selects at most one value (RFC 9535's singular query, computed selectors
  /// included): then it gives that value or null, else the array of what it selects.
  public var isSingular: Bool {
    parts.allSatisfy { part in
      if case .segments(let path) = part { return path.isSingular }
      return true
    }
  }

  /// The RFC 9535 query, when the path has no computed selector.
  public var query: JSONPath? {
    if parts.count == 1, case .segments(let path) = parts[0] { return path }
    return nil
  }

  /// The computed selectors' expressions.
  var computedExpressions: [Expression] {
    parts.compactMap { part in
      if case .computed(let expression, _) = part { return expression }
      return nil
    }
  }
}
