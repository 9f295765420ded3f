/// Builtins on time: seconds since the epoch (with fractions), printed and read in UTC.
extension BuiltinRegistry {
  static let time: [Builtin] = [
    Builtin(
      name: "now", group: "time", summary: "seconds since the epoch (1970-01-01T00:00:00Z), with fractions",
      usage: "now()", example: "now() > 1700000000", arity: 0...0, input: .none
    ) { context in
      .double(context.host.currentTime())
    },
    Builtin(
      name: "format_time", group: "time",
      summary: "seconds since the epoch as text, in UTC: RFC 3339, or strftime's %Y %m %d %H %M %S %j %a %b %z %%",
      usage: "format_time(seconds[, format])", example: "format_time(1796551200)", arity: 1...2, input: .firstArgument
    ) { context in
      let seconds = try context.number(0, "seconds")
      guard seconds.isFinite, abs(seconds) < 253_402_300_800 else {
        throw context.fail(
          "format_time's seconds must be within the years 0000 to 9999, not \(Operators.shortText(context.arguments[0]))")
      }
      let format = context.arguments.count > 1 ? try context.string(1, "format") : "%Y-%m-%dT%H:%M:%SZ"
      return .string(try CivilTime(seconds: Int(seconds.rounded(.down))).format(format) { context.fail($0) })
    },
    Builtin(
      name: "parse_time", group: "time",
      summary: "text as seconds since the epoch: RFC 3339 (any offset), or a format of format_time's (UTC unless %z)",
      usage: "parse_time(text[, format])", example: "parse_time(\"2026-12-06T10:00:00Z\")", arity: 1...2,
      input: .firstArgument
    ) { context in
      let text = try context.string(0, "text")
      if context.arguments.count > 1 {
        return try CivilTime.parse(text, format: try context.string(1, "format")) { context.fail($0) }
      }
      return try CivilTime.parseRFC3339(text) { context.fail($0) }
    },
  ]
}

/// A moment in UTC as the calendar writes it, from and to seconds since the epoch (the
/// proleptic Gregorian calendar, without Foundation).
struct CivilTime {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int
  var second: Int

  static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  init(seconds: Int) {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - days * 86_400
    (year, month, day) = CivilTime.civil(fromDays: days)
    hour = rest / 3600
    minute = rest % 3600 / 60
    second = rest % 60
  }

  init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
  }

  var seconds: Int { CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second }

  var dayOfYear: Int { CivilTime.days(year: year, month: month, day: day) - CivilTime.days(year: year, month: 1, day: 1) + 1 }

  var weekday: Int {
    let days = CivilTime.days(year: year, month: month, day: day)
    return ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
  }

  /// Days since the epoch of a date (Howard Hinnant's algorithm).
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func civil(fromDays days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPosition = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPosition + 2) / 5 + 1
    let month = monthPosition < 10 ? monthPosition + 3 : monthPosition - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  func format(_ format: String, fail: (String) -> LanguageError) throws -> String {
    func padded(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    var result = ""
    var scalars = format.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      guard scalar == "%" else {
        result.unicodeScalars.append(scalar)
        continue
      }
      switch scalars.next() {
      case "Y"?: result += padded(year, 4)
      case "m"?: result += padded(month, 2)
      case "d"?: result += padded(day, 2)
      case "H"?: result += padded(hour, 2)
      case "M"?: result += padded(minute, 2)
      case "S"?: result += padded(second, 2)
      case "j"?: result += padded(dayOfYear, 3)
      case "a"?: result += CivilTime.weekdays[weekday]
      case "b"?: result += CivilTime.months[month - 1]
      case "z"?: result += "+0000"
      case "%"?: result += "%"
      case let other?: throw fail("format_time does not know %\(other): it knows %Y %m %d %H %M %S %j %a %b %z %%")
      case nil: throw fail("format_time's format ends with a lone %")
      }
    }
    return result
  }
}
