/// A JSON value: what the language's variables hold and what commands return.
public enum JSONValue: Sendable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The kind of value, for messages and type checks.
  public var kind: JSONKind {
    switch self {
    case .null: return .null
    case .bool: return .bool
    case .number: return .number
    case .string: return .string
    case .array: return .array
    case .object: return .object
    }
  }

  /// An integer value.
  public static func int(_ value: Int) -> JSONValue { .number(.int(value)) }

  /// A number value from a double, or null when the double is not finite.
  public static func double(_ value: Double) -> JSONValue {
    JSONNumber(value).map(JSONValue.number) ?? .null
  }

  /// The string, when this is a string.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The array, when this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  /// The object, when this is an object.
  public var objectValue: JSONObject? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// The number, when this is a number.
  public var numberValue: JSONNumber? {
    if case .number(let value) = self { return value }
    return nil
  }

  /// The member `key` of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    objectValue?[key]
  }

  /// The element at `index` of an array (negative counts from the end), or nil.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self else { return nil }
    let position = index < 0 ? elements.count + index : index
    return elements.indices.contains(position) ? elements[position] : nil
  }
}

/// The six kinds of JSON value.
public enum JSONKind: UInt8, Sendable, CustomStringConvertible {
  case null, bool, number, string, array, object

  /// The kind's name as users read it in messages (`string`, `array`, …).
  public var description: String {
    switch self {
    case .null: return "null"
    case .bool: return "boolean"
    case .number: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  public init(nilLiteral: ()) { self = .null }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .number(.int(value)) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var object = JSONObject()
    for (key, value) in elements { object[key] = value }
    self = .object(object)
  }
}

extension JSONValue: Hashable {
  /// Equal values hash alike: numbers by value, objects whatever the order of their members.
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let flag): hasher.combine(flag ? 2 : 1)
    case .number(let number): hasher.combine(number)
    case .string(let text):
      hasher.combine(3)
      hasher.combine(text.utf8.count)
      for byte in text.utf8 { hasher.combine(byte) }
    case .array(let elements):
      hasher.combine(4)
      hasher.combine(elements.count)
      for element in elements { hasher.combine(element) }
    case .object(let object):
      // The sum of the members' own hashes does not depend on their order.
      var members = 0
      for (key, value) in object {
        var member = Hasher()
        for byte in key.utf8 { member.combine(byte) }
        member.combine(value)
        members = members &+ member.finalize()
      }
      hasher.combine(5)
      hasher.combine(members)
    }
  }
}

extension JSONValue: Equatable {
  /// JSON equality: numbers by value, strings by code points (no Unicode normalisation),
  /// arrays in order, objects by members in any order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a.hasSameCodeUnits(as: b)
    case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    case (.object(let a), .object(let b)): return a == b
    default: return false
    }
  }
}
