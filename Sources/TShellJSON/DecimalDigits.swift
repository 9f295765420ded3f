/// A number in scientific form, `0.digits × 10^exponent`, for exact comparison of any two numbers.
struct DecimalDigits: Equatable {
  /// Whether the number is below zero.
  var negative: Bool
  /// Significant digits (ASCII) without leading or trailing zeros; empty for zero.
  var digits: [UInt8]
  /// The power of ten that the leading digit's position stands for.
  var exponent: Int

  init(_ number: JSONNumber) {
    switch number {
    case .int(let value): self.init(text: String(value))
    case .double(let value): self.init(double: value)
    case .decimal(let text): self.init(text: text)
    }
  }

  init(double: Double) {
    self.init(text: double.description)
  }

  /// Reads a decimal literal (JSON number grammar, or Swift's `description` of a double).
  init(text: String) {
    var negative = false
    var digits: [UInt8] = []
    var pointPosition: Int? = nil
    var exponent = 0
    var utf8 = text.utf8[...]
    if utf8.first == UInt8(ascii: "-") {
      negative = true
      utf8 = utf8.dropFirst()
    }
    while let byte = utf8.first {
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        digits.append(byte)
      } else if byte == UInt8(ascii: ".") {
        pointPosition = digits.count
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        utf8 = utf8.dropFirst()
        exponent = DecimalDigits.readExponent(utf8)
        break
      }
      utf8 = utf8.dropFirst()
    }
    let integerDigits = pointPosition ?? digits.count
    let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
    digits.removeFirst(leadingZeros)
    while digits.last == UInt8(ascii: "0") { digits.removeLast() }
    self.negative = negative && !digits.isEmpty
    self.digits = digits
    self.exponent = digits.isEmpty ? 0 : exponent.clampedAdd(integerDigits - leadingZeros)
  }

  private static func readExponent(_ utf8: Substring.UTF8View.SubSequence) -> Int {
    var rest = utf8
    var sign = 1
    if rest.first == UInt8(ascii: "+") {
      rest = rest.dropFirst()
    } else if rest.first == UInt8(ascii: "-") {
      sign = -1
      rest = rest.dropFirst()
    }
    var value = 0
    for byte in rest {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
      // Saturate: an exponent this large already decides every comparison.
      value = min(value * 10 + Int(byte - UInt8(ascii: "0")), 1 << 50)
    }
    return sign * value
  }

  /// -1, 0 or 1 as `self` is below, equal to or above `other`.
  func compare(to other: DecimalDigits) -> Int {
    if negative != other.negative { return negative ? -1 : 1 }
    let magnitude = compareMagnitude(other)
    return negative ? -magnitude : magnitude
  }

  private func compareMagnitude(_ other: DecimalDigits) -> Int {
    if digits.isEmpty || other.digits.isEmpty {
      return digits.isEmpty ? (other.digits.isEmpty ? 0 : -1) : 1
    }
    if exponent != other.exponent { return exponent < other.exponent ? -1 : 1 }
    for (a, b) in zip(digits, other.digits) where a != b { return a < b ? -1 : 1 }
    return digits.count == other.digits.count ? 0 : (digits.count < other.digits.count ? -1 : 1)
  }
}

extension Int {
  fileprivate func clampedAdd(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other > 0 ? Int.max : Int.min) : sum
  }
}
