/// RFC 4180 quoting, checked before the CSV library reads a text: the library keeps reading past
/// a quoted field that is never closed or has text after its closing quote, and drops characters
/// there, so such a text is refused with the line of the field instead.
enum CSVQuoting {
  /// What is wrong with the quoting of `text`, or nil when nothing is.
  static func problem(in text: String) -> String? {
    var line = 1
    var quotedSince: Int?
    var afterClosingQuote = false
    var atFieldStart = true
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    while let scalar = pending ?? scalars.next() {
      pending = nil
      if quotedSince != nil {
        if scalar == "\"" {
          let next = scalars.next()
          if next == "\"" { continue }
          quotedSince = nil
          afterClosingQuote = true
          pending = next
        } else if scalar == "\n" {
          line += 1
        }
        continue
      }
      if afterClosingQuote {
        guard scalar == "," || scalar == "\n" || scalar == "\r" else {
          return "line \(line): text after a closing quote (a quote inside a quoted field is written \"\")"
        }
        afterClosingQuote = false
      }
      switch scalar {
      case "\"" where atFieldStart:
        quotedSince = line
      case ",", "\r":
        atFieldStart = true
      case "\n":
        line += 1
        atFieldStart = true
      default:
        atFieldStart = false
      }
    }
    return quotedSince.map { "line \($0): a quoted field is not closed" }
  }
}
