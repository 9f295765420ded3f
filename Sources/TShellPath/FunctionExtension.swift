/// The function extensions of RFC 9535 §2.4 and their declared types.
public enum FunctionExtension: String, Sendable, CaseIterable {
  case length, count, match, search, value

  /// The three types of the RFC's function type system.
  public enum ParameterType: Sendable, Equatable, CustomStringConvertible {
    case value, logical, nodes

    public var description: String {
      switch self {
      case .value: return "ValueType"
      case .logical: return "LogicalType"
      case .nodes: return "NodesType"
      }
    }
  }

  /// The declared types of the parameters.
  public var parameters: [ParameterType] {
    switch self {
    case .length: return [.value]
    case .count: return [.nodes]
    case .match, .search: return [.value, .value]
    case .value: return [.nodes]
    }
  }

  /// The declared type of the result.
  public var result: ParameterType {
    switch self {
    case .length, .count, .value: return .value
    case .match, .search: return .logical
    }
  }

  /// How the function is called, for messages.
  public var signature: String {
    switch self {
    case .length: return "length(value)"
    case .count: return "count(nodes)"
    case .match: return "match(string, regex)"
    case .search: return "search(string, regex)"
    case .value: return "value(nodes)"
    }
  }
}
