/// A parsed RFC 9535 query: where it starts and the segments applied in turn.
public struct JSONPathQuery: Sendable {
  /// Where a query starts.
  public enum Root: Sendable, Equatable {
    /// `$`: the value the query runs on.
    case document
    /// `@`: the node a filter is testing.
    case current
    /// `$name`: a variable of the host language (only where the parser allows variables).
    case variable(String)
  }

  public var root: Root
  public var segments: [Segment]

  public init(root: Root, segments: [Segment]) {
    self.root = root
    self.segments = segments
  }

  /// Whether the query is a singular query (RFC 9535 §2.3.5.1): only name and index selectors,
  /// one per child segment, so that it yields at most one node.
  public var isSingular: Bool {
    segments.allSatisfy { segment in
      guard !segment.isDescendant, segment.selectors.count == 1 else { return false }
      switch segment.selectors[0] {
      case .name, .index: return true
      default: return false
      }
    }
  }
}

extension JSONPathQuery {
  /// Adds the variables the query reads (its root, and those of its filters) to `names`.
  func collectVariables(into names: inout [String]) {
    if case .variable(let name) = root, !names.contains(name) { names.append(name) }
    for segment in segments {
      for case .filter(let expression) in segment.selectors { expression.collectVariables(into: &names) }
    }
  }
}

extension LogicalExpression {
  func collectVariables(into names: inout [String]) {
    switch self {
    case .or(let parts), .and(let parts): for part in parts { part.collectVariables(into: &names) }
    case .not(let inner): inner.collectVariables(into: &names)
    case .comparison(let left, _, let right):
      left.collectVariables(into: &names)
      right.collectVariables(into: &names)
    case .exists(let query): query.collectVariables(into: &names)
    case .function(let call): call.collectVariables(into: &names)
    }
  }
}

extension ComparisonOperand {
  func collectVariables(into names: inout [String]) {
    switch self {
    case .literal: break
    case .query(let query): query.collectVariables(into: &names)
    case .function(let call): call.collectVariables(into: &names)
    }
  }
}

extension FunctionCall {
  func collectVariables(into names: inout [String]) {
    for argument in arguments {
      switch argument {
      case .literal: break
      case .query(let query): query.collectVariables(into: &names)
      case .logical(let expression): expression.collectVariables(into: &names)
      case .function(let call): call.collectVariables(into: &names)
      }
    }
  }
}

/// A child (`[…]`, `.name`, `.*`) or descendant (`..[…]`, `..name`, `..*`) segment.
public struct Segment: Sendable {
  public var isDescendant: Bool
  public var selectors: [Selector]

  public init(isDescendant: Bool, selectors: [Selector]) {
    self.isDescendant = isDescendant
    self.selectors = selectors
  }
}

/// One selector of a segment.
public enum Selector: Sendable {
  /// `'name'` or `.name`: the member of that name.
  case name(JSONName)
  /// `*`: every element or member value.
  case wildcard
  /// `3`, `-1`: the element at that index (negative counts from the end).
  case index(Int)
  /// `start:end:step`.
  case slice(SliceSelector)
  /// `?expr`: the elements or member values for which the expression is true.
  case filter(LogicalExpression)
}

/// The bounds of a slice selector, each optional as written.
public struct SliceSelector: Sendable, Equatable {
  public var start: Int?
  public var end: Int?
  public var step: Int?

  public init(start: Int?, end: Int?, step: Int?) {
    self.start = start
    self.end = end
    self.step = step
  }

  /// The indices the slice selects from an array of `count` elements, in order (RFC 9535 §2.3.4.2.2).
  public func indices(count: Int) -> StrideTo<Int> {
    let step = self.step ?? 1
    guard step != 0 else { return stride(from: 0, to: 0, by: 1) }
    func normalize(_ index: Int) -> Int { index >= 0 ? index : count + index }
    if step > 0 {
      let lower = min(max(normalize(start ?? 0), 0), count)
      let upper = min(max(normalize(end ?? count), 0), count)
      return stride(from: lower, to: upper, by: step)
    }
    let upper = min(max(normalize(start ?? count - 1), -1), count - 1)
    let lower = min(max(normalize(end ?? -count - 1), -1), count - 1)
    return stride(from: upper, to: lower, by: step)
  }
}

/// A filter's logical expression.
public indirect enum LogicalExpression: Sendable {
  case or([LogicalExpression])
  case and([LogicalExpression])
  case not(LogicalExpression)
  case comparison(ComparisonOperand, ComparisonOperator, ComparisonOperand)
  /// A filter query used as a test: true when it selects at least one node.
  case exists(JSONPathQuery)
  /// A function whose result is a LogicalType (or NodesType, tested for existence).
  case function(FunctionCall)
}

/// One side of a comparison.
public enum ComparisonOperand: Sendable {
  case literal(JSONValue)
  /// A singular query.
  case query(JSONPathQuery)
  /// A function whose result is a ValueType.
  case function(FunctionCall)
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
public enum ComparisonOperator: String, Sendable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

/// A call of a function extension with checked argument types.
public struct FunctionCall: Sendable {
  public var function: FunctionExtension
  public var arguments: [FunctionArgument]
  /// The compiled regular expression when the pattern argument is a literal.
  public var literalPattern: IRegexp?

  public init(function: FunctionExtension, arguments: [FunctionArgument]) {
    self.function = function
    self.arguments = arguments
    if function == .match || function == .search, arguments.count == 2,
      case .literal(.string(let pattern)) = arguments[1]
    {
      literalPattern = IRegexp(pattern)
    }
  }
}

/// An argument of a function call.
public indirect enum FunctionArgument: Sendable {
  case literal(JSONValue)
  case query(JSONPathQuery)
  case logical(LogicalExpression)
  case function(FunctionCall)
}
