import CLibEdit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What Tab may put in place of the word before the cursor.
public struct Completion: Equatable, Sendable {
  /// The partial word the candidates complete (a suffix of the text before the cursor).
  public var word: String
  /// Whole words that start with `word`.
  public var candidates: [String]
  /// Typed after a single candidate: a space, or nothing for a directory or an open path.
  public var terminator: String

  public init(word: String, candidates: [String], terminator: String = " ") {
    self.word = word
    self.candidates = candidates
    self.terminator = terminator
  }

  public static let none = Completion(word: "", candidates: [])

  /// The text Tab inserts at the cursor: the rest of a single candidate (and the terminator),
  /// or what every candidate shares beyond the word; nil when it can only list or beep.
  public var insertion: String? {
    let matching = candidates.filter { $0.hasPrefix(word) }
    guard let first = matching.first else { return nil }
    if matching.count == 1 { return String(first.dropFirst(word.count)) + terminator }
    let shared = matching.dropFirst().reduce(first) { Completion.commonPrefix($0, $1) }
    return shared.count > word.count ? String(shared.dropFirst(word.count)) : nil
  }

  /// The candidates in columns that fit `width`, sorted down each column like `ls`.
  public static func columns(_ candidates: [String], width: Int) -> String {
    let items = Array(Set(candidates)).sorted()
    guard let widest = items.map(\.count).max() else { return "" }
    let cell = widest + 2
    let perRow = max(1, width / cell)
    let rowCount = (items.count + perRow - 1) / perRow
    var lines: [String] = []
    for row in 0..<rowCount {
      var line = ""
      for column in 0..<perRow {
        let index = column * rowCount + row
        guard index < items.count else { continue }
        let item = items[index]
        let isLast = (column + 1) * rowCount + row >= items.count
        line += isLast ? item : item + String(repeating: " ", count: cell - item.count)
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  static func commonPrefix(_ first: String, _ second: String) -> String {
    String(zip(first, second).prefix { $0 == $1 }.map(\.0))
  }
}

extension LineEditor {
  /// Tab: inserts what the candidates agree on, or lists them under the line.
  func complete(_ editLine: OpaquePointer) -> UInt8 {
    guard let completer, let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
    let length = info.cursor - info.buffer
    let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: max(0, length)), as: UTF8.self)
    let completion = completer(before)
    if let insertion = completion.insertion {
      _ = insertion.withCString { el_insertstr(editLine, $0) }
      return UInt8(CC_REFRESH)
    }
    let matching = completion.candidates.filter { $0.hasPrefix(completion.word) }
    guard matching.count > 1 else { return UInt8(CC_REFRESH_BEEP) }
    let listing = "\n" + Completion.columns(matching, width: columns) + "\n"
    _ = listing.withCString { fputs($0, cle_stdout()) }
    fflush(cle_stdout())
    return UInt8(CC_REDISPLAY)
  }
}
