/// The layout of one tape entry: a 64-bit word per JSON value (and per object key).
///
/// Bits 61–63 hold the tag. Scalars keep a 36-bit byte offset into the text and a 24-bit length
/// (all ones when longer: rescan), and bit 60 says "has escapes" (strings) or "is an integer"
/// (numbers). Containers keep the index just past their last descendant in bits 0–31, their
/// child count in bits 32–59 (all ones when larger: count by walking), and bit 60 says
/// "has duplicate keys" (objects). Containers and scalars are one entry each, so a document
/// costs about as much memory as its text.
@usableFromInline
enum Tape {
  @usableFromInline static let null: UInt64 = 0
  @usableFromInline static let falseTag: UInt64 = 1
  @usableFromInline static let trueTag: UInt64 = 2
  @usableFromInline static let number: UInt64 = 3
  @usableFromInline static let string: UInt64 = 4
  @usableFromInline static let array: UInt64 = 5
  @usableFromInline static let object: UInt64 = 6

  @usableFromInline static let flagBit: UInt64 = 1 << 60
  @usableFromInline static let offsetMask: UInt64 = (1 << 36) - 1
  @usableFromInline static let longLength: Int = (1 << 24) - 1
  @usableFromInline static let manyChildren: Int = (1 << 28) - 1

  @inlinable @inline(__always)
  static func tag(_ entry: UInt64) -> UInt64 { entry >> 61 }

  @inlinable @inline(__always)
  static func hasFlag(_ entry: UInt64) -> Bool { entry & flagBit != 0 }

  @inlinable @inline(__always)
  static func offset(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & offsetMask) }

  @inlinable @inline(__always)
  static func length(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: (entry >> 36) & 0xFF_FFFF) }

  @inlinable @inline(__always)
  static func end(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) }

  /// The index after the node at `node` (whose entry is `entry`) and all its descendants.
  @inlinable @inline(__always)
  static func next(after node: Int, _ entry: UInt64) -> Int { tag(entry) >= array ? end(entry) : node + 1 }

  @inlinable @inline(__always)
  static func childCount(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: (entry >> 32) & 0x0FFF_FFFF) }

  @inlinable @inline(__always)
  static func scalar(_ tag: UInt64, offset: Int, length: Int, flag: Bool) -> UInt64 {
    tag << 61 | (flag ? flagBit : 0) | UInt64(min(length, longLength)) << 36 | UInt64(offset)
  }

  @inlinable @inline(__always)
  static func container(_ tag: UInt64, end: Int, count: Int, flag: Bool) -> UInt64 {
    tag << 61 | (flag ? flagBit : 0) | UInt64(min(count, manyChildren)) << 32 | UInt64(end)
  }
}
