/// `tshell fmt`'s canonical layout: 2-space blocks, one space around binary operators, `|` and
/// `=`, one after commas and an object's colons, none inside brackets, single spaces between a
/// command's words, `} else {` on one line, comments kept where they were, at most one blank
/// line, no trailing blanks, one newline at the end. Only blank space changes, and only where
/// the parser saw a token that decides it; strings, paths and comments are copied as written.
public enum Formatter {
  /// The formatted text of `source`; a syntax error when it does not parse.
  public static func format(_ source: SourceFile) throws(LanguageError) -> String {
    let probe = ParseProbe()
    let layout = LayoutRecorder()
    var parser = Parser(source, symbols: SymbolTable(), probe: probe)
    parser.layout = layout
    let statements = try parser.parseStatements(blockOpenedAt: nil)
    var plan = LayoutPlan(utf8: source.utf8, layout: layout, comments: probe.comments)
    plan.spaceCommandWords(in: statements)
    let formatted = plan.render()
    try checkUnchanged(source, statements, formatted)
    return formatted
  }

  /// Parses the formatted text again and compares its syntax tree with the original's: a layout
  /// that changed what the program does is a bug, reported rather than written.
  private static func checkUnchanged(_ source: SourceFile, _ statements: [Statement], _ formatted: String)
    throws(LanguageError)
  {
    let reformatted = SourceFile(name: source.name, text: formatted)
    let again: Program
    do {
      again = try Parser.parse(reformatted, symbols: SymbolTable())
    } catch {
      throw LanguageError(
        .syntax, "tshell fmt made text that does not parse (\(error.message)); the file is left as it is",
        source: source, span: SourceSpan(0, 0))
    }
    guard SyntaxFingerprint.of(again.statements) == SyntaxFingerprint.of(statements) else {
      throw LanguageError(
        .syntax, "tshell fmt would change what the program does; the file is left as it is", source: source,
        span: SourceSpan(0, 0))
    }
  }
}
