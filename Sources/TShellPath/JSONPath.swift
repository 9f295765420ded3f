/// A compiled RFC 9535 JSONPath query, ready to run on documents and values.
///
/// ```swift
/// let path = try JSONPath("$.keys[?@.type == 'ed25519'].name")
/// let names = path.select(in: value)
/// ```
public struct JSONPath: Sendable {
  /// The parsed query.
  public let query: JSONPathQuery
  /// The host's variables its filters read (`$name`), in the order written, once each.
  public let variables: [String]

  /// Parses `text` as an RFC 9535 query.
  public init(_ text: String) throws(JSONPathSyntaxError) {
    self.init(query: try JSONPathParser.parse(text))
  }

  public init(query: JSONPathQuery) {
    self.query = query
    var names: [String] = []
    query.collectVariables(into: &names)
    variables = names
  }

  /// Whether the query is singular: it can select at most one node.
  public var isSingular: Bool { query.isSingular }

  // MARK: - Documents

  /// Calls `body` with each node selected from `document`, in order, with its normalized path when
  /// `paths` is true. `body` returns false to stop.
  public func forEachNode(
    in document: JSONDocument, paths: Bool = false,
    variables: @escaping (String) -> JSONValue? = { _ in nil },
    _ body: (_ node: Int, _ path: String?) -> Bool
  ) {
    run(document, root: document.root, paths: paths, variables: variables) {
      node, path in body(node, path)
    }
  }

  /// The nodes selected from `document`, in order.
  public func select(in document: JSONDocument) -> [Int] {
    var nodes: [Int] = []
    forEachNode(in: document) { node, _ in
      nodes.append(node)
      return true
    }
    return nodes
  }

  // MARK: - Values

  /// The values selected from `value`, in order.
  public func select(in value: JSONValue, variables: @escaping (String) -> JSONValue? = { _ in nil }) -> [JSONValue] {
    var values: [JSONValue] = []
    run(JSONValueTree(), root: value, paths: false, variables: variables) { node, _ in
      values.append(node)
      return true
    }
    return values
  }

  /// The values selected from `value` with their normalized paths.
  public func selectWithPaths(in value: JSONValue, variables: @escaping (String) -> JSONValue? = { _ in nil })
    -> [(path: String, value: JSONValue)]
  {
    var results: [(path: String, value: JSONValue)] = []
    run(JSONValueTree(), root: value, paths: true, variables: variables) { node, path in
      results.append((path ?? "$", node))
      return true
    }
    return results
  }

  private func run<Tree: JSONTree>(
    _ tree: Tree, root: Tree.Node, paths: Bool, variables: @escaping (String) -> JSONValue?,
    _ body: (Tree.Node, String?) -> Bool
  ) {
    let recorder = paths ? PathRecorder<Tree.Key>() : nil
    let evaluator = QueryEvaluator(
      tree: tree, root: root, environment: JSONPathEnvironment(variables: variables), recorder: recorder)
    let start: Tree.Node
    switch query.root {
    case .document, .current: start = root
    case .variable(let name):
      // A variable root outside a filter is resolved by the host before running; treat it as `$`.
      _ = name
      start = root
    }
    _ = evaluator.select(query.segments[...], from: start) { node in
      body(node, recorder.map { NormalizedPath.render($0.elements, in: tree) })
    }
  }
}
