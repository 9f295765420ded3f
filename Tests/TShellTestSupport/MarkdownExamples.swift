/// The examples a Markdown page shows: fenced blocks of `$ command` lines, each followed by the
/// output it prints. An HTML comment `<!-- example: skip REASON -->` just before a block marks
/// one that cannot run unattended (a terminal session, a server that keeps running).
public struct MarkdownExample: Sendable {
  public struct Step: Sendable {
    /// The command line after `$ `.
    public var command: String
    /// The lines shown after it, up to the next command or the end of the block.
    public var output: [String]
    /// The line of the command in the page (1-based).
    public var line: Int
  }

  public var steps: [Step]
  /// Why the block does not run, when it is marked so.
  public var skipped: String?
  /// The line of the opening fence.
  public var line: Int

  /// The examples of a page, in order.
  public static func all(in markdown: String) -> [MarkdownExample] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var examples: [MarkdownExample] = []
    var index = 0
    while index < lines.count {
      guard lines[index].hasPrefix("```") else {
        index += 1
        continue
      }
      let fence = index
      var skip: String? = nil
      var previous = fence - 1
      while previous >= 0, lines[previous].trimmingSpaces.isEmpty { previous -= 1 }
      if previous >= 0, let reason = skipReason(lines[previous]) { skip = reason }
      var steps: [Step] = []
      index += 1
      while index < lines.count, !lines[index].hasPrefix("```") {
        let text = lines[index]
        if text.hasPrefix("$ ") {
          steps.append(Step(command: String(text.dropFirst(2)), output: [], line: index + 1))
        } else if !steps.isEmpty {
          steps[steps.count - 1].output.append(text)
        }
        index += 1
      }
      index += 1
      if !steps.isEmpty || skip != nil { examples.append(MarkdownExample(steps: steps, skipped: skip, line: fence + 1)) }
    }
    return examples
  }

  /// `REASON` of `<!-- example: skip REASON -->`.
  static func skipReason(_ line: String) -> String? {
    let text = line.trimmingSpaces
    guard text.hasPrefix("<!-- example: skip"), text.hasSuffix("-->") else { return nil }
    return String(text.dropFirst("<!-- example: skip".count).dropLast(3)).trimmingSpaces
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
