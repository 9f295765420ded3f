/// A statement: what a script or block is made of.
public indirect enum Statement: Sendable {
  /// An expression or command whose value a top-level statement prints.
  case expression(Expression)
  /// `$name = value` or `$name.a[0] = value`.
  case assignment(AssignmentTarget, Expression, SourceSpan)
  case ifElse(Expression, Block, Block?, SourceSpan)
  /// `for $x in …`, `for --parallel N $x in …`.
  case forIn(Variable, Expression, Block, parallel: Expression?, SourceSpan)
  case whileLoop(Expression, Block, SourceSpan)
  case breakLoop(SourceSpan)
  case continueLoop(SourceSpan)
  case function(FunctionDeclaration)
  case returnValue(Expression?, SourceSpan)
  case tryCatch(Block, Variable?, Block?, SourceSpan)
  case exit(Expression?, SourceSpan)
  case source(Expression, SourceSpan)
  /// `assert EXPR [, MESSAGE]`.
  case assert(Expression, message: Expression?, SourceSpan)
  /// `test "name" { … }`.
  case test(Expression, Block, SourceSpan)
  /// `setup { … }`.
  case setup(Block, SourceSpan)
  /// `skip ["reason"]`.
  case skip(Expression?, SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .expression(let expression): return expression.span
    case .assignment(_, _, let span), .ifElse(_, _, _, let span), .forIn(_, _, _, _, let span),
      .whileLoop(_, _, let span), .breakLoop(let span), .continueLoop(let span), .returnValue(_, let span),
      .tryCatch(_, _, _, let span), .exit(_, let span), .source(_, let span), .assert(_, _, let span),
      .test(_, _, let span), .setup(_, let span), .skip(_, let span):
      return span
    case .function(let declaration):
      return declaration.span
    }
  }
}

/// A sequence of statements in braces (or a whole program).
public struct Block: Sendable {
  public var statements: [Statement]
  public var span: SourceSpan
}

/// What an assignment writes: a variable, or a member or element inside it.
public struct AssignmentTarget: Sendable {
  public var variable: Variable
  /// Names and indices below the variable (`$a.b[0] = …`); empty for the variable itself.
  public var steps: [AssignmentStep]
}

public enum AssignmentStep: Sendable {
  case name(String)
  case index(Int)
  /// `[$k]`, `[(expr)]`: a member or an element chosen at run time.
  case computed(Expression, SourceSpan)

  /// Whether the step is known without running anything (not `.computed`).
  var isResolved: Bool {
    if case .computed = self { return false }
    return true
  }
}

/// `fn name($a, $b) { … }`.
public final class FunctionDeclaration: Sendable {
  public let name: String
  public let parameters: [Variable]
  public let body: Block
  public let span: SourceSpan
  let source: SourceFile

  init(name: String, parameters: [Variable], body: Block, span: SourceSpan, source: SourceFile) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.span = span
    self.source = source
  }
}

/// A parsed program: the statements of one source file.
public struct Program: Sendable {
  public let source: SourceFile
  public let statements: [Statement]
}
