import Crypto

/// Base58btc (the Bitcoin alphabet), as peer IDs are written.
public enum Base58 {
  static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    let zeros = bytes.prefix { $0 == 0 }.count
    var number = BigUnsigned()
    for byte in bytes { number.multiplyAdd(256, UInt32(byte)) }
    var digits: [UInt8] = []
    while !number.isZero { digits.append(alphabet[Int(number.divide(by: 58))]) }
    return String(decoding: Array(repeating: UInt8(ascii: "1"), count: zeros) + digits.reversed(), as: UTF8.self)
  }

  /// The bytes of a base58btc string, or nil when it has other characters.
  public static func decode(_ text: String) -> [UInt8]? {
    var number = BigUnsigned()
    var zeros = 0
    var leading = true
    for character in text.utf8 {
      guard let digit = alphabet.firstIndex(of: character) else { return nil }
      if leading && digit == 0 { zeros += 1 } else { leading = false }
      number.multiplyAdd(58, UInt32(digit))
    }
    var bytes: [UInt8] = []
    while !number.isZero { bytes.append(UInt8(number.divide(by: 256))) }
    return Array(repeating: 0, count: zeros) + bytes.reversed()
  }
}

/// Digests the tests and tools need.
public enum TemporalKeysDigest {
  /// The SHA-256 of `bytes` in lower-case hex.
  public static func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
  }
}
