/// Byte-level scanning of tshell source: trivia, names, numbers and bare words. The parser
/// decides which of these to ask for, since what a character means depends on where it stands
/// (an operator in an expression, part of a word among command words).
struct Scanner {
  let utf8: [UInt8]
  var position = 0
  /// Where comments are noted, when anything wants them.
  let comments: ParseProbe?

  init(_ utf8: [UInt8], comments: ParseProbe? = nil) {
    self.utf8 = utf8
    self.comments = comments
  }

  var isAtEnd: Bool { position >= utf8.count }
  var peek: UInt8? { position < utf8.count ? utf8[position] : nil }

  func peek(_ offset: Int) -> UInt8? {
    position + offset < utf8.count ? utf8[position + offset] : nil
  }

  /// Whether the source continues with `text` here.
  func at(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard position + count <= utf8.count else { return false }
    for index in 0..<count where utf8[position + index] != text.utf8Start[index] { return false }
    return true
  }

  /// Skips spaces, tabs, comments and backslash-newline continuations; stops at a newline.
  mutating func skipSpaces() {
    while let byte = peek {
      if byte == 0x20 || byte == 0x09 || byte == 0x0D {
        position += 1
      } else if byte == UInt8(ascii: "#") {
        let start = position
        while let next = peek, next != 0x0A { position += 1 }
        comments?.comment(SourceSpan(start, position))
      } else if byte == UInt8(ascii: "\\") && (peek(1) == 0x0A || (peek(1) == 0x0D && peek(2) == 0x0A)) {
        position += peek(1) == 0x0A ? 2 : 3
      } else {
        return
      }
    }
  }

  /// Skips spaces, comments and newlines (inside brackets, where lines do not end statements).
  mutating func skipSpacesAndNewlines() {
    while true {
      skipSpaces()
      guard peek == 0x0A else { return }
      position += 1
    }
  }

  /// Skips spaces, newlines and `;` between statements.
  mutating func skipStatementSeparators() {
    while true {
      skipSpacesAndNewlines()
      guard peek == UInt8(ascii: ";") else { return }
      position += 1
    }
  }

  static func isNameStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
  }

  static func isNameCharacter(_ byte: UInt8) -> Bool {
    isNameStart(byte) || isDigit(byte)
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// Whether `byte` can be part of a bare word: anything but blanks and `| ; ( ) { } [ ] " ' $ #`.
  static func isWordCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "|"), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"),
      UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\""),
      UInt8(ascii: "'"), UInt8(ascii: "$"), UInt8(ascii: "#"):
      return false
    default:
      return true
    }
  }

  /// Scans `[A-Za-z_][A-Za-z0-9_]*`, or returns nil.
  mutating func scanName() -> String? {
    guard let first = peek, Scanner.isNameStart(first) else { return nil }
    let start = position
    while let byte = peek, Scanner.isNameCharacter(byte) { position += 1 }
    return String(decoding: utf8[start..<position], as: UTF8.self)
  }

  /// The name at the current position, without consuming it.
  func peekName() -> String? {
    var copy = self
    return copy.scanName()
  }

  /// Scans a run of word characters.
  mutating func scanBareWord() -> String {
    let start = position
    while let byte = peek, Scanner.isWordCharacter(byte) { position += 1 }
    return String(decoding: utf8[start..<position], as: UTF8.self)
  }

  /// The end of a JSON number literal starting here (no sign), or nil.
  func numberEnd() -> Int? {
    var index = position
    guard index < utf8.count, Scanner.isDigit(utf8[index]) else { return nil }
    if utf8[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < utf8.count && Scanner.isDigit(utf8[index]) { index += 1 }
    }
    if index + 1 < utf8.count && utf8[index] == UInt8(ascii: ".") && Scanner.isDigit(utf8[index + 1]) {
      index += 1
      while index < utf8.count && Scanner.isDigit(utf8[index]) { index += 1 }
    }
    if index < utf8.count && (utf8[index] | 0x20) == UInt8(ascii: "e") {
      var exponent = index + 1
      if exponent < utf8.count && (utf8[exponent] == UInt8(ascii: "+") || utf8[exponent] == UInt8(ascii: "-")) {
        exponent += 1
      }
      if exponent < utf8.count && Scanner.isDigit(utf8[exponent]) {
        index = exponent
        while index < utf8.count && Scanner.isDigit(utf8[index]) { index += 1 }
      }
    }
    return index
  }

  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: utf8[start..<end], as: UTF8.self)
  }
}
