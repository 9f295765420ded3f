import TShellLanguage

/// What `help` topic the text at an offset names: a command (with its subcommand word), a
/// builtin call, or a keyword.
enum HoverTopic {
  static func find(at offset: Int, in program: Program, resolver: CommandResolver, document: TextDocument)
    -> (topic: String, span: SourceSpan)?
  {
    var found: (String, SourceSpan)?
    SyntaxWalk { expression in
      guard found == nil else { return false }
      switch expression {
      case .command(let call):
        let resolved = resolver.resolve(call)
        if resolved.nameSpan.start <= offset && offset <= resolved.nameSpan.end {
          if case .host(let description)? = resolved.target {
            found = (description.name, resolved.nameSpan)
          } else {
            found = (call.name, call.nameSpan)
          }
        }
      case .call(let name, _, let span):
        let nameSpan = SourceSpan(span.start, span.start + name.utf8.count)
        if nameSpan.start <= offset && offset <= nameSpan.end { found = (name, nameSpan) }
      default:
        break
      }
      return true
    }.walk(program.statements)
    if let found { return found }
    let word = document.word(at: offset)
    guard let word, Interpreter.statementHelpTopics.contains(document.text(of: word)) else { return nil }
    return (document.text(of: word), word)
  }
}

extension TextDocument {
  /// The text of a span.
  func text(of span: SourceSpan) -> String {
    let start = min(max(span.start, 0), utf8.count)
    return String(decoding: utf8[start..<min(max(span.end, start), utf8.count)], as: UTF8.self)
  }

  /// The run of name characters around `offset`, if there is one.
  func word(at offset: Int) -> SourceSpan? {
    func isName(_ byte: UInt8) -> Bool {
      (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
    var start = min(offset, utf8.count)
    var end = start
    while start > 0 && isName(utf8[start - 1]) { start -= 1 }
    while end < utf8.count && isName(utf8[end]) { end += 1 }
    return start < end ? SourceSpan(start, end) : nil
  }

  /// The directory of a file path (`""` when it has none).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
  }
}
