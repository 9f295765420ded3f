/// Where a program names its functions and variables: each declaration (`fn`, an assignment, a
/// parameter, a loop or catch variable) and each use, with its span, for an editor's "go to
/// definition", "find references" and outline. Files a program `source`s are listed by the
/// literal path it gives them.
public struct SymbolIndex: Sendable {
  public enum Kind: Sendable, Equatable {
    case function
    case variable
  }

  /// One place a name stands.
  public struct Occurrence: Sendable, Equatable {
    public var name: String
    public var kind: Kind
    /// The name as written: `$name` for a variable, the bare name for a function.
    public var span: SourceSpan
    public var isDeclaration: Bool
    /// The declaration's whole statement (`fn f(…) { … }`, `$x = …`), where it is one.
    public var statementSpan: SourceSpan?
    /// Whether it stands at the top level of the file (not in a block or function).
    public var isTopLevel: Bool
  }

  /// A `test "name" { … }` block.
  public struct TestBlock: Sendable, Equatable {
    public var name: String
    public var span: SourceSpan
  }

  public private(set) var occurrences: [Occurrence] = []
  public private(set) var tests: [TestBlock] = []
  /// The files `source` names with a literal path, as written, with the span of the path.
  public private(set) var sourcedFiles: [(path: String, span: SourceSpan)] = []

  public init(_ program: Program) {
    let source = program.source
    var depth = 0
    var occurrences: [Occurrence] = []
    var tests: [TestBlock] = []
    var sourcedFiles: [(path: String, span: SourceSpan)] = []
    func add(_ name: String, _ kind: Kind, _ span: SourceSpan?, declaration: Bool, statement: SourceSpan? = nil) {
      guard let span else { return }
      occurrences.append(
        Occurrence(
          name: name, kind: kind, span: span, isDeclaration: declaration, statementSpan: statement,
          isTopLevel: depth == 0))
    }
    /// `$name` written inside `span` (a loop's or parameter's variable, which the tree keeps no
    /// span for), the first time after `after`.
    func variableSpan(_ name: String, in span: SourceSpan, after: Int? = nil) -> SourceSpan? {
      source.span(of: "$" + name, in: SourceSpan(after ?? span.start, span.end))
    }
    func walkBlock(_ statements: [Statement]) {
      depth += 1
      defer { depth -= 1 }
      for statement in statements { visit(statement) }
    }
    func visitExpression(_ expression: Expression) {
      SyntaxWalk(
        statement: { statement in
          visit(statement)
          return false
        },
        expression: { expression in
          switch expression {
          case .variable(let variable, let span):
            add(variable.name, .variable, span, declaration: false)
          case .path(.variable(let variable), _, let span):
            add(variable.name, .variable, variableSpan(variable.name, in: span), declaration: false)
          case .call(let name, _, let span):
            add(name, .function, SourceSpan(span.start, span.start + name.utf8.count), declaration: false)
          case .command(let call):
            add(call.name, .function, call.nameSpan, declaration: false)
          default:
            break
          }
          return true
        }
      ).walk(expression)
    }
    func visit(_ statement: Statement) {
      switch statement {
      case .assignment(let target, let value, let span):
        visitExpression(value)
        let name = target.variable.name
        add(name, .variable, variableSpan(name, in: span), declaration: target.steps.isEmpty, statement: span)
        for case .computed(let expression, _) in target.steps { visitExpression(expression) }
      case .forIn(let variable, let sequence, let body, let parallel, let span):
        if let parallel { visitExpression(parallel) }
        let header = SourceSpan(span.start, sequence.span.start)
        depth += 1
        add(variable.name, .variable, variableSpan(variable.name, in: header, after: parallel?.span.end), declaration: true)
        depth -= 1
        visitExpression(sequence)
        walkBlock(body.statements)
      case .function(let declaration):
        let nameSpan = source.span(of: declaration.name, in: SourceSpan(declaration.span.start + 2, declaration.body.span.start))
        add(declaration.name, .function, nameSpan, declaration: true, statement: declaration.span)
        depth += 1
        let header = SourceSpan(declaration.span.start, declaration.body.span.start)
        for parameter in declaration.parameters {
          add(parameter.name, .variable, variableSpan(parameter.name, in: header), declaration: true)
        }
        depth -= 1
        walkBlock(declaration.body.statements)
      case .tryCatch(let body, let variable, let handler, _):
        walkBlock(body.statements)
        if let variable, let handler {
          depth += 1
          add(
            variable.name, .variable, variableSpan(variable.name, in: SourceSpan(body.span.end, handler.span.start)),
            declaration: true)
          depth -= 1
        }
        if let handler { walkBlock(handler.statements) }
      case .ifElse(let condition, let thenBlock, let elseBlock, _):
        visitExpression(condition)
        walkBlock(thenBlock.statements)
        if let elseBlock { walkBlock(elseBlock.statements) }
      case .whileLoop(let condition, let body, _):
        visitExpression(condition)
        walkBlock(body.statements)
      case .test(let name, let body, let span):
        if case .literal(.string(let text), _) = name { tests.append(TestBlock(name: text, span: span)) }
        visitExpression(name)
        walkBlock(body.statements)
      case .setup(let body, _):
        walkBlock(body.statements)
      case .source(let file, _):
        if case .literal(.string(let path), let span) = file { sourcedFiles.append((path, span)) }
        visitExpression(file)
      case .expression(let expression):
        visitExpression(expression)
      case .returnValue(let value, _), .exit(let value, _), .skip(let value, _):
        if let value { visitExpression(value) }
      case .assert(let condition, let message, _):
        visitExpression(condition)
        if let message { visitExpression(message) }
      case .breakLoop, .continueLoop:
        break
      }
    }
    for statement in program.statements { visit(statement) }
    self.occurrences = occurrences.sorted { $0.span.start < $1.span.start }
    self.tests = tests
    self.sourcedFiles = sourcedFiles
  }

  /// What stands at byte `offset`, if a name does.
  public func occurrence(at offset: Int) -> Occurrence? {
    occurrences.first { $0.span.start <= offset && offset <= $0.span.end }
  }

  /// Every place `name` of `kind` stands.
  public func occurrences(of name: String, _ kind: Kind) -> [Occurrence] {
    occurrences.filter { $0.name == name && $0.kind == kind }
  }

  /// Where `name` is declared as seen from `offset`: the declaration there, else the last one
  /// whose statement ended before it (`$x = $x + 1` reads the `$x` before), else the first one in
  /// the file. Functions have one declaration, wherever it stands.
  public func declaration(of name: String, _ kind: Kind, before offset: Int) -> Occurrence? {
    let declarations = occurrences(of: name, kind).filter(\.isDeclaration)
    if let here = declarations.first(where: { $0.span.start <= offset && offset <= $0.span.end }) { return here }
    guard kind == .variable else { return declarations.first }
    return declarations.last { ($0.statementSpan?.end ?? $0.span.start) <= offset } ?? declarations.first
  }
}

extension SymbolIndex {
  /// The file a `source` statement in `file` names, as the interpreter finds it.
  public static func sourcedPath(_ path: String, from file: String) -> String {
    SourcePaths.normalized(SourcePaths.resolve(path, relativeTo: file))
  }
}
