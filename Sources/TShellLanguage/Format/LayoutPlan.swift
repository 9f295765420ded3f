/// The blank space a formatted program gets, planned from what the parser noted: the runs of
/// spaces between tokens to set (`gaps`), and each line's indentation from the brackets and
/// blocks open at its start.
struct LayoutPlan {
  private enum Gap {
    case none
    case one
  }

  private let utf8: [UInt8]
  private let layout: LayoutRecorder
  /// Bytes copied as written: strings and paths.
  private var verbatim: [Bool]
  /// Bytes of comments: copied as written, though their lines are indented.
  private var comment: [Bool]
  /// Runs of blank space to replace, by start: where they end and what they become.
  private var gaps: [Int: (end: Int, gap: Gap)] = [:]
  /// Where brackets and blocks open and close.
  private let pairs: [(open: Int, close: Int)]
  private let closers: Set<Int>

  init(utf8: [UInt8], layout: LayoutRecorder, comments: [SourceSpan]) {
    self.utf8 = utf8
    self.layout = layout
    verbatim = Array(repeating: false, count: utf8.count)
    comment = Array(repeating: false, count: utf8.count)
    for span in layout.verbatim { for index in span.start..<min(span.end, utf8.count) { verbatim[index] = true } }
    for span in comments { for index in span.start..<min(span.end, utf8.count) { comment[index] = true } }
    let flags = verbatim
    pairs = (layout.brackets.map { ($0.key, $0.value) } + layout.blocks.map { ($0.key, $0.value) })
      .filter { !Self.inside($0.0, flags) }
    closers = Set(pairs.map(\.close))
    planGaps()
  }

  private static func inside(_ offset: Int, _ flags: [Bool]) -> Bool { offset < flags.count && flags[offset] }

  private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  // MARK: - Gaps

  private mutating func planGaps() {
    for (offset, length) in layout.spaced where !verbatim[offset] {
      set(before: offset, .one)
      set(after: offset + length, .one)
    }
    for offset in layout.keywordEnds where !verbatim[offset - 1] {
      set(after: offset, .one)
    }
    for offset in layout.separators where !verbatim[offset] {
      set(before: offset, .none)
      set(after: offset + 1, .one)
    }
    for (open, close) in layout.brackets where !verbatim[open] {
      set(after: open + 1, .none)
      set(before: close, .none)
    }
    for (open, close) in layout.blocks where !verbatim[open] {
      set(before: open, .one)
      let empty = utf8[(open + 1)..<close].allSatisfy(isBlank)
      set(after: open + 1, empty ? .none : .one)
      set(before: close, empty ? .none : .one)
    }
    for join in layout.joins
    where join.start < join.end && utf8[join.start..<join.end].allSatisfy({ isBlank($0) || $0 == 0x0A || $0 == 0x0D }) {
      gaps[join.start] = (join.end, .one)
    }
  }

  /// Sets the run of blanks that ends at `offset` (unless it starts the line: indentation is
  /// the line's).
  private mutating func set(before offset: Int, _ gap: Gap) {
    var start = offset
    while start > 0 && isBlank(utf8[start - 1]) { start -= 1 }
    guard start > 0, utf8[start - 1] != 0x0A, !comment[start - 1] else { return }
    merge(start, offset, gap)
  }

  /// Sets the run of blanks that starts at `offset` (unless it ends the line).
  private mutating func set(after offset: Int, _ gap: Gap) {
    var end = offset
    while end < utf8.count && isBlank(utf8[end]) { end += 1 }
    guard end < utf8.count, utf8[end] != 0x0A, utf8[end] != 0x0D else { return }
    merge(offset, end, gap)
  }

  /// Records a gap; where two tokens disagree, none wins (`[1, 2,]`: the bracket's).
  private mutating func merge(_ start: Int, _ end: Int, _ gap: Gap) {
    if let existing = gaps[start], existing.gap == .none { return }
    gaps[start] = (end, gap)
  }

  /// Single spaces between the words of every command on one line.
  mutating func spaceCommandWords(in statements: [Statement]) {
    var wordGaps: [(Int, Int)] = []
    let walk = SyntaxWalk { expression in
      guard case .command(let call) = expression else { return true }
      var previous = call.nameSpan
      for word in call.words {
        wordGaps.append((previous.end, word.span.start))
        previous = word.span
      }
      return true
    }
    walk.walk(statements)
    for (previousEnd, nextStart) in wordGaps {
      // A parenthesised word's span is what the parentheses hold.
      var start = previousEnd
      while start < nextStart && utf8[start] == UInt8(ascii: ")") { start += 1 }
      var end = start
      while end < nextStart && isBlank(utf8[end]) { end += 1 }
      guard end > start, end < utf8.count, utf8[end] != 0x0A, !verbatim[start] else { continue }
      merge(start, end, .one)
    }
  }

  // MARK: - Lines

  /// How many lines' worth of brackets and blocks are open at `first`, the first non-blank byte
  /// of a line (closers leading the line count as closed).
  private func depth(at first: Int) -> Int {
    var leading: Set<Int> = []
    var index = first
    while index < utf8.count && closers.contains(index) {
      leading.insert(index)
      index += 1
      while index < utf8.count && isBlank(utf8[index]) { index += 1 }
    }
    var lines: Set<Int> = []
    for pair in pairs where pair.open < first && pair.close >= first && !leading.contains(pair.close) {
      lines.insert(lineStart(of: pair.open))
    }
    return lines.count
  }

  private func lineStart(of offset: Int) -> Int {
    var start = offset
    while start > 0 && utf8[start - 1] != 0x0A { start -= 1 }
    return start
  }

  /// Whether the line ending at the newline `newline` continues its statement on the next: it
  /// ends in `|` or a backslash.
  private func continues(at newline: Int) -> Bool {
    var index = newline
    while index > 0 && (isBlank(utf8[index - 1]) || utf8[index - 1] == 0x0D || comment[index - 1]) { index -= 1 }
    guard index > 0 else { return false }
    return layout.pipeEnds.contains(index) || (utf8[index - 1] == UInt8(ascii: "\\") && !verbatim[index - 1])
  }

  /// The formatted text.
  func render() -> String {
    var output: [UInt8] = []
    output.reserveCapacity(utf8.count + utf8.count / 8)
    var index = 0
    if utf8.starts(with: [0xEF, 0xBB, 0xBF]) {
      output.append(contentsOf: [0xEF, 0xBB, 0xBF])
      index = 3
    }
    var atLineStart = true
    var continuation = false
    var wroteLine = false
    var blankLines = 0
    // A gap may be empty (`1+2`): the byte after it is copied without looking for it again.
    var gapDoneAt = -1
    while index < utf8.count {
      // Lines inside a string are the string's: a newline in one leaves atLineStart alone.
      if atLineStart {
        var first = index
        while first < utf8.count && (isBlank(utf8[first]) || utf8[first] == 0x0D) { first += 1 }
        guard first < utf8.count else { break }
        if utf8[first] == 0x0A {
          if wroteLine { blankLines += 1 }
          index = first + 1
          continue
        }
        if blankLines > 0 { output.append(0x0A) }
        blankLines = 0
        wroteLine = true
        output.append(contentsOf: repeatElement(0x20, count: 2 * (depth(at: first) + (continuation ? 1 : 0))))
        index = first
      }
      atLineStart = false
      if gapDoneAt != index, !comment[index], let (end, gap) = gaps[index] {
        if gap == .one { output.append(0x20) }
        index = end
        gapDoneAt = end
        continue
      }
      let byte = utf8[index]
      if verbatim[index] {
        output.append(byte)
        index += 1
        continue
      }
      if isBlank(byte) || byte == 0x0D {
        var end = index
        while end < utf8.count && (isBlank(utf8[end]) || utf8[end] == 0x0D) { end += 1 }
        // Blanks that end a line go.
        if end < utf8.count && utf8[end] != 0x0A { output.append(contentsOf: utf8[index..<end]) }
        index = end
        continue
      }
      output.append(byte)
      if byte == 0x0A {
        continuation = continues(at: index)
        atLineStart = true
      }
      index += 1
    }
    while output.last == 0x0A { output.removeLast() }
    if wroteLine { output.append(0x0A) }
    return String(decoding: output, as: UTF8.self)
  }
}
