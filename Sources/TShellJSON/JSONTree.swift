/// Read access to a tree of JSON values, so that queries and printers work on parsed documents
/// (`JSONDocument`) and on values (`JSONValue`) alike.
public protocol JSONTree {
  /// A handle to one value of the tree.
  associatedtype Node
  /// A handle to an object member's key.
  associatedtype Key

  /// The kind of value `node` is.
  func kind(_ node: Node) -> JSONKind
  /// The boolean of a `.bool` node.
  func bool(_ node: Node) -> Bool
  /// The number of a `.number` node.
  func number(_ node: Node) -> JSONNumber
  /// The decoded string of a `.string` node.
  func string(_ node: Node) -> String
  /// Calls `body` with the decoded UTF-8 of a `.string` node.
  func withUTF8<R>(_ node: Node, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
  /// The number of elements or members of a container node.
  func count(_ node: Node) -> Int
  /// The element at a non-negative `index` of an array node, or nil.
  func element(_ node: Node, at index: Int) -> Node?
  /// The value of member `name` of an object node (the last one when keys repeat), or nil.
  func member(_ node: Node, named name: JSONName) -> Node?
  /// Calls `body` with each element of an array node in order until it returns false;
  /// returns false when stopped.
  func forEachElement(_ node: Node, _ body: (Int, Node) throws -> Bool) rethrows -> Bool
  /// Calls `body` with each member of an object node in order until it returns false (a repeated
  /// key once, at its first place, with its last value); returns false when stopped.
  func forEachMember(_ node: Node, _ body: (Key, Node) throws -> Bool) rethrows -> Bool
  /// The decoded text of a key.
  func keyString(_ key: Key) -> String
  /// The node as a `JSONValue`.
  func value(_ node: Node) -> JSONValue
}

/// An object member name in the two forms lookups need: a `String` and its UTF-8 bytes.
public struct JSONName: Sendable, Hashable {
  public let string: String
  public let utf8: [UInt8]

  public init(_ string: String) {
    self.string = string
    self.utf8 = Array(string.utf8)
  }
}

/// `JSONValue` as a tree whose nodes are values.
public struct JSONValueTree: JSONTree {
  public init() {}

  public func kind(_ node: JSONValue) -> JSONKind { node.kind }

  public func bool(_ node: JSONValue) -> Bool {
    if case .bool(let value) = node { return value }
    return false
  }

  public func number(_ node: JSONValue) -> JSONNumber { node.numberValue ?? .int(0) }

  public func string(_ node: JSONValue) -> String { node.stringValue ?? "" }

  public func withUTF8<R>(_ node: JSONValue, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    var text = node.stringValue ?? ""
    return try text.withUTF8(body)
  }

  public func count(_ node: JSONValue) -> Int {
    switch node {
    case .array(let elements): return elements.count
    case .object(let object): return object.count
    default: return 0
    }
  }

  public func element(_ node: JSONValue, at index: Int) -> JSONValue? {
    guard case .array(let elements) = node, index >= 0, index < elements.count else { return nil }
    return elements[index]
  }

  public func member(_ node: JSONValue, named name: JSONName) -> JSONValue? {
    node.objectValue?[name.string]
  }

  public func forEachElement(_ node: JSONValue, _ body: (Int, JSONValue) throws -> Bool) rethrows -> Bool {
    guard case .array(let elements) = node else { return true }
    for (index, element) in elements.enumerated() where try !body(index, element) { return false }
    return true
  }

  public func forEachMember(_ node: JSONValue, _ body: (String, JSONValue) throws -> Bool) rethrows -> Bool {
    guard case .object(let object) = node else { return true }
    for (key, value) in object where try !body(key, value) { return false }
    return true
  }

  public func keyString(_ key: String) -> String { key }

  public func value(_ node: JSONValue) -> JSONValue { node }
}
