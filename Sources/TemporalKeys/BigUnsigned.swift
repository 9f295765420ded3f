/// A non-negative integer of any size, with just the operations the mnemonic codec needs:
/// multiply-add and divide by a small number, and subtract one.
struct BigUnsigned: Equatable {
  /// 32-bit limbs, least significant first, without trailing zero limbs (zero is empty).
  private(set) var limbs: [UInt32] = []

  var isZero: Bool { limbs.isEmpty }

  /// `self = self * factor + addend`.
  mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
    var carry = UInt64(addend)
    for index in limbs.indices {
      let product = UInt64(limbs[index]) * UInt64(factor) + carry
      limbs[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry > 0 { limbs.append(UInt32(carry)) }
  }

  /// Divides by `divisor` in place and returns the remainder.
  mutating func divide(by divisor: UInt32) -> UInt32 {
    var remainder: UInt64 = 0
    for index in limbs.indices.reversed() {
      let current = remainder << 32 | UInt64(limbs[index])
      limbs[index] = UInt32(current / UInt64(divisor))
      remainder = current % UInt64(divisor)
    }
    trim()
    return UInt32(remainder)
  }

  /// `self -= 1`; `self` must not be zero.
  mutating func decrement() {
    var index = 0
    while limbs[index] == 0 {
      limbs[index] = UInt32.max
      index += 1
    }
    limbs[index] -= 1
    trim()
  }

  /// Whether `self < value`.
  func isLess(than value: UInt32) -> Bool {
    limbs.count <= 1 && (limbs.first ?? 0) < value
  }

  /// The value, when it fits in 32 bits.
  var smallValue: UInt32 { limbs.first ?? 0 }

  private mutating func trim() {
    while limbs.last == 0 { limbs.removeLast() }
  }
}
