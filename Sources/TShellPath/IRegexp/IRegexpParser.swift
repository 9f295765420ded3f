/// Parses the I-Regexp grammar of RFC 9485 §5.3 into a `RegexNode`; nil for any invalid pattern.
struct IRegexpParser {
  private let scalars: [Unicode.Scalar]
  private var index = 0

  init(_ pattern: String) {
    scalars = Array(pattern.unicodeScalars)
  }

  mutating func parse() -> RegexNode? {
    guard let node = parseAlternation(), index == scalars.count else { return nil }
    return node
  }

  private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  private mutating func parseAlternation() -> RegexNode? {
    var branches: [RegexNode] = []
    while true {
      guard let branch = parseBranch() else { return nil }
      branches.append(branch)
      guard peek == "|" else { break }
      index += 1
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseBranch() -> RegexNode? {
    var pieces: [RegexNode] = []
    while let next = peek, next != "|", next != ")" {
      guard let atom = parseAtom(), let piece = parseQuantifier(atom) else { return nil }
      pieces.append(piece)
    }
    return pieces.isEmpty ? .empty : (pieces.count == 1 ? pieces[0] : .concatenation(pieces))
  }

  private mutating func parseQuantifier(_ atom: RegexNode) -> RegexNode? {
    switch peek {
    case "*":
      index += 1
      return .repetition(atom, min: 0, max: nil)
    case "+":
      index += 1
      return .repetition(atom, min: 1, max: nil)
    case "?":
      index += 1
      return .repetition(atom, min: 0, max: 1)
    case "{":
      index += 1
      guard let min = parseDecimal() else { return nil }
      var max: Int? = min
      if peek == "," {
        index += 1
        max = peek == "}" ? nil : parseDecimal()
        if max == nil && peek != "}" { return nil }
      }
      guard peek == "}" else { return nil }
      index += 1
      if let max, max < min { return nil }
      return .repetition(atom, min: min, max: max)
    default:
      return atom
    }
  }

  private mutating func parseDecimal() -> Int? {
    var value = 0
    var digits = 0
    while let next = peek, next.value >= 0x30 && next.value <= 0x39 {
      value = min(value * 10 + Int(next.value - 0x30), 1 << 30)
      digits += 1
      index += 1
    }
    return digits > 0 ? value : nil
  }

  private mutating func parseAtom() -> RegexNode? {
    guard let next = peek else { return nil }
    switch next {
    case "(":
      index += 1
      guard let inner = parseAlternation(), peek == ")" else { return nil }
      index += 1
      return inner
    case ".":
      index += 1
      return .set(.dot)
    case "^":
      index += 1
      return .start
    case "$":
      index += 1
      return .end
    case "[":
      return parseClassExpression().map(RegexNode.set)
    case "\\":
      return parseEscape(inClass: false).map(RegexNode.set)
    case ")", "*", "+", "?", "]", "{", "|", "}":
      return nil
    default:
      index += 1
      return .set(.scalar(next.value))
    }
  }

  /// `\p{…}`, `\P{…}` or a single-character escape.
  private mutating func parseEscape(inClass: Bool) -> CharacterSet? {
    index += 1  // "\"
    guard let code = peek else { return nil }
    index += 1
    switch code {
    case "p", "P":
      guard peek == "{" else { return nil }
      index += 1
      var name = ""
      while let next = peek, next != "}" {
        name.unicodeScalars.append(next)
        index += 1
      }
      guard peek == "}", let category = UnicodeCategoryClass(name) else { return nil }
      index += 1
      return CharacterSet(categories: [(category, code == "P")])
    case "n": return .scalar(0x0A)
    case "r": return .scalar(0x0D)
    case "t": return .scalar(0x09)
    case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}":
      return .scalar(code.value)
    default:
      return nil
    }
  }

  /// `[` `^`? (`-` | item) item* `-`? `]`.
  private mutating func parseClassExpression() -> CharacterSet? {
    index += 1  // "["
    var set = CharacterSet()
    if peek == "^" {
      set.negated = true
      index += 1
    }
    var first = true
    while true {
      guard let next = peek else { return nil }
      if next == "]" && !first {
        index += 1
        return set
      }
      if next == "-" {
        index += 1
        guard first || peek == "]" else { return nil }
        set.ranges.append(0x2D...0x2D)
        first = false
        continue
      }
      guard let item = parseClassItem() else { return nil }
      set.ranges += item.ranges
      set.categories += item.categories
      first = false
    }
  }

  /// A character, a range `a-z`, or a category escape inside a class.
  private mutating func parseClassItem() -> CharacterSet? {
    if peek == "\\", index + 1 < scalars.count, scalars[index + 1] == "p" || scalars[index + 1] == "P" {
      return parseEscape(inClass: true)
    }
    guard let low = parseClassCharacter() else { return nil }
    guard peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" else { return .scalar(low) }
    index += 1
    guard let high = parseClassCharacter(), low <= high else { return nil }
    return CharacterSet(ranges: [low...high])
  }

  private mutating func parseClassCharacter() -> UInt32? {
    guard let next = peek else { return nil }
    switch next {
    case "\\":
      if index + 1 < scalars.count, scalars[index + 1] == "p" || scalars[index + 1] == "P" { return nil }
      return parseEscape(inClass: true)?.ranges.first?.lowerBound
    case "-", "[", "]":
      return nil
    default:
      index += 1
      return next.value
    }
  }
}
