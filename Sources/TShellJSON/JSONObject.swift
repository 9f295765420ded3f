/// A JSON object that keeps its members in insertion order; setting an existing key keeps its place.
public struct JSONObject: Sendable, RandomAccessCollection {
  public typealias Element = (key: String, value: JSONValue)

  public private(set) var keys: [String] = []
  public private(set) var values: [JSONValue] = []
  /// Key positions, kept only for objects large enough that a linear search would be slow.
  private var positions: [ExactKey: Int]? = nil
  private static let indexThreshold = 32

  public init() {}

  /// An object of members whose keys are known to be distinct, in order (no lookups while building).
  public init(distinctMembers members: [(String, JSONValue)]) {
    keys = members.map(\.0)
    values = members.map(\.1)
    if keys.count > JSONObject.indexThreshold { positions = JSONObject.index(keys) }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { keys.count }
  public subscript(position: Int) -> Element { (keys[position], values[position]) }

  /// The value of `key`, or nil; setting nil removes the member.
  public subscript(key: String) -> JSONValue? {
    get { position(of: key).map { values[$0] } }
    set {
      if let position = position(of: key) {
        if let newValue { values[position] = newValue } else { remove(at: position) }
      } else if let newValue {
        append(key, newValue)
      }
    }
  }

  /// The index of `key`, or nil.
  public func position(of key: String) -> Int? {
    if let positions { return positions[ExactKey(key)] }
    return keys.firstIndex { $0.hasSameCodeUnits(as: key) }
  }

  /// Puts `value` at `position` and returns what was there: a member's value leaves the object
  /// while it changes, so that nothing else holds it (no copy on write).
  public mutating func exchange(_ value: JSONValue, at position: Int) -> JSONValue {
    var taken = value
    swap(&taken, &values[position])
    return taken
  }

  /// Sets `key` to `value`: a new key goes last, an existing one keeps its place.
  public mutating func set(_ key: String, _ value: JSONValue) {
    self[key] = value
  }

  private mutating func append(_ key: String, _ value: JSONValue) {
    keys.append(key)
    values.append(value)
    if positions != nil {
      positions?[ExactKey(key)] = keys.count - 1
    } else if keys.count > JSONObject.indexThreshold {
      positions = JSONObject.index(keys)
    }
  }

  private mutating func remove(at position: Int) {
    keys.remove(at: position)
    values.remove(at: position)
    positions =
      keys.count > JSONObject.indexThreshold
      ? JSONObject.index(keys) : nil
  }
}

extension JSONObject {
  private static func index(_ keys: [String]) -> [ExactKey: Int] {
    Dictionary(uniqueKeysWithValues: keys.enumerated().map { (ExactKey($1), $0) })
  }
}

/// A key compared by its code points: JSON keys that differ only in Unicode normalisation are different keys.
private struct ExactKey: Hashable {
  let text: String
  init(_ text: String) { self.text = text }
  static func == (lhs: ExactKey, rhs: ExactKey) -> Bool { lhs.text.hasSameCodeUnits(as: rhs.text) }
  func hash(into hasher: inout Hasher) {
    // The same bytes hash the same either way: a string that lends none is copied first.
    let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    if hashed == nil { Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) } }
  }
}

extension JSONObject: Equatable {
  /// Objects are equal when they have the same members, in any order.
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (key, value) in lhs {
      guard let other = rhs[key], other == value else { return false }
    }
    return true
  }
}
