/// Warnings for variables read where nothing before them in scope can have set them: no
/// assignment, parameter, loop or catch variable. A program that `source`s a file is not
/// checked (the file's top level may set anything), and a function body may read every
/// variable the program sets anywhere (it may be called after). A run still decides: these
/// are warnings, for `--check` and editors.
enum UnsetVariables {
  static func warnings(in program: Program) -> [SourceDiagnostic] {
    var sources = false
    var everywhere: Set<String> = []
    SyntaxWalk(statement: { statement in
      switch statement {
      case .source: sources = true
      case .assignment(let target, _, _): everywhere.insert(target.variable.name)
      case .forIn(let variable, _, _, _, _): everywhere.insert(variable.name)
      case .tryCatch(_, let variable?, _, _): everywhere.insert(variable.name)
      case .function(let declaration): everywhere.formUnion(declaration.parameters.map(\.name))
      default: break
      }
      return true
    }) { _ in true }.walk(program.statements)
    guard !sources else { return [] }
    var walker = Walker(source: program.source, everywhere: everywhere)
    // Variables a `setup` block sets are the tests'.
    for case .setup(let body, _) in program.statements {
      for case .assignment(let target, _, _) in body.statements { walker.scopes[0].insert(target.variable.name) }
    }
    walker.visit(program.statements)
    return walker.warnings
  }

  private struct Walker {
    let source: SourceFile
    let everywhere: Set<String>
    var scopes: [Set<String>] = [["args"]]
    var warnings: [SourceDiagnostic] = []
    var warned: Set<String> = []

    init(source: SourceFile, everywhere: Set<String>) {
      self.source = source
      self.everywhere = everywhere
    }

    func isSet(_ name: String) -> Bool {
      name.allSatisfy(\.isNumber) || scopes.contains { $0.contains(name) }
    }

    mutating func set(_ name: String) { scopes[scopes.count - 1].insert(name) }

    mutating func visit(_ statements: [Statement]) {
      for statement in statements { visit(statement) }
    }

    mutating func block(_ statements: [Statement], with names: [String] = []) {
      scopes.append(Set(names))
      visit(statements)
      scopes.removeLast()
    }

    mutating func visit(_ statement: Statement) {
      switch statement {
      case .expression(let expression), .source(let expression, _):
        read(expression)
      case .assignment(let target, let value, _):
        read(value)
        for case .computed(let expression, _) in target.steps { read(expression) }
        set(target.variable.name)
      case .ifElse(let condition, let thenBlock, let elseBlock, _):
        read(condition)
        block(thenBlock.statements)
        if let elseBlock { block(elseBlock.statements) }
      case .forIn(let variable, let sequence, let body, let parallel, _):
        if let parallel { read(parallel) }
        read(sequence)
        block(body.statements, with: [variable.name])
      case .whileLoop(let condition, let body, _):
        read(condition)
        block(body.statements)
      case .function(let declaration):
        // The body may run after anything the program sets.
        let saved = scopes
        scopes = [everywhere.union(["args"])]
        block(declaration.body.statements, with: declaration.parameters.map(\.name))
        scopes = saved
      case .tryCatch(let body, let variable, let handler, _):
        block(body.statements)
        if let handler { block(handler.statements, with: variable.map { [$0.name] } ?? []) }
      case .test(let name, let body, _):
        read(name)
        block(body.statements)
      case .setup(let body, _):
        block(body.statements)
      case .returnValue(let value, _), .exit(let value, _), .skip(let value, _):
        if let value { read(value) }
      case .assert(let condition, let message, _):
        read(condition)
        if let message { read(message) }
      case .breakLoop, .continueLoop:
        break
      }
    }

    mutating func read(_ expression: Expression) {
      switch expression {
      case .variable(let variable, let span):
        check(variable.name, SourceSpan(span.start, span.start + 1 + variable.name.utf8.count))
      case .path(.variable(let variable), _, let span):
        check(variable.name, SourceSpan(span.start, span.start + 1 + variable.name.utf8.count))
      default:
        break
      }
      let (expressions, statements) = SyntaxWalk.children(of: expression)
      for inner in expressions { read(inner) }
      for statement in statements { visit(statement) }
    }

    mutating func check(_ name: String, _ span: SourceSpan) {
      guard !isSet(name), warned.insert(name).inserted else { return }
      let known = scopes.flatMap { $0 }.filter { !$0.allSatisfy(\.isNumber) }
      var diagnostic = SourceDiagnostic(
        file: source.name, source: source.text, offset: span.start, length: span.end - span.start,
        message: "$\(name) is read here, but nothing before it sets it",
        hint: Suggestions.closest(to: name, among: known).map { "did you mean $\($0)?" })
      diagnostic.isWarning = true
      warnings.append(diagnostic)
    }
  }
}

extension Program {
  /// Warnings for variables read before anything in scope sets them (`--check` and editors;
  /// not the REPL, whose earlier inputs set variables this program cannot see).
  public var unsetVariableWarnings: [SourceDiagnostic] { UnsetVariables.warnings(in: self) }
}
