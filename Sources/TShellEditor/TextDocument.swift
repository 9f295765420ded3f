import TShellJSON
import TShellLanguage

/// An open document: its URI, version and text, with LSP positions (line, UTF-16 column)
/// converted to and from the parser's byte offsets.
struct TextDocument {
  let uri: String
  var version: Int
  private(set) var text: String
  private(set) var utf8: [UInt8]
  /// Where each line starts, in bytes.
  private(set) var lineStarts: [Int]

  init(uri: String, version: Int, text: String) {
    self.uri = uri
    self.version = version
    self.text = text
    utf8 = Array(text.utf8)
    lineStarts = TextDocument.lineStarts(of: utf8)
  }

  mutating func replace(with text: String, version: Int) {
    self = TextDocument(uri: uri, version: version, text: text)
  }

  private static func lineStarts(of utf8: [UInt8]) -> [Int] {
    var starts = [0]
    for (index, byte) in utf8.enumerated() where byte == 0x0A { starts.append(index + 1) }
    return starts
  }

  /// The file path of a `file://` URI (percent-decoded), or the URI itself.
  var path: String { TextDocument.path(of: uri) }

  static func path(of uri: String) -> String {
    guard uri.hasPrefix("file://") else { return uri }
    var bytes: [UInt8] = []
    var rest = Array(uri.utf8.dropFirst(7))[...]
    while let byte = rest.first {
      rest = rest.dropFirst()
      if byte == UInt8(ascii: "%"), rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        rest = rest.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func uri(of path: String) -> String {
    var text = "file://"
    for byte in path.utf8 {
      if Scanning.isUnreserved(byte) || byte == UInt8(ascii: "/") {
        text.unicodeScalars.append(UnicodeScalar(byte))
      } else {
        text += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return text
  }

  /// The byte offset of an LSP position; nil when the line is past the end. A column past the
  /// line's end means its end, as LSP says.
  func offset(line: Int, character: Int) -> Int? {
    guard line >= 0, character >= 0, line < lineStarts.count else { return nil }
    let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : utf8.count
    var offset = lineStarts[line]
    var units = 0
    while offset < end && units < character {
      let (bytes, codeUnits) = TextDocument.character(startingWith: utf8[offset])
      units += codeUnits
      offset += bytes
    }
    return min(offset, end)
  }

  /// The LSP position of a byte offset.
  func position(of offset: Int) -> JSONValue {
    let clamped = min(max(offset, 0), utf8.count)
    var line = 0
    var low = 0
    var high = lineStarts.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if lineStarts[middle] <= clamped {
        line = middle
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    var units = 0
    var index = lineStarts[line]
    while index < clamped {
      let (bytes, codeUnits) = TextDocument.character(startingWith: utf8[index])
      units += codeUnits
      index += bytes
    }
    return ["line": .int(line), "character": .int(units)]
  }

  /// The UTF-8 bytes and UTF-16 code units of the character whose first byte is `byte`.
  private static func character(startingWith byte: UInt8) -> (bytes: Int, codeUnits: Int) {
    let bytes = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
    return (bytes, bytes == 4 ? 2 : 1)
  }

  func range(_ span: SourceSpan) -> JSONValue {
    ["start": position(of: span.start), "end": position(of: max(span.end, span.start))]
  }

  /// The whole text's range.
  var fullRange: JSONValue { range(SourceSpan(0, utf8.count)) }
}

private enum Scanning {
  static func isUnreserved(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-._~".utf8.contains(byte)
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
