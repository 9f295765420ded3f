/// Follows strings through source text a character at a time, without a full scan: `"…"` with
/// backslash escapes and raw `'…'`. Completion and the REPL's recorder split lines into words
/// with it, so that a `;` or a space inside a string stays inside its word.
public struct QuoteTracker {
  /// The quote of the string the last character was in, or nil outside strings.
  public private(set) var open: Character?
  private var escaped = false

  public init() {}

  /// Takes the next character; true when it belongs to a string, its quotes included.
  public mutating func take(_ character: Character) -> Bool {
    if let quote = open {
      if escaped {
        escaped = false
      } else if character == "\\" && quote == "\"" {
        escaped = true
      } else if character == quote {
        open = nil
      }
      return true
    }
    guard character == "\"" || character == "'" else { return false }
    open = character
    return true
  }
}
