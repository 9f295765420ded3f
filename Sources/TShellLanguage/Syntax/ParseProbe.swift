/// What the parser was reading when its input ended, noted as it goes: the constructs still open
/// (a command and its words so far, a string, a `$` path, a pipe stage and the stage before
/// it), the last ones that ended, and the comments. Completion reads the text before the cursor
/// through it, so that what a word is, where a command's words end and what a pipe feeds are
/// decided by the parser alone. A class, so that what it noted survives an error thrown at the
/// end of the input.
public final class ParseProbe {
  /// A construct being read.
  public enum Context {
    /// A command call, with the words read so far.
    case command(CommandCall)
    /// A pipe stage, with the stage whose value it receives.
    case pipe(input: Expression)
    /// A string opened at this offset.
    case string(start: Int)
    /// A `$` path that starts at this offset.
    case dollar(start: Int, pipeInput: Expression?)
    /// The file word of `source`.
    case sourceFile(start: Int)
  }

  /// What is open, outermost first.
  public private(set) var open: [Context] = []
  /// The constructs that ended, with their spans: the last one of each kind.
  public private(set) var lastCommand: CommandCall?
  public private(set) var lastDollar: (span: SourceSpan, pipeInput: Expression?)?
  public private(set) var lastSourceFile: SourceSpan?
  /// The comments seen (`#` to the end of the line), by start offset.
  public private(set) var comments: [SourceSpan] = []

  public init() {}

  func enter(_ context: Context) { open.append(context) }

  /// Ends the innermost construct (the parser read it whole).
  func leave() { _ = open.popLast() }

  /// The innermost open command took another word.
  func commandTook(_ word: Word) {
    guard case .command(var call)? = open.last else { return }
    call.words.append(word)
    call.span = SourceSpan(call.span.start, word.span.end)
    open[open.count - 1] = .command(call)
  }

  func commandEnded(_ call: CommandCall) {
    leave()
    lastCommand = call
  }

  func dollarEnded(_ span: SourceSpan) {
    guard case .dollar(_, let pipeInput)? = open.popLast() else { return }
    lastDollar = (span, pipeInput)
  }

  func sourceFileEnded(_ span: SourceSpan) {
    leave()
    lastSourceFile = span
  }

  func comment(_ span: SourceSpan) {
    if comments.last.map({ $0.start < span.start }) ?? true { comments.append(span) }
  }

  /// The stage before the innermost pipe stage that is open, if any.
  var pipeInput: Expression? {
    for context in open.reversed() {
      if case .pipe(let input) = context { return input }
    }
    return nil
  }
}
