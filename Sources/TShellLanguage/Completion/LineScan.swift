/// The shape of a line up to the cursor, as completion needs it: an unclosed string, the word
/// being typed, and the words before it in the same command.
struct LineScan {
  /// The opening quote of a string still open at the cursor.
  private(set) var openQuote: String.Index?
  /// The word before the cursor (empty after a space).
  private(set) var currentWord = ""
  /// The earlier words of the command the cursor is in (after the last `;`, `{`, `}`, `|` or `(`).
  private(set) var wordsBeforeCurrent: [String] = []
  /// Whether the cursor is in a comment.
  private(set) var inComment = false
  /// The words of the command whose value is piped into the one the cursor is in, if any.
  private(set) var pipedWords: [String]?

  init(_ text: String) {
    var quotes = QuoteTracker()
    var words: [String] = []
    var word = ""
    for index in text.indices {
      let character = text[index]
      let wasInString = quotes.open != nil
      if quotes.take(character) {
        if !wasInString { openQuote = index } else if quotes.open == nil { openQuote = nil }
        word.append(character)
        continue
      }
      switch character {
      case "#":
        // A comment runs to the end of the line: nothing to complete.
        words = []
        word = ""
        openQuote = nil
        currentWord = ""
        wordsBeforeCurrent = []
        pipedWords = nil
        inComment = true
        return
      case "|":
        pipedWords = word.isEmpty ? words : words + [word]
        words = []
        word = ""
      case ";", "{", "}", "(", "\n":
        pipedWords = nil
        words = []
        word = ""
      case " ", "\t", ",", ")", "[", "]", "=":
        if !word.isEmpty { words.append(word) }
        word = ""
      default:
        word.append(character)
      }
    }
    if quotes.open == nil { openQuote = nil }
    currentWord = word
    wordsBeforeCurrent = words
  }
}
