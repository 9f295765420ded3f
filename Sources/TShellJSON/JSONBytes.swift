/// The bytes of a JSON text in memory that a `JSONDocument` owns for its lifetime.
public final class JSONBytes: @unchecked Sendable {
  /// The first byte (valid for `count` bytes).
  public let base: UnsafePointer<UInt8>
  /// How many bytes there are.
  public let count: Int
  private let release: @Sendable (UnsafeRawPointer) -> Void

  /// Takes ownership of `count` bytes at `base`; `release` frees them when the bytes are no longer used.
  public init(base: UnsafePointer<UInt8>, count: Int, release: @escaping @Sendable (UnsafeRawPointer) -> Void) {
    self.base = base
    self.count = count
    self.release = release
  }

  /// Copies the bytes of `collection`.
  public convenience init(copying collection: some Collection<UInt8>) {
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(collection.count, 1))
    let copied = collection.withContiguousStorageIfAvailable { bytes in
      if let base = bytes.baseAddress { storage.initialize(from: base, count: bytes.count) }
      return bytes.count
    }
    if let copied {
      self.init(base: storage, count: copied) { $0.deallocate() }
      return
    }
    var index = 0
    for byte in collection {
      storage[index] = byte
      index += 1
    }
    self.init(base: storage, count: index) { $0.deallocate() }
  }

  /// The bytes as a buffer; valid only while this object is alive (prefer `withBuffer`).
  public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Calls `body` with the bytes, keeping them alive meanwhile.
  public func withBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try withExtendedLifetime(self) { try body(buffer) }
  }

  /// The bytes decoded as UTF-8 text (invalid sequences repaired).
  public var text: String { withBuffer { String(decoding: $0, as: UTF8.self) } }

  /// The text, or where its first byte that is not UTF-8 stands.
  public var validText: Result<String, InvalidUTF8> {
    withBuffer { bytes in
      if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
      var iterator = bytes.makeIterator()
      var decoder = UTF8()
      var offset = 0
      while case .scalarValue(let scalar) = decoder.decode(&iterator) { offset += UTF8.width(scalar) }
      return .failure(InvalidUTF8(offset: offset))
    }
  }

  deinit { release(UnsafeRawPointer(base)) }
}

/// Text that is not valid UTF-8: where its first bad byte is.
public struct InvalidUTF8: Error, Sendable, Equatable {
  public var offset: Int
}
