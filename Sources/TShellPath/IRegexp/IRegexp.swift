/// An I-Regexp (RFC 9485): the interoperable regular expressions of JSONPath's `match()` and `search()`.
/// Outside a character class, `^` and `$` anchor at the start and the end of the text, as the
/// JSONPath compliance test suite and RFC 9485 §5.3's mapping to other dialects read them (so
/// `search(@, "^12D3KooW")` finds the values that start so).
///
/// Compiled to a small program and run by a Pike VM over Unicode scalars, so matching takes time
/// linear in the input whatever the pattern: no pattern can make a filter hang.
public final class IRegexp: Sendable {
  /// The pattern as written.
  public let pattern: String
  let program: RegexProgram

  /// The largest program a pattern may compile to; `x{1000}{1000}` is refused rather than expanded.
  static let maximumInstructions = 100_000

  /// Compiles `pattern`, or returns nil when it is not a valid I-Regexp.
  public init?(_ pattern: String) {
    var parser = IRegexpParser(pattern)
    guard let node = parser.parse() else { return nil }
    var compiler = RegexCompiler()
    guard compiler.compile(node) else { return nil }
    self.pattern = pattern
    self.program = compiler.program
  }

  /// Whether the whole of `text` matches (the semantics of `match()`).
  public func matches(_ text: String) -> Bool {
    program.run(text.unicodeScalars, anchored: true)
  }

  /// Whether some substring of `text` matches (the semantics of `search()`).
  public func isFound(in text: String) -> Bool {
    program.run(text.unicodeScalars, anchored: false)
  }
}

/// The syntax tree of a pattern.
indirect enum RegexNode {
  case empty
  case set(CharacterSet)
  /// `^`: the start of the text.
  case start
  /// `$`: the end of the text.
  case end
  case concatenation([RegexNode])
  case alternation([RegexNode])
  case repetition(RegexNode, min: Int, max: Int?)
}

/// A set of Unicode scalars: ranges and general categories, possibly negated.
struct CharacterSet: Sendable {
  var ranges: [ClosedRange<UInt32>] = []
  var categories: [(category: UnicodeCategoryClass, negated: Bool)] = []
  var negated = false

  static func scalar(_ value: UInt32) -> CharacterSet { CharacterSet(ranges: [value...value]) }

  /// `.`: any scalar but line feed and carriage return.
  static let dot = CharacterSet(ranges: [0x0A...0x0A, 0x0D...0x0D], negated: true)

  func contains(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    var found = false
    for range in ranges where range.contains(value) {
      found = true
      break
    }
    if !found {
      for entry in categories where entry.category.contains(scalar) != entry.negated {
        found = true
        break
      }
    }
    return found != negated
  }
}
