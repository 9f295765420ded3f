#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A JSON number: an exact integer, a double, or the literal text of a number no double can hold.
public enum JSONNumber: Sendable, CustomStringConvertible {
  /// An integer that fits in 64 bits.
  case int(Int)
  /// A finite double whose shortest representation keeps every digit of its literal.
  case double(Double)
  /// The literal text of a number that would lose digits as a double (kept exactly as written).
  case decimal(String)

  /// Parses a validated JSON number literal, keeping it exact when a double would lose digits.
  public init(literal: UnsafeBufferPointer<UInt8>) {
    var isInteger = true
    for byte in literal where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
      isInteger = false
      break
    }
    if isInteger {
      // An integer past 64 bits keeps its digits, as `tshell jsonpath` prints them.
      self = JSONNumber.parseInteger(literal).map(JSONNumber.int) ?? .decimal(String(decoding: literal, as: UTF8.self))
      return
    }
    let double = JSONNumber.strtod(literal)
    let text = String(decoding: literal, as: UTF8.self)
    if double.isFinite, DecimalDigits(text: text) == DecimalDigits(double: double) {
      self = .double(double)
    } else {
      self = .decimal(text)
    }
  }

  /// Parses the JSON number literal in `text`, or returns nil when it is not one.
  public init?(_ text: String) {
    var copy = text
    let result: JSONNumber? = copy.withUTF8 { bytes in
      guard JSONNumberScanner.scan(bytes, from: 0) == bytes.count, !bytes.isEmpty else { return nil }
      return JSONNumber(literal: bytes)
    }
    guard let result else { return nil }
    self = result
  }

  /// Creates the number for a double, or nil for infinities and NaN (JSON has neither).
  public init?(_ double: Double) {
    guard double.isFinite else { return nil }
    if double == double.rounded(), abs(double) < 9.007_199_254_740_992e15, !(double == 0 && double.sign == .minus) {
      self = .int(Int(double))
    } else {
      self = .double(double)
    }
  }

  /// The nearest double (exact for `.int` up to 2^53).
  public var doubleValue: Double {
    switch self {
    case .int(let value): return Double(value)
    case .double(let value): return value
    case .decimal(let text): return Double(text) ?? .nan
    }
  }

  /// Whether the number is an integer, of any size.
  public var isWhole: Bool {
    switch self {
    case .int: return true
    case .double(let value): return value == value.rounded()
    case .decimal:
      let digits = DecimalDigits(self)
      return digits.digits.count <= digits.exponent
    }
  }

  /// The integer value, when the number is integral and fits in 64 bits.
  public var intValue: Int? {
    switch self {
    case .int(let value): return value
    case .double(let value):
      guard value == value.rounded(), abs(value) < 9.223_372_036_854_775e18 else { return nil }
      return Int(value)
    case .decimal: return nil
    }
  }

  /// The number as JSON text.
  public var description: String {
    switch self {
    case .int(let value): return String(value)
    case .double(let value): return value.description
    case .decimal(let text): return text
    }
  }

  /// Orders two numbers by value, exactly, whatever their representations.
  public static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.double(let a), .double(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.int(let a), .double(let b)) where a.magnitude <= 1 << 53:
      let x = Double(a)
      return x < b ? -1 : (x == b ? 0 : 1)
    case (.double(let a), .int(let b)) where b.magnitude <= 1 << 53:
      let y = Double(b)
      return a < y ? -1 : (a == y ? 0 : 1)
    default:
      return DecimalDigits(lhs).compare(to: DecimalDigits(rhs))
    }
  }

  static func parseInteger(_ literal: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let negative = literal.first == UInt8(ascii: "-")
    if negative { index = 1 }
    guard index < literal.count else { return nil }
    var magnitude: UInt64 = 0
    while index < literal.count {
      let digit = UInt64(literal[index] &- UInt8(ascii: "0"))
      guard digit < 10 else { return nil }
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(digit)
      if overflow1 || overflow2 { return nil }
      magnitude = sum
      index += 1
    }
    if negative {
      guard magnitude <= UInt64(Int.max) + 1 else { return nil }
      return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
    }
    guard magnitude <= UInt64(Int.max) else { return nil }
    return Int(magnitude)
  }

  static func strtod(_ literal: UnsafeBufferPointer<UInt8>) -> Double {
    // The literal is not NUL-terminated in the input, so copy it into a terminated buffer.
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: literal.count + 1) { buffer in
      for index in 0..<literal.count { buffer[index] = CChar(bitPattern: literal[index]) }
      buffer[literal.count] = 0
      return buffer.baseAddress.map { doubleFromCString($0) } ?? .nan
    }
  }
}

private func doubleFromCString(_ pointer: UnsafePointer<CChar>) -> Double {
  #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
    return strtod(pointer, nil)
  #else
    return Double(String(cString: pointer)) ?? .nan
  #endif
}

extension JSONNumber: Equatable {
  /// Numbers are equal when their values are: `1`, `1.0` and `1e0` are one number.
  public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    compare(lhs, rhs) == 0
  }
}

extension JSONNumber: Hashable {
  /// Equal numbers hash alike, whatever their representations: integers by value, the others by
  /// their exact decimal digits.
  public func hash(into hasher: inout Hasher) {
    if let integer = intValue {
      hasher.combine(integer)
      return
    }
    let digits = DecimalDigits(self)
    hasher.combine(digits.negative)
    hasher.combine(digits.digits)
    hasher.combine(digits.exponent)
  }
}
