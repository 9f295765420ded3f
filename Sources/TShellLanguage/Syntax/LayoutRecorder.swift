/// Where a parse saw the tokens whose surrounding blank space the formatter decides: operators,
/// separators, brackets and blocks, and the text it must copy untouched (strings, paths,
/// comments). The parser notes them as it reads, so the formatter needs no grammar of its own.
/// A class, so that copies of the parser made to look ahead note into the same tables; what is
/// noted twice is noted once.
final class LayoutRecorder {
  /// Text copied as written: strings (they may span lines) and `$` paths.
  private(set) var verbatim: [SourceSpan] = []
  /// Binary operators, `|`, `in` and assignment's `=`, by offset with their length: one space on
  /// each side.
  private(set) var spaced: [Int: Int] = [:]
  /// `|` of pipelines, by end offset: a line ending in one continues the statement.
  private(set) var pipeEnds: Set<Int> = []
  /// `,` and an object's `:`: nothing before, one space after.
  private(set) var separators: Set<Int> = []
  /// `(`, `[`, an object's `{`, `${`: nothing inside, next to the brackets.
  private(set) var brackets: [Int: Int] = [:]
  /// Block braces: one space before `{`, and inside when the block is on one line.
  private(set) var blocks: [Int: Int] = [:]
  /// From the end of a block to `else` or `catch`: joined by one space.
  private(set) var joins: [SourceSpan] = []

  func verbatim(_ span: SourceSpan) { verbatim.append(span) }

  func spaced(at offset: Int, length: Int, pipe: Bool = false) {
    spaced[offset] = length
    if pipe { pipeEnds.insert(offset + length) }
  }

  func separator(at offset: Int) { separators.insert(offset) }

  /// Keywords followed by one space (`fn name`, `for $x in …`), by end offset.
  private(set) var keywordEnds: Set<Int> = []

  func keyword(endingAt offset: Int) { keywordEnds.insert(offset) }

  func brackets(open: Int, close: Int) { brackets[open] = close }

  func block(open: Int, close: Int) { blocks[open] = close }

  func join(from blockEnd: Int, to keyword: Int) { joins.append(SourceSpan(blockEnd, keyword)) }
}
