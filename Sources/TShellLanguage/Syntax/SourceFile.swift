import Synchronization

/// A piece of tshell source: a script file, a `-c` argument, or REPL input.
public final class SourceFile: Sendable {
  /// The name diagnostics show: a path, `<command line>`, `<repl>`, `<stdin>`.
  public let name: String
  public let text: String
  let utf8: [UInt8]
  private let secretMasks = Mutex<[TextMask]>([])

  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.utf8 = Array(text.utf8)
  }

  /// Where `text` first stands inside `span` (a variable inside a path), if it does.
  func span(of text: String, in span: SourceSpan) -> SourceSpan? {
    let needle = Array(text.utf8)
    guard !needle.isEmpty, span.end <= utf8.count, span.end - span.start >= needle.count else { return nil }
    for start in span.start...(span.end - needle.count) where utf8[start..<(start + needle.count)].elementsEqual(needle) {
      return SourceSpan(start, start + needle.count)
    }
    return nil
  }

  /// The text of a span.
  public func text(of span: SourceSpan) -> String { slice(span) }

  /// Where the secrets of the parsed program stand, for whatever shows its text.
  public var masks: [TextMask] { secretMasks.withLock { $0 } }

  func setMasks(_ masks: [TextMask]) { secretMasks.withLock { $0 = masks } }

  /// The text of a span as it may be shown: secrets masked.
  public func shownText(of span: SourceSpan) -> String { Redaction.apply(masks, to: self, in: span) }

  /// The text between two byte offsets.
  func slice(_ span: SourceSpan) -> String {
    let start = min(max(span.start, 0), utf8.count)
    let end = min(max(span.end, start), utf8.count)
    return String(decoding: utf8[start..<end], as: UTF8.self)
  }

  /// The 1-based line and column (in characters) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let position = TextPosition(of: offset, in: utf8)
    return (position.line, position.column)
  }
}

/// A range of bytes in a source file.
public struct SourceSpan: Sendable, Equatable {
  public var start: Int
  public var end: Int

  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = end
  }

  /// The span from the start of `self` to the end of `other`.
  func through(_ other: SourceSpan) -> SourceSpan { SourceSpan(start, max(end, other.end)) }
}
