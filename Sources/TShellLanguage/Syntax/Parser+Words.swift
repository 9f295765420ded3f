extension Scanner {
  /// Whether a `--flag` starts here.
  var atFlag: Bool {
    guard at("--"), let next = peek(2) else { return false }
    return Scanner.isNameStart(next)
  }
}

/// Command calls and their words: `name word "str" $v (expr) [..] {..} --flag --flag=value`.
extension Parser {
  /// A command: its name, then words up to `|`, `;`, `}`, `)` or the end of the line.
  mutating func parseCommand() throws(LanguageError) -> Expression {
    let start = scanner.position
    guard let name = scanner.scanName() else { throw unexpected("expected a command") }
    let nameSpan = SourceSpan(start, scanner.position)
    if let next = scanner.peek, Scanner.isWordCharacter(next) {
      // `name-with-dash` or `a=b`: the whole run is the command name.
      scanner.position = start
      let word = scanner.scanBareWord()
      throw error(
        "unknown command '\(word)'", at: start, length: word.utf8.count,
        hint: "command names are letters, digits and '_'; quote a string: \"\(word)\"")
    }
    var words: [Word] = []
    probe?.enter(.command(CommandCall(name: name, nameSpan: nameSpan, words: [], span: nameSpan)))
    do {
      while true {
        scanner.skipSpaces()
        guard !atWordsEnd() else { break }
        let word = try parseCommandWord()
        words.append(word)
        probe?.commandTook(word)
      }
    } catch {
      // `whlie true { … }` fails in its words; the misspelled keyword is the mistake to name.
      var failure = error
      if failure.hint == nil { failure.hint = KeywordHints.misspelledKeyword(name) }
      throw failure
    }
    let call = CommandCall(name: name, nameSpan: nameSpan, words: words, span: SourceSpan(start, scanner.position))
    probe?.commandEnded(call)
    return .command(call)
  }

  /// Whether the words of a command end here.
  func atWordsEnd() -> Bool {
    guard let byte = scanner.peek else { return true }
    switch byte {
    case 0x0A, UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "#"):
      return true
    case UInt8(ascii: "{"):
      return inHeader
    case UInt8(ascii: "]"), UInt8(ascii: ","):
      return bracketDepth > 0
    default:
      return false
    }
  }

  mutating func parseCommandWord() throws(LanguageError) -> Word {
    let start = scanner.position
    if scanner.atFlag {
      scanner.position += 2
      while let byte = scanner.peek, Scanner.isNameCharacter(byte) || byte == UInt8(ascii: "-") { scanner.position += 1 }
      let name = scanner.text(start + 2, scanner.position)
      var value: Expression? = nil
      if scanner.peek == UInt8(ascii: "=") {
        scanner.position += 1
        value =
          atWordsEnd() || scanner.peek == 0x20
          ? .literal(.string(""), SourceSpan(scanner.position, scanner.position))
          : try parseWord(statementEnd: true)
      }
      return .flag(name, value, SourceSpan(start, scanner.position))
    }
    return .value(try parseWord(statementEnd: true))
  }

  /// One word: a run of adjacent parts (bare text, strings, `$paths`, `(…)`, `[…]`, `{…}`), joined
  /// into one string when there are several (`batch-$i`).
  mutating func parseWord(statementEnd: Bool) throws(LanguageError) -> Expression {
    let start = scanner.position
    var parts: [Expression] = []
    while let byte = scanner.peek {
      switch byte {
      case UInt8(ascii: "\""): parts.append(try parseString())
      case UInt8(ascii: "'"): parts.append(try parseRawString())
      case UInt8(ascii: "$"): parts.append(try parseDollar())
      case UInt8(ascii: "("), UInt8(ascii: "["): parts.append(try parsePrimary())
      case UInt8(ascii: "{") where !inHeader && parts.isEmpty: parts.append(try parsePrimary())
      default:
        guard Scanner.isWordCharacter(byte), !(bracketDepth > 0 && byte == UInt8(ascii: ",")) else {
          if parts.isEmpty {
            if byte == UInt8(ascii: "]") { throw unexpected("there is no '[' to close") }
            throw unexpected("expected a word")
          }
          return joined(parts, SourceSpan(start, scanner.position))
        }
        let wordStart = scanner.position
        var word = scanner.scanBareWord()
        if bracketDepth > 0, let comma = word.utf8.firstIndex(of: UInt8(ascii: ",")) {
          let length = word.utf8.distance(from: word.utf8.startIndex, to: comma)
          scanner.position = wordStart + length
          word = String(decoding: word.utf8.prefix(length), as: UTF8.self)
        }
        parts.append(bareWordValue(word, SourceSpan(wordStart, scanner.position)))
      }
      if parts.count == 1, case .literal(.object, _) = parts[0], byte == UInt8(ascii: "{") { break }
    }
    return joined(parts, SourceSpan(start, scanner.position))
  }

  /// A bare word's value: `true`, `false`, `null` and JSON numbers are themselves; the rest are strings.
  private func bareWordValue(_ word: String, _ span: SourceSpan) -> Expression {
    switch word {
    case "true": return .literal(.bool(true), span)
    case "false": return .literal(.bool(false), span)
    case "null": return .literal(.null, span)
    default:
      if let first = word.utf8.first, first == UInt8(ascii: "-") || Scanner.isDigit(first), let number = JSONNumber(word) {
        return .literal(.number(number), span)
      }
      return .literal(.string(word), span)
    }
  }

  private func joined(_ parts: [Expression], _ span: SourceSpan) -> Expression {
    guard parts.count > 1 else { return parts.first ?? .literal(.string(""), span) }
    var pieces: [StringPart] = []
    for part in parts {
      if case .literal(let value, _) = part {
        pieces.append(.text(value.stringValue ?? JSONPrinter.string(value)))
      } else if case .interpolated(let inner, _) = part {
        pieces.append(contentsOf: inner)
      } else {
        pieces.append(.expression(part))
      }
    }
    return .interpolated(pieces, span)
  }
}
