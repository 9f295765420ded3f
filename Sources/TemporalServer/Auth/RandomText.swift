import Synchronization

/// Random text from the system's cryptographic generator.
enum RandomText {
  /// `count` lower-case letters (the shape of the original's tokens and reset passwords).
  static func lowercaseLetters(_ count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    return String((0..<count).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
  }

  /// A version 4 UUID in lower case, from a fast generator seeded once by the system's (request
  /// IDs need to be unique, not secret).
  static func uuid() -> String {
    let high = RequestIDSource.shared.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
    let low = RequestIDSource.shared.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
    let hex: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: 36) { buffer in
      var position = 0
      for (word, shifts) in [(high, stride(from: 60, through: 0, by: -4)), (low, stride(from: 60, through: 0, by: -4))] {
        for shift in shifts {
          if position == 8 || position == 13 || position == 18 || position == 23 {
            buffer[position] = UInt8(ascii: "-")
            position += 1
          }
          buffer[position] = hex.utf8Start[Int((word >> UInt64(shift)) & 15)]
          position += 1
        }
      }
      return position
    }
  }
}

/// SplitMix64 over an atomic counter: unique values without a system call per request.
final class RequestIDSource: Sendable {
  static let shared = RequestIDSource()
  private let state: Atomic<UInt64>

  private init() {
    var generator = SystemRandomNumberGenerator()
    state = Atomic(generator.next())
  }

  func next() -> UInt64 {
    var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
