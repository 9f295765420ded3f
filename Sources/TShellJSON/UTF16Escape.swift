/// The pieces of string escapes that every parser of them needs (JSON, JSONPath, tshell strings,
/// percent-encoding): hex digits, the one-letter control escapes, UTF-16 surrogate pairs.
public enum UTF16Escape {
  /// The value of a hex digit, or nil.
  @inline(__always)
  public static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// The character a one-letter escape stands for: `b f n r t` (as in `\n`), or nil.
  @inline(__always)
  public static func controlCharacter(escapedBy letter: UInt8) -> UInt8? {
    switch letter {
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
  }

  /// Whether a UTF-16 code unit is the first of a surrogate pair.
  @inline(__always)
  public static func isHighSurrogate(_ unit: UInt32) -> Bool { (0xD800...0xDBFF).contains(unit) }

  /// Whether a UTF-16 code unit is the second of a surrogate pair.
  @inline(__always)
  public static func isLowSurrogate(_ unit: UInt32) -> Bool { (0xDC00...0xDFFF).contains(unit) }

  /// The scalar a surrogate pair stands for.
  @inline(__always)
  public static func scalar(high: UInt32, low: UInt32) -> UInt32 {
    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
  }
}
