/// Parses tshell source into a `Program`. Statements are in `Parser+Statements.swift`; expressions,
/// words, strings and literals in the other extensions next to this file.
public struct Parser {
  /// Words that start statements or stand for literals, never commands.
  public static let keywords: Set<String> = [
    "if", "else", "for", "in", "while", "break", "continue", "fn", "return", "try", "catch", "exit", "source",
    "true", "false", "null", "assert", "test", "setup", "skip",
  ]
  /// The deepest nesting of blocks, brackets, calls and unary operators a program may have.
  static let maximumNesting = 200
  /// The most binary operators an expression may chain (`1 + 1 + …`): each is a level of
  /// the tree the interpreter walks.
  static let maximumOperators = 1000

  let source: SourceFile
  var scanner: Scanner
  let symbols: SymbolTable
  /// Inside the header of `if`, `for`, `while`: a `{` opens the block, not an object.
  var inHeader = false
  var nesting = 0
  /// Binary operators on the path from the statement to the current position.
  var operators = 0
  /// How many `(`, `[` or object braces enclose the current position (newlines are blank there).
  var bracketDepth = 0
  /// At the start of `${…}`: a bare name there means the variable of that name.
  var bareNameIsVariable = false
  var loopDepth = 0
  var functionDepth = 0
  /// Variables assigned so far outside the innermost `for --parallel` body, when inside one.
  var parallelOuterVariables: Set<String>? = nil
  /// Where `@` stands that no element-wise builtin's last argument has claimed yet.
  var elementUses: [Int] = []
  /// Inside the body of a `for --parallel` loop (and not in a function declared there).
  var inParallelBody = false
  /// Variables assigned so far, in the order of the text.
  var assignedVariables: Set<String> = []
  /// The functions declared so far in this source, with where: a second one of a name is an error.
  var declaredFunctions: [(name: String, offset: Int)] = []
  /// Notes what is being read, for completion (nil: nothing is noted).
  var probe: ParseProbe?
  /// Notes where tokens stand, for the formatter (nil: nothing is noted).
  var layout: LayoutRecorder?

  init(_ source: SourceFile, symbols: SymbolTable, probe: ParseProbe? = nil) {
    self.source = source
    self.scanner = Scanner(source.utf8, comments: probe)
    self.symbols = symbols
    self.probe = probe
    // A byte order mark that some editors write first is no part of the program.
    if source.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.position = 3 }
  }

  /// Reads `source` as far as it goes, noting in `probe` what was open where it ended.
  public static func probe(_ source: SourceFile, into probe: ParseProbe) {
    var parser = Parser(source, symbols: SymbolTable(), probe: probe)
    _ = try? parser.parseStatements(blockOpenedAt: nil)
  }

  /// Parses a whole program.
  public static func parse(_ source: SourceFile, symbols: SymbolTable) throws(LanguageError) -> Program {
    var parser = Parser(source, symbols: symbols)
    let statements = try parser.parseStatements(blockOpenedAt: nil)
    return Program(source: source, statements: statements)
  }

  /// Whether `text` is a complete input: false when it ends inside a block, string, bracket or
  /// after a trailing `|`, so that a REPL should read another line.
  public static func isComplete(_ text: String) -> Bool {
    do {
      _ = try parse(SourceFile(name: "<repl>", text: text), symbols: SymbolTable())
      return true
    } catch {
      return !error.isIncompleteInput
    }
  }

  // MARK: - Errors

  func error(_ message: String, at offset: Int, length: Int, hint: String? = nil) -> LanguageError {
    LanguageError(.syntax, message, hint: hint, source: source, span: SourceSpan(offset, offset + length))
  }

  /// An error at the current position naming what is there (a whole word, with a hint when it
  /// looks like a keyword or an operator of another language).
  func unexpected(_ expectation: String, hint: String? = nil) -> LanguageError {
    guard let byte = scanner.peek else { return incomplete(expectation) }
    if let word = scanner.peekName() {
      return error(
        "unexpected '\(word)'; \(expectation)", at: scanner.position, length: word.utf8.count,
        hint: KeywordHints.hint(for: word) ?? hint)
    }
    var end = scanner.position + 1
    while end < scanner.utf8.count && scanner.utf8[end] & 0xC0 == 0x80 { end += 1 }
    let found: String
    switch byte {
    case 0x0A: found = "end of line"
    case 0x20, 0x09: found = "blank space"
    default: found = "'\(scanner.text(scanner.position, end))'"
    }
    return error("unexpected \(found); \(expectation)", at: scanner.position, length: end - scanner.position, hint: hint)
  }

  /// Whether only blank space and comments are left: an error here is the input ending early.
  var onlyBlankSpaceLeft: Bool {
    var rest = scanner
    rest.skipSpacesAndNewlines()
    return rest.isAtEnd
  }

  /// An error caused by the input ending early (the REPL asks for another line instead). It
  /// points at what was left open (`openedAt`), or else at the last thing written, never past
  /// the end; the message says that the file ended.
  func incomplete(_ message: String, openedAt: Int? = nil, length: Int = 1) -> LanguageError {
    let ended = source.name.hasPrefix("<") ? "the input ended" : "the file ended"
    var failure = error("\(message), but \(ended)", at: openedAt ?? lastWrittenOffset, length: openedAt == nil ? 1 : length)
    failure.isIncompleteInput = true
    return failure
  }

  /// The offset of the last byte that is not blank space.
  private var lastWrittenOffset: Int {
    var offset = scanner.utf8.count - 1
    while offset > 0, [0x20, 0x09, 0x0A, 0x0D].contains(scanner.utf8[offset]) { offset -= 1 }
    return max(offset, 0)
  }

  /// Consumes `byte`, or fails: as incomplete input (`unclosed`, pointing at `openedAt`) at the
  /// end of the input, else naming what stands there instead (`expectation`).
  mutating func expect(_ byte: Unicode.Scalar, unclosed: String, openedAt: Int? = nil, expectation: String)
    throws(LanguageError)
  {
    guard scanner.peek == UInt8(ascii: byte) else {
      if scanner.isAtEnd { throw incomplete(unclosed, openedAt: openedAt) }
      throw unexpected(expectation)
    }
    scanner.position += 1
  }

  /// Steps through a comma-separated list (newlines and a trailing comma allowed): true when an
  /// element comes next, false once the closing bracket is consumed. The caller parses each
  /// element itself, so that a nesting level costs no extra stack frame.
  mutating func nextElement(of list: inout ListSyntax) throws(LanguageError) -> Bool {
    scanner.skipSpacesAndNewlines()
    if list.elements > 0 {
      guard scanner.peek == UInt8(ascii: ",") else {
        try expect(list.closing, unclosed: list.unclosed, openedAt: list.openedAt, expectation: list.expectation)
        return false
      }
      layout?.separator(at: scanner.position)
      scanner.position += 1
      scanner.skipSpacesAndNewlines()
    }
    if scanner.isAtEnd { throw incomplete(list.unclosed, openedAt: list.openedAt) }
    if scanner.peek == UInt8(ascii: list.closing) {
      scanner.position += 1
      return false
    }
    list.elements += 1
    return true
  }

  /// Enters `(`, `[` or `${`: one level deeper, inside brackets (where newlines do not end a
  /// statement), and out of any statement header. Returns what `leaveBrackets` restores.
  mutating func enterBrackets(at offset: Int) throws(LanguageError) -> Bool {
    try enterNesting(at: offset)
    bracketDepth += 1
    let wasInHeader = inHeader
    inHeader = false
    return wasInHeader
  }

  /// Leaves what `enterBrackets` entered.
  mutating func leaveBrackets(restoringHeader wasInHeader: Bool) {
    nesting -= 1
    bracketDepth -= 1
    inHeader = wasInHeader
  }

  mutating func enterNesting(at offset: Int) throws(LanguageError) {
    nesting += 1
    guard nesting <= Parser.maximumNesting else {
      throw error("nested too deeply (more than \(Parser.maximumNesting) levels)", at: offset, length: 1)
    }
  }
}

/// A comma-separated list being parsed: what closes it, what to say when it does not close, and
/// how many elements it has so far.
struct ListSyntax {
  let closing: Unicode.Scalar
  /// Where the opening bracket stands.
  let openedAt: Int
  /// The message when the input ends inside the list.
  let unclosed: String
  /// The message when an element is followed by neither a comma nor the closing bracket.
  let expectation: String
  var elements = 0

  init(closing: Unicode.Scalar, openedAt: Int, unclosed: String, expectation: String) {
    self.closing = closing
    self.openedAt = openedAt
    self.unclosed = unclosed
    self.expectation = expectation
  }
}

extension String {
  /// The string without the spaces (U+0020 only) at either end.
  func withoutSurroundingSpaces() -> String {
    var text = Substring(self)
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
