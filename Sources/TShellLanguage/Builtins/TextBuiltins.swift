/// Builtins on text. Positions and lengths count Unicode scalars, as `length` does.
extension BuiltinRegistry {
  static let text: [Builtin] = [
    Builtin(
      name: "join", group: "text", summary: "the elements of an array as one string, separated (by a space unless given)",
      usage: "join(array[, separator])", example: "[\"a\", \"b\"] | join(\"-\")", arity: 1...2, input: .firstArgument
    ) { context in
      let separator = context.arguments.count > 1 ? try context.string(1, "separator") : " "
      return .string(try context.array(0, "array").map(Operators.text).joined(separator: separator))
    },
    Builtin(
      name: "split", group: "text", summary: "a string cut at each separator, by Unicode scalars (\"\" splits them all)",
      usage: "split(string, separator)", example: "\"a,b,c\" | split(\",\")", arity: 2...2, input: .firstArgument
    ) { context in
      .array(TextScalars.split(try context.string(0, "text"), by: try context.string(1, "separator")).map(JSONValue.string))
    },
    Builtin(
      name: "upper", group: "text", summary: "the text in upper case", usage: "upper(text)",
      example: "\"ann\" | upper", arity: 1...1, input: .firstArgument
    ) { context in .string(try context.string(0, "text").uppercased()) },
    Builtin(
      name: "lower", group: "text", summary: "the text in lower case", usage: "lower(text)",
      example: "\"ANN\" | lower", arity: 1...1, input: .firstArgument
    ) { context in .string(try context.string(0, "text").lowercased()) },
    Builtin(
      name: "trim", group: "text", summary: "the text without white space (and line ends) at either end", usage: "trim(text)",
      example: "\"  db1 \\r\" | trim", arity: 1...1, input: .firstArgument
    ) { context in .string(TextScalars.trimmed(try context.string(0, "text"), start: true, end: true)) },
    Builtin(
      name: "trim_start", group: "text", summary: "the text without white space at its start", usage: "trim_start(text)",
      example: "\"  db1 \" | trim_start", arity: 1...1, input: .firstArgument
    ) { context in .string(TextScalars.trimmed(try context.string(0, "text"), start: true, end: false)) },
    Builtin(
      name: "trim_end", group: "text", summary: "the text without white space at its end", usage: "trim_end(text)",
      example: "\"  db1 \" | trim_end", arity: 1...1, input: .firstArgument
    ) { context in .string(TextScalars.trimmed(try context.string(0, "text"), start: false, end: true)) },
    Builtin(
      name: "replace", group: "text", summary: "the text with every occurrence of old replaced by new (literally)",
      usage: "replace(text, old, new)", example: "\"a-b-c\" | replace(\"-\", \"+\")", arity: 3...3, input: .firstArgument
    ) { context in
      let text = try context.string(0, "text")
      let old = try context.string(1, "old text")
      let new = try context.string(2, "new text")
      guard !old.isEmpty else { throw context.fail("replace's old text cannot be empty") }
      return .string(TextScalars.split(text, by: old).joined(separator: new))
    },
    Builtin(
      name: "starts_with", group: "text", summary: "whether the text starts with the prefix",
      usage: "starts_with(text, prefix)", example: "\"ann-laptop\" | starts_with(\"ann-\")", arity: 2...2,
      input: .firstArgument
    ) { context in
      .bool(try context.string(0, "text").unicodeScalars.starts(with: try context.string(1, "prefix").unicodeScalars))
    },
    Builtin(
      name: "ends_with", group: "text", summary: "whether the text ends with the suffix",
      usage: "ends_with(text, suffix)", example: "\"keys.words\" | ends_with(\".words\")", arity: 2...2,
      input: .firstArgument
    ) { context in
      let text = Array(try context.string(0, "text").unicodeScalars)
      let suffix = Array(try context.string(1, "suffix").unicodeScalars)
      return .bool(text.count >= suffix.count && text[(text.count - suffix.count)...].elementsEqual(suffix))
    },
    Builtin(
      name: "contains", group: "text",
      summary: "whether a string holds the part, an array the element, or an object the key",
      usage: "contains(value, part)", example: "[\"a\", \"b\"] | contains(\"b\")", arity: 2...2, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .string(let text): return .bool(TextScalars.index(of: try context.string(1, "part"), in: text) != nil)
      case .array(let elements): return .bool(elements.contains(context.arguments[1]))
      case .object(let object): return .bool(object[try context.string(1, "key")] != nil)
      default: throw context.wrongKind(0, "value", expected: "a string, array or object")
      }
    },
    Builtin(
      name: "index_of", group: "text",
      summary: "where the part first stands in a string (in Unicode scalars), or an element in an array; null if absent",
      usage: "index_of(value, part)", example: "\"ann-laptop\" | index_of(\"-\")", arity: 2...2, input: .firstArgument
    ) { context in
      switch context.arguments[0] {
      case .string(let text): return TextScalars.index(of: try context.string(1, "part"), in: text).map(JSONValue.int) ?? .null
      case .array(let elements): return elements.firstIndex(of: context.arguments[1]).map(JSONValue.int) ?? .null
      default: throw context.wrongKind(0, "value", expected: "a string or an array")
      }
    },
    Builtin(
      name: "slice", group: "text",
      summary: "the part of a string (Unicode scalars) or array from start up to end (exclusive; negative from the end)",
      usage: "slice(value, start[, end])", example: "\"ann-laptop\" | slice(4)", arity: 2...3, input: .firstArgument
    ) { context in
      let start = try context.integer(1, "start")
      let end = context.arguments.count > 2 ? try context.integer(2, "end") : nil
      switch context.arguments[0] {
      case .string(let text):
        let scalars = Array(text.unicodeScalars)
        return .string(TextScalars.string(scalars[TextScalars.bounds(start, end, count: scalars.count)]))
      case .array(let elements):
        return .array(Array(elements[TextScalars.bounds(start, end, count: elements.count)]))
      default: throw context.wrongKind(0, "value", expected: "a string or an array")
      }
    },
    Builtin(
      name: "pad_start", group: "text", summary: "the text made width scalars long by filling at its start (spaces unless given)",
      usage: "pad_start(text, width[, fill])", example: "\"7\" | pad_start(3, \"0\")", arity: 2...3, input: .firstArgument
    ) { context in try pad(context, atStart: true) },
    Builtin(
      name: "pad_end", group: "text", summary: "the text made width scalars long by filling at its end (spaces unless given)",
      usage: "pad_end(text, width[, fill])", example: "\"ann\" | pad_end(6) | length", arity: 2...3, input: .firstArgument
    ) { context in try pad(context, atStart: false) },
    Builtin(
      name: "repeat", group: "text", summary: "the text repeated n times", usage: "repeat(text, n)",
      example: "\"ab\" | repeat(3)", arity: 2...2, input: .firstArgument
    ) { context in
      let text = try context.string(0, "text")
      let count = try context.integer(1, "count")
      guard count >= 0 else { throw context.fail("repeat's count must be at least 0, not \(count)") }
      guard text.utf8.count.multipliedReportingOverflow(by: count).partialValue <= Operators.maximumTextBytes,
        !text.utf8.count.multipliedReportingOverflow(by: count).overflow
      else { throw context.fail("repeat would make a string larger than 256 MB") }
      return .string(String(repeating: text, count: count))
    },
    Builtin(
      name: "lines", group: "text", summary: "the lines of a text (LF or CRLF), without a last empty one",
      usage: "lines(text)", example: "\"a\\r\\nb\\n\" | lines", arity: 1...1, input: .firstArgument
    ) { context in
      var parts = TextScalars.split(try context.string(0, "text"), by: "\n").map { part in
        part.unicodeScalars.last == "\r" ? String(String.UnicodeScalarView(part.unicodeScalars.dropLast())) : part
      }
      if parts.last == "" { parts.removeLast() }
      return .array(parts.map(JSONValue.string))
    },
    Builtin(
      name: "number", group: "text", summary: "the number a JSON number text stands for (an error for other text)",
      usage: "number(text)", example: "\"42\" | number", arity: 1...1, input: .firstArgument
    ) { context in
      if case .number = context.arguments[0] { return context.arguments[0] }
      let text = try context.string(0, "text")
      guard let number = JSONNumber(TextScalars.trimmed(text, start: true, end: true)) else {
        throw context.fail("number needs JSON number text, not \(Operators.shortText(.string(text)))")
      }
      return .number(number)
    },
    Builtin(
      name: "match", group: "text", summary: "whether the whole text matches the I-Regexp (RFC 9485), as in filters",
      usage: "match(text, regexp)", example: "\"ann-1\" | match(\"[a-z]+-[0-9]\")", arity: 2...2, input: .firstArgument
    ) { context in
      .bool(try regexp(context).matches(try context.string(0, "text")))
    },
    Builtin(
      name: "search", group: "text", summary: "whether some part of the text matches the I-Regexp; ^ and $ anchor",
      usage: "search(text, regexp)", example: "\"12D3KooWx\" | search(\"^12D3KooW\")", arity: 2...2,
      input: .firstArgument
    ) { context in
      .bool(try regexp(context).isFound(in: try context.string(0, "text")))
    },
  ]

  /// The pattern argument, compiled; an error that says why when it is no I-Regexp.
  private static func regexp(_ context: BuiltinContext) throws -> IRegexp {
    let pattern = try context.string(1, "regexp")
    guard let compiled = IRegexp(pattern) else {
      throw context.fail("\(context.possessive) regexp is not an I-Regexp (RFC 9485): \(pattern)")
    }
    return compiled
  }

  private static func pad(_ context: BuiltinContext, atStart: Bool) throws -> JSONValue {
    let text = try context.string(0, "text")
    let width = try context.integer(1, "width")
    let fill = context.arguments.count > 2 ? try context.string(2, "fill") : " "
    guard fill.unicodeScalars.count == 1 else { throw context.fail("\(context.possessive) fill must be one character") }
    let missing = width - text.unicodeScalars.count
    guard missing > 0 else { return .string(text) }
    guard missing <= 1 << 24 else { throw context.fail("\(context.possessive) width is too large: \(width)") }
    let padding = String(repeating: fill, count: missing)
    return .string(atStart ? padding + text : text + padding)
  }
}
