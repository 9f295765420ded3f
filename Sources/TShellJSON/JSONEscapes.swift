/// Decoding of validated JSON string escapes.
enum JSONEscapes {
  /// Decodes the raw content of a validated string (between its quotes) into UTF-8.
  static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(raw.count)
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      guard byte == UInt8(ascii: "\\") else {
        output.append(byte)
        index += 1
        continue
      }
      let escaped = raw[index + 1]
      index += 2
      if let control = UTF16Escape.controlCharacter(escapedBy: escaped) {
        output.append(control)
        continue
      }
      switch escaped {
      case UInt8(ascii: "u"):
        var scalar = hex4(raw, index)
        index += 4
        if UTF16Escape.isHighSurrogate(scalar) {
          scalar = UTF16Escape.scalar(high: scalar, low: hex4(raw, index + 2))
          index += 6
        }
        appendUTF8(UInt32(scalar), to: &output)
      default: output.append(escaped)
      }
    }
    return output
  }

  /// The raw length of the string content at `start` (up to the unescaped closing quote).
  static func rawLength(_ start: UnsafePointer<UInt8>, _ available: Int) -> Int {
    var index = 0
    while index < available && start[index] != UInt8(ascii: "\"") {
      index += start[index] == UInt8(ascii: "\\") ? 2 : 1
    }
    return index
  }

  private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
    var value: UInt32 = 0
    for offset in 0..<4 { value = value << 4 | UInt32(UTF16Escape.hexValue(raw[index + offset]) ?? 0) }
    return value
  }

  /// Appends the UTF-8 encoding of `scalar`.
  static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      output.append(UInt8(scalar))
    case 0x80..<0x800:
      output.append(UInt8(0xC0 | scalar >> 6))
      output.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      output.append(UInt8(0xE0 | scalar >> 12))
      output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      output.append(UInt8(0x80 | scalar & 0x3F))
    default:
      output.append(UInt8(0xF0 | scalar >> 18))
      output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      output.append(UInt8(0x80 | scalar & 0x3F))
    }
  }
}
