/// Finds expression statements whose value nothing uses: inside a block (a loop body, a branch,
/// a function) a literal, variable, path or arithmetic is neither printed nor kept, which is
/// usually a mistake. `--check` and the REPL warn about them; a script run does not.
enum DroppedValues {
  static let message = "this value is not printed inside a block; use echo or assign it"

  static func warnings(in program: Program) -> [SourceDiagnostic] {
    var found: [SourceSpan] = []
    visit(program.statements, lastIsValue: false, topLevel: true, into: &found)
    return found.map { span in
      var warning = SourceDiagnostic(
        file: program.source.name, source: program.source.text, offset: span.start, length: max(span.end - span.start, 1),
        message: message)
      warning.isWarning = true
      warning.masks = program.source.masks
      return warning
    }
  }

  /// `lastIsValue`: the last statement's value is the block's value, which is used.
  private static func visit(_ statements: [Statement], lastIsValue: Bool, topLevel: Bool, into found: inout [SourceSpan]) {
    for (index, statement) in statements.enumerated() {
      // A top-level expression prints; a block's last one is used when the block's value is.
      let isValue = topLevel || (lastIsValue && index == statements.count - 1)
      // A control statement's blocks give its value only where that value is used.
      let blocksGiveValue = isValue && !topLevel
      switch statement {
      case .expression(let expression):
        if !isValue && isPure(expression) { found.append(expression.span) }
        visit(expression, into: &found)
      case .assignment(_, let expression, _), .source(let expression, _):
        visit(expression, into: &found)
      case .returnValue(let expression, _), .exit(let expression, _), .skip(let expression, _):
        if let expression { visit(expression, into: &found) }
      case .ifElse(let condition, let thenBlock, let elseBlock, _):
        visit(condition, into: &found)
        visit(thenBlock.statements, lastIsValue: blocksGiveValue, topLevel: false, into: &found)
        if let elseBlock { visit(elseBlock.statements, lastIsValue: blocksGiveValue, topLevel: false, into: &found) }
      case .forIn(_, let sequence, let body, let parallel, _):
        visit(sequence, into: &found)
        if let parallel { visit(parallel, into: &found) }
        visit(body.statements, lastIsValue: blocksGiveValue, topLevel: false, into: &found)
      case .whileLoop(let condition, let body, _):
        visit(condition, into: &found)
        visit(body.statements, lastIsValue: false, topLevel: false, into: &found)
      case .tryCatch(let body, _, let handler, _):
        visit(body.statements, lastIsValue: blocksGiveValue, topLevel: false, into: &found)
        if let handler { visit(handler.statements, lastIsValue: blocksGiveValue, topLevel: false, into: &found) }
      case .function(let declaration):
        visit(declaration.body.statements, lastIsValue: false, topLevel: false, into: &found)
      case .test(let name, let body, _):
        visit(name, into: &found)
        visit(body.statements, lastIsValue: false, topLevel: false, into: &found)
      case .setup(let body, _):
        visit(body.statements, lastIsValue: false, topLevel: false, into: &found)
      case .assert(let condition, let message, _):
        visit(condition, into: &found)
        if let message { visit(message, into: &found) }
      case .breakLoop, .continueLoop:
        break
      }
    }
  }

  /// The blocks inside an expression: `if`, `for`, `try` and `time` used as values.
  private static func visit(_ expression: Expression, into found: inout [SourceSpan]) {
    switch expression {
    case .control(let statement):
      visit([statement], lastIsValue: true, topLevel: false, into: &found)
    case .time(let block, _):
      visit(block.statements, lastIsValue: true, topLevel: false, into: &found)
    default:
      for inner in SyntaxWalk.children(of: expression).expressions { visit(inner, into: &found) }
    }
  }

  /// Whether evaluating the expression does nothing but give its value.
  private static func isPure(_ expression: Expression) -> Bool {
    switch expression {
    case .literal, .interpolated, .input, .current, .variable, .unary, .binary, .array, .object: return true
    case .path(let root, _, _):
      if case .value = root { return false }
      return true
    case .call, .command, .pipeline, .time, .control: return false
    }
  }
}

extension Program {
  /// Warnings about the program that do not stop it from running: values dropped inside blocks.
  public var warnings: [SourceDiagnostic] { DroppedValues.warnings(in: self) }
}
