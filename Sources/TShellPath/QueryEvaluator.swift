/// Runs queries over any `JSONTree`, streaming the selected nodes to a callback in RFC 9535 order.
///
/// Segments are applied depth first: each node a segment selects goes through the remaining
/// segments before its next sibling, which yields the same order as applying each segment to a
/// whole nodelist, without building the intermediate lists.
struct QueryEvaluator<Tree: JSONTree> {
  typealias Node = Tree.Node

  let tree: Tree
  /// The node `$` stands for.
  let root: Node
  let environment: JSONPathEnvironment
  /// Where the visited node is, when normalized paths were asked for.
  let recorder: PathRecorder<Tree.Key>?

  /// A copy that does not record paths, for the queries inside filters.
  var unrecorded: QueryEvaluator {
    QueryEvaluator(tree: tree, root: root, environment: environment, recorder: nil)
  }

  /// Calls `emit` with each node `segments` select from `node`; false when `emit` stopped the walk.
  func select(_ segments: Swift.ArraySlice<Segment>, from node: Node, _ emit: (Node) -> Bool) -> Bool {
    guard let segment = segments.first else { return emit(node) }
    let rest = segments.dropFirst()
    if segment.isDescendant { return descend(segment.selectors, then: rest, from: node, emit) }
    return apply(segment.selectors, to: node) { select(rest, from: $0, emit) }
  }

  /// The descendant segment: the selectors on `node`, then on each descendant in document order.
  private func descend(
    _ selectors: [Selector], then rest: Swift.ArraySlice<Segment>, from node: Node,
    _ emit: (Node) -> Bool
  ) -> Bool {
    guard apply(selectors, to: node, { select(rest, from: $0, emit) }) else { return false }
    switch tree.kind(node) {
    case .array:
      return tree.forEachElement(node) { index, child in
        visit(.index(index)) { descend(selectors, then: rest, from: child, emit) }
      }
    case .object:
      return tree.forEachMember(node) { key, child in
        visit(.key(key)) { descend(selectors, then: rest, from: child, emit) }
      }
    default:
      return true
    }
  }

  /// Applies one segment's selectors to `node`, in order.
  private func apply(_ selectors: [Selector], to node: Node, _ body: (Node) -> Bool) -> Bool {
    for selector in selectors {
      switch selector {
      case .name(let name):
        if let child = tree.member(node, named: name) {
          guard visit(.name(name.string), { body(child) }) else { return false }
        }
      case .wildcard:
        guard forEachChild(of: node, body) else { return false }
      case .index(let index):
        guard tree.kind(node) == .array else { continue }
        let position = index < 0 ? tree.count(node) + index : index
        if position >= 0, let child = tree.element(node, at: position) {
          guard visit(.index(position), { body(child) }) else { return false }
        }
      case .slice(let slice):
        guard tree.kind(node) == .array else { continue }
        var children: [Node] = []
        _ = tree.forEachElement(node) { _, child in
          children.append(child)
          return true
        }
        for position in slice.indices(count: children.count) {
          guard visit(.index(position), { body(children[position]) }) else { return false }
        }
      case .filter(let expression):
        let filter = unrecorded
        let passed = forEachChild(of: node) { child in
          filter.test(expression, current: child) ? body(child) : true
        }
        guard passed else { return false }
      }
    }
    return true
  }

  /// Calls `body` with each element or member value of `node`, recording its location.
  private func forEachChild(of node: Node, _ body: (Node) -> Bool) -> Bool {
    switch tree.kind(node) {
    case .array:
      return tree.forEachElement(node) { index, child in visit(.index(index)) { body(child) } }
    case .object:
      return tree.forEachMember(node) { key, child in visit(.key(key)) { body(child) } }
    default:
      return true
    }
  }

  @inline(__always)
  private func visit(_ element: @autoclosure () -> PathElement<Tree.Key>, _ body: () -> Bool) -> Bool {
    guard let recorder else { return body() }
    recorder.elements.append(element())
    defer { recorder.elements.removeLast() }
    return body()
  }
}

/// What filters may consult besides the document: host variables and a cache of compiled patterns.
final class JSONPathEnvironment {
  let variables: (String) -> JSONValue?
  private var patterns: [String: IRegexp?] = [:]

  init(variables: @escaping (String) -> JSONValue?) {
    self.variables = variables
  }

  /// The compiled pattern, or nil when it is not a valid I-Regexp.
  func regexp(_ pattern: String) -> IRegexp? {
    if let cached = patterns[pattern] { return cached }
    let compiled = IRegexp(pattern)
    if patterns.count > 256 { patterns.removeAll() }
    patterns[pattern] = compiled
    return compiled
  }
}
