/// Builtins that encode text and make identifiers.
extension BuiltinRegistry {
  static let encoding: [Builtin] = [
    Builtin(
      name: "base64", group: "data", summary: "the text's UTF-8 bytes in base64 (RFC 4648, with padding)",
      usage: "base64(text)", example: "\"ann:pw\" | base64", arity: 1...1, input: .firstArgument
    ) { context in
      .string(Base64.encode(Array(try context.string(0, "text").utf8)))
    },
    Builtin(
      name: "base64_decode", group: "data", summary: "the text that base64 (RFC 4648, padding optional) encodes",
      usage: "base64_decode(text)", example: "\"YW5uOnB3\" | base64_decode", arity: 1...1, input: .firstArgument
    ) { context in
      let text = try context.string(0, "text")
      guard let bytes = Base64.decode(text) else { throw context.fail("base64_decode's text is not base64") }
      guard let decoded = String(validating: bytes, as: UTF8.self) else {
        throw context.fail("base64_decode: the decoded bytes are not UTF-8 text")
      }
      return .string(decoded)
    },
    Builtin(
      name: "sha256", group: "data", summary: "the SHA-256 digest of the text's UTF-8 bytes, in lowercase hex",
      usage: "sha256(text)", example: "\"abc\" | sha256", arity: 1...1, input: .firstArgument
    ) { context in
      .string(
        SHA256.digest(Array(try context.string(0, "text").utf8)).map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 15)] }
          .joined())
    },
    Builtin(
      name: "url_encode", group: "data",
      summary: "the text with every character but RFC 3986's unreserved ones as UTF-8 %XX",
      usage: "url_encode(text)", example: "\"a b/c\" | url_encode", arity: 1...1, input: .firstArgument
    ) { context in
      var encoded = ""
      for byte in try context.string(0, "text").utf8 {
        let unreserved =
          (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-")
          || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
        encoded +=
          unreserved
          ? String(Unicode.Scalar(byte)) : "%" + hexDigits[Int(byte >> 4)].uppercased() + hexDigits[Int(byte & 15)].uppercased()
      }
      return .string(encoded)
    },
    Builtin(
      name: "uuid", group: "data", summary: "a random UUID (version 4), in lowercase", usage: "uuid()",
      example: "uuid() | length", arity: 0...0, input: .none
    ) { context in
      var bytes = try context.host.randomBytes(16)
      bytes[6] = bytes[6] & 0x0F | 0x40
      bytes[8] = bytes[8] & 0x3F | 0x80
      let hex = bytes.map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 15)] }
      return .string(
        [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-"))
    },
  ]

  static let hexDigits = "0123456789abcdef".map(String.init)
}

/// RFC 4648 base64.
enum Base64 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
      for position in 0..<4 {
        output.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(position)) & 63)] : UInt8(ascii: "="))
      }
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }

  static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    var padding = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "=") {
        padding += 1
        continue
      }
      guard padding == 0, let index = alphabet.firstIndex(of: byte) else { return nil }
      values.append(UInt8(index))
    }
    guard values.count % 4 != 1, padding <= 2 else { return nil }
    var output: [UInt8] = []
    var index = 0
    while index < values.count {
      let chunk = values[index..<min(index + 4, values.count)]
      let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (18 - 6 * UInt32($1.offset)) }
      for position in 0..<(chunk.count - 1) { output.append(UInt8(value >> (16 - 8 * UInt32(position)) & 0xFF)) }
      index += 4
    }
    return output
  }
}
