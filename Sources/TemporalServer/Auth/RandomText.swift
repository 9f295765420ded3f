/// Random text from the system's cryptographic generator.
enum RandomText {
  /// `count` lower-case letters (the shape of the original's tokens and reset passwords).
  static func lowercaseLetters(_ count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    return String((0..<count).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
  }

  /// A version 4 UUID in lower case.
  static func uuid() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = bytes[6] & 0x0F | 0x40
    bytes[8] = bytes[8] & 0x3F | 0x80
    let hex = bytes.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
    let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
    return parts.joined(separator: "-")
  }
}
