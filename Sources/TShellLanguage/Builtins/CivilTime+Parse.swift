/// Reading times: RFC 3339, and the formats `format_time` writes.
extension CivilTime {
  /// `2026-12-06T10:00:00Z`, `2026-12-06t10:00:00.25+01:00`: seconds since the epoch.
  static func parseRFC3339(_ text: String, fail: (String) -> LanguageError) throws -> JSONValue {
    let bytes = Array(text.utf8)
    var reader = DigitReader(bytes: bytes)
    func expect(_ byte: UInt8...) throws {
      guard let next = reader.next(), byte.contains(next) else {
        throw fail("parse_time needs RFC 3339 time such as 2026-12-06T10:00:00Z, not \(Operators.shortText(.string(text)))")
      }
    }
    let invalid = fail("parse_time needs RFC 3339 time such as 2026-12-06T10:00:00Z, not \(Operators.shortText(.string(text)))")
    guard let year = reader.number(4) else { throw invalid }
    try expect(UInt8(ascii: "-"))
    guard let month = reader.number(2) else { throw invalid }
    try expect(UInt8(ascii: "-"))
    guard let day = reader.number(2) else { throw invalid }
    try expect(UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "))
    guard let hour = reader.number(2) else { throw invalid }
    try expect(UInt8(ascii: ":"))
    guard let minute = reader.number(2) else { throw invalid }
    try expect(UInt8(ascii: ":"))
    guard let second = reader.number(2) else { throw invalid }
    var fraction = 0.0
    if reader.peek == UInt8(ascii: ".") {
      reader.position += 1
      var scale = 0.1
      let start = reader.position
      while let digit = reader.digit() {
        fraction += Double(digit) * scale
        scale /= 10
      }
      guard reader.position > start else { throw invalid }
    }
    var offset = 0
    switch reader.next() {
    case UInt8(ascii: "Z")?, UInt8(ascii: "z")?: break
    case let sign? where sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"):
      guard let hours = reader.number(2) else { throw invalid }
      try expect(UInt8(ascii: ":"))
      guard let minutes = reader.number(2), hours < 24, minutes < 60 else { throw invalid }
      offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
    default: throw invalid
    }
    guard reader.atEnd else { throw invalid }
    let time = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    guard time.isValid else { throw fail("parse_time: \(text) is no date of the calendar") }
    return .double(Double(time.seconds - offset) + fraction)
  }

  /// Text in a format of `format_time`'s directives; UTC unless it has `%z`.
  static func parse(_ text: String, format: String, fail: (String) -> LanguageError) throws -> JSONValue {
    var reader = DigitReader(bytes: Array(text.utf8))
    var time = CivilTime(year: 1970, month: 1, day: 1)
    var dayOfYear: Int?
    var offset = 0
    let mismatch = fail("parse_time: \(Operators.shortText(.string(text))) does not match the format \(format)")
    var directives = Array(format.utf8).makeIterator()
    while let byte = directives.next() {
      guard byte == UInt8(ascii: "%") else {
        guard reader.next() == byte else { throw mismatch }
        continue
      }
      switch directives.next().map({ Character(Unicode.Scalar($0)) }) {
      case "Y":
        guard let value = reader.number(4) else { throw mismatch }
        time.year = value
      case "m":
        guard let value = reader.number(2) else { throw mismatch }
        time.month = value
      case "d":
        guard let value = reader.number(2) else { throw mismatch }
        time.day = value
      case "H":
        guard let value = reader.number(2) else { throw mismatch }
        time.hour = value
      case "M":
        guard let value = reader.number(2) else { throw mismatch }
        time.minute = value
      case "S":
        guard let value = reader.number(2) else { throw mismatch }
        time.second = value
      case "j":
        guard let value = reader.number(3) else { throw mismatch }
        dayOfYear = value
      case "a": guard reader.word(among: weekdays) != nil else { throw mismatch }
      case "b":
        guard let index = reader.word(among: months) else { throw mismatch }
        time.month = index + 1
      case "z":
        guard let sign = reader.next(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
          let hours = reader.number(2), let minutes = reader.number(2)
        else { throw mismatch }
        offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
      case "%": guard reader.next() == UInt8(ascii: "%") else { throw mismatch }
      default: throw fail("parse_time does not know that directive: it knows %Y %m %d %H %M %S %j %a %b %z %%")
      }
    }
    guard reader.atEnd else { throw mismatch }
    if let dayOfYear {
      let days = CivilTime.days(year: time.year, month: 1, day: 1) + dayOfYear - 1
      (time.year, time.month, time.day) = CivilTime.civil(fromDays: days)
    }
    guard time.isValid else { throw fail("parse_time: \(text) is no date of the calendar") }
    return .int(time.seconds - offset)
  }

  var isValid: Bool {
    (1...12).contains(month) && day >= 1 && day <= CivilTime.daysIn(month: month, year: year) && (0...23).contains(hour)
      && (0...59).contains(minute) && (0...60).contains(second)
  }
}

/// Reads fixed-width numbers and words from bytes.
struct DigitReader {
  let bytes: [UInt8]
  var position = 0

  var atEnd: Bool { position >= bytes.count }
  var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func next() -> UInt8? {
    defer { position += 1 }
    return peek
  }

  mutating func digit() -> Int? {
    guard let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
    position += 1
    return Int(byte - UInt8(ascii: "0"))
  }

  /// Exactly `width` digits.
  mutating func number(_ width: Int) -> Int? {
    var value = 0
    for _ in 0..<width {
      guard let digit = digit() else { return nil }
      value = value * 10 + digit
    }
    return value
  }

  /// The index of the word of `words` that stands here.
  mutating func word(among words: [String]) -> Int? {
    for (index, word) in words.enumerated() where bytes[position...].starts(with: word.utf8) {
      position += word.utf8.count
      return index
    }
    return nil
  }
}
