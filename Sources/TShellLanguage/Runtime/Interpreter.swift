/// Runs programs: statements, scopes, functions and control flow. Expressions, commands and
/// builtins are in the extensions and files next to this one.
public final class Interpreter {
  /// How deep `fn` calls may nest before the program is stopped with an error.
  public static let maximumCallDepth = 400

  public let host: LanguageHost
  public let symbols: SymbolTable
  /// Set from another thread (Ctrl-C) to stop the running program.
  public let cancellation: CancellationToken
  /// Called before each statement runs, for `--trace`.
  @exclusivity(unchecked) public var trace: ((SourceFile, Statement) -> Void)?
  /// Whether a path that finds nothing where a member's name differs only in case warns (the REPL).
  public var warnsAboutPathCase = false
  /// What `$` means outside a pipe; the REPL sets it to the last result it printed.
  public var lastResult: JSONValue?
  let globals: Scope
  // Read on every call and statement; one interpreter runs on one thread at a time (a parallel
  // loop forks one per iteration), so the dynamic exclusivity checks only cost time here.
  @exclusivity(unchecked) var functions: [String: FunctionDeclaration] = [:]
  /// The builtins, made once per process and only when a program first calls one.
  var builtins: BuiltinRegistry { BuiltinRegistry.standard }
  @exclusivity(unchecked) private var madeResolver: CommandResolver?
  @exclusivity(unchecked) var callDepth = 0
  /// The element an element-wise builtin's last argument is being evaluated for (`@`).
  @exclusivity(unchecked) var element: JSONValue?
  /// The input of the `if`, `for` or `try` pipe stage that runs, which `$` reads in its blocks.
  @exclusivity(unchecked) var stageInput: JSONValue?
  /// The program run first at the top level (the script, whose leading comments `options()`
  /// prints for `--help`).
  public internal(set) var mainSource: SourceFile?
  /// The files whose `source` statements are running, outermost first.
  @exclusivity(unchecked) var sourcing: [String] = []
  /// How many `test` blocks failed (outside `tshell test`, the script then exits 1).
  public internal(set) var failedTests = 0
  /// When set (by `tshell test`), each `test` block's outcome goes here instead of to stderr.
  public var testReporter: ((TestOutcome) -> Void)?
  /// When set, `test` blocks whose name it refuses do not run.
  public var testFilter: ((String) -> Bool)?
  /// The file whose code is running (function bodies run in the file that declared them).
  @exclusivity(unchecked) var source: SourceFile

  /// An interpreter whose script arguments are `$args`, `$1`, `$2`, ….
  public init(
    host: LanguageHost, arguments: [String] = [], symbols: SymbolTable = SymbolTable(),
    cancellation: CancellationToken = CancellationToken()
  ) {
    self.host = host
    self.symbols = symbols
    self.cancellation = cancellation
    self.globals = Scope(parent: nil)
    self.source = SourceFile(name: "<none>", text: "")
    globals.define(symbols.id(for: "args"), .array(arguments.map(JSONValue.string)))
    for (index, argument) in arguments.enumerated() {
      globals.define(symbols.id(for: String(index + 1)), .string(argument))
    }
  }

  /// An interpreter for one body of a parallel loop: the same globals, functions and builtins,
  /// its own host and cancellation.
  init(forking parent: Interpreter, host: LanguageHost, cancellation: CancellationToken) {
    self.host = host
    self.symbols = parent.symbols
    self.cancellation = cancellation
    self.globals = parent.globals
    self.functions = parent.functions
    self.callDepth = parent.callDepth
    self.sourcing = parent.sourcing
    self.stageInput = parent.stageInput
    self.element = parent.element
    self.source = parent.source
  }

  /// Parses `text` (named `name` in messages) with this interpreter's symbols.
  public func parse(_ text: String, name: String) throws(LanguageError) -> Program {
    try parse(SourceFile(name: name, text: text))
  }

  /// Parses a source file and notes where its secrets stand, so that no display shows them.
  /// Parses a source file, notes where its secrets stand (so that no display shows them), and
  /// checks what can be checked before it runs.
  func parse(_ source: SourceFile) throws(LanguageError) -> Program {
    let program = try Parser.parse(source, symbols: symbols)
    source.setMasks(Redaction.masks(in: program.statements, resolver: resolver))
    let check = ProgramCheck(resolver: resolver) { [unowned self] in functions[$0] != nil }
    if let error = check.firstError(in: program) { throw error }
    return program
  }

  /// Runs a program at the top level: each statement's value is printed through the host.
  /// Throws `LanguageError` for an uncaught error and `ExitRequest` for `exit`.
  public func run(_ program: Program) throws {
    let saved = source
    source = program.source
    if mainSource == nil { mainSource = program.source }
    defer { source = saved }
    hoistFunctions(program.statements)
    for statement in program.statements {
      do {
        try cancellation.check()
        if case .expression(let expression) = statement {
          trace?(source, statement)
          if let value = try result(of: expression, input: nil, scope: globals) { host.printResult(value) }
        } else {
          _ = try execute(statement, in: globals)
        }
      } catch let error as LanguageError where error.source == nil {
        // An error that names no place (Ctrl-C between two statements) is the statement's.
        throw error.located(source, statement.span)
      }
    }
  }

  /// What `help TOPIC` prints (the commands by group when nil); a usage error for an unknown topic.
  public func help(_ topic: String?) throws(LanguageError) -> String {
    try HelpText(interpreter: self).render(topic: topic)
  }

  /// The value of a variable visible at the top level, for tests and the REPL.
  public func globalValue(_ name: String) -> JSONValue? {
    globals.lookup(symbols.id(for: name))
  }

  /// Reads command calls; the host's commands are listed when a first call needs them.
  public var resolver: CommandResolver {
    if let madeResolver { return madeResolver }
    let made = CommandResolver(commands: host.commands) { [unowned self] in functions[$0] != nil }
    madeResolver = made
    return made
  }

  /// The names of every builtin, function and host command, for completion and suggestions.
  public var commandNames: [String] {
    builtins.names + functions.keys.sorted() + host.commands.map(\.name)
  }

  /// The names of the variables set at the top level.
  public var globalVariableNames: [String] {
    globals.ids.map { symbols.name(of: $0) }
  }

  /// Declares the program's top-level functions before it runs, so that they may be called
  /// from anywhere in the file.
  private func hoistFunctions(_ statements: [Statement]) {
    for case .function(let declaration) in statements { functions[declaration.name] = declaration }
  }

  // MARK: - Statements

  /// How a statement ended.
  enum Completion {
    case normal
    case breakLoop
    case continueLoop
    /// `return`, with its value (nil for a bare `return`).
    case returned(JSONValue?)
  }

  func execute(_ block: Block, in scope: Scope) throws -> Completion {
    for statement in block.statements {
      let completion = try execute(statement, in: scope)
      if case .normal = completion { continue }
      return completion
    }
    return .normal
  }

  func execute(_ statement: Statement, in scope: Scope) throws -> Completion {
    trace?(source, statement)
    return try locating(statement) { try executeTraced(statement, in: scope) }
  }

  /// Runs a statement's work: a `break`, `continue` or `return` that left an expression becomes
  /// the statement's completion, and an error that names no place is placed at the statement.
  @inline(__always)
  func locating(_ statement: Statement, _ work: () throws -> Completion) throws -> Completion {
    do {
      return try work()
    } catch let transfer as ControlTransfer {
      // A break, continue or return inside an if/for/try used as a value.
      return transfer.completion
    } catch let error as LanguageError where error.source == nil {
      throw error.located(source, statement.span)
    }
  }

  func executeTraced(_ statement: Statement, in scope: Scope) throws -> Completion {
    switch statement {
    case .expression(let expression):
      _ = try result(of: expression, input: nil, scope: scope)
    case .assignment(let target, let expression, let span):
      if case .binary(.add, let read, let addend, let addSpan) = expression, Interpreter.reads(read, sameAs: target) {
        try appendInPlace(
          to: target, try value(of: addend, input: nil, scope: scope), in: scope, span: addSpan, statement: span)
        return .normal
      }
      let value = try value(of: expression, input: nil, scope: scope)
      try assign(value, to: target, in: scope, span: span)
    case .ifElse(let condition, let thenBlock, let elseBlock, _):
      if Operators.isTruthy(try value(of: condition, input: nil, scope: scope)) {
        return try execute(thenBlock, in: Scope(parent: scope))
      } else if let elseBlock {
        return try execute(elseBlock, in: Scope(parent: scope))
      }
    case .whileLoop(let condition, let body, _):
      let bodyScope = Scope(parent: scope)
      while Operators.isTruthy(try value(of: condition, input: nil, scope: scope)) {
        try cancellation.check()
        bodyScope.clear()
        switch try execute(body, in: bodyScope) {
        case .breakLoop: return .normal
        case .returned(let value): return .returned(value)
        case .normal, .continueLoop: continue
        }
      }
    case .forIn(let variable, let sequence, let body, let parallel, let span):
      var statementsOnly: [JSONValue]? = nil
      return try executeFor(variable, sequence, body, parallel: parallel, span: span, in: scope, collecting: &statementsOnly)
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    case .function(let declaration):
      functions[declaration.name] = declaration
    case .returnValue(let expression, _):
      return .returned(try expression.flatMap { try result(of: $0, input: nil, scope: scope) })
    case .tryCatch(let body, let variable, let handler, _):
      return try executeTry(body, variable, handler, in: scope)
    case .exit(let expression, let span):
      let code = try expression.map { try value(of: $0, input: nil, scope: scope) } ?? .int(0)
      guard case .number(let number) = code, let status = number.intValue, (0...255).contains(status) else {
        throw LanguageError(
          .runtime, "exit needs a status from 0 to 255, not \(Operators.describe(code))", source: source, span: span)
      }
      throw ExitRequest(code: Int32(status))
    case .source(let expression, let span):
      try runSource(try value(of: expression, input: nil, scope: scope), span: span)
    case .assert, .test, .setup, .skip:
      return try executeTesting(statement, in: scope)
    }
    return .normal
  }

  private func executeTry(_ body: Block, _ variable: Variable?, _ handler: Block?, in scope: Scope) throws -> Completion {
    try executeTryValue(body, variable, handler, in: scope, valued: false).completion
  }

  /// Runs `try`, and when `valued`, gives the value of its body or of `catch`.
  func executeTryValue(_ body: Block, _ variable: Variable?, _ handler: Block?, in scope: Scope, valued: Bool) throws
    -> (completion: Completion, value: JSONValue?)
  {
    do {
      let bodyScope = Scope(parent: scope)
      return valued ? try executeValue(body, in: bodyScope) : (try execute(body, in: bodyScope), nil)
    } catch let error as LanguageError where error.kind != .interrupted {
      let handlerScope = Scope(parent: scope)
      if let variable { handlerScope.define(variable.id, error.located(source, body.span).value) }
      guard let handler else { return (.normal, nil) }
      return valued ? try executeValue(handler, in: handlerScope) : (try execute(handler, in: handlerScope), nil)
    }
  }

  private func runSource(_ path: JSONValue, span: SourceSpan) throws {
    guard case .string(let name) = path else {
      throw LanguageError(.runtime, "source needs a file name, not \(Operators.describe(path))", source: source, span: span)
    }
    let resolved = SourcePaths.resolve(name, relativeTo: source.name)
    // The files being sourced, outermost first (the running file is the last).
    let chain = sourcing + [source.name]
    if let first = chain.firstIndex(where: { SourcePaths.normalized($0) == SourcePaths.normalized(resolved) }) {
      let cycle = (chain[first...] + [resolved]).joined(separator: " → ")
      throw LanguageError(
        .runtime, "source cycle: \(cycle)", hint: "a file cannot source itself, directly or through others",
        source: source, span: span)
    }
    guard chain.count < Interpreter.maximumSourceDepth else {
      throw LanguageError(
        .runtime, "sourced files nested more than \(Interpreter.maximumSourceDepth) deep", source: source, span: span)
    }
    let text: String
    do {
      text = try host.readFile(resolved)
    } catch let error as LanguageError {
      throw LanguageError(.runtime, "cannot source \(name): \(error.message)", source: source, span: span)
    }
    let program = try parse(SourceFile(name: resolved, text: text))
    sourcing.append(source.name)
    defer { sourcing.removeLast() }
    try run(program)
  }

  /// How deep `source` may nest.
  public static let maximumSourceDepth = 64

  // MARK: - Functions

  /// Calls a function; nil when it ends without returning a value.
  func callFunction(_ declaration: FunctionDeclaration, _ arguments: [JSONValue], span: SourceSpan) throws -> JSONValue? {
    guard arguments.count == declaration.parameters.count else {
      let expected = declaration.parameters.count
      throw LanguageError(
        .runtime, "\(declaration.name)() takes \(expected) argument\(expected == 1 ? "" : "s"), got \(arguments.count)",
        hint: "fn \(declaration.name)(\(declaration.parameters.map { "$" + $0.name }.joined(separator: ", ")))",
        source: source, span: span)
    }
    guard callDepth < Interpreter.maximumCallDepth else {
      throw LanguageError(
        .runtime, "too much recursion: \(declaration.name)() nested \(Interpreter.maximumCallDepth) calls deep",
        hint: "check the condition that ends the recursion", source: source, span: span)
    }
    try cancellation.check()
    callDepth += 1
    let callerSource = source
    let callerInput = stageInput
    source = declaration.source
    stageInput = nil
    defer {
      callDepth -= 1
      source = callerSource
      stageInput = callerInput
    }
    let scope = Scope(parent: globals)
    for (parameter, argument) in zip(declaration.parameters, arguments) { scope.define(parameter.id, argument) }
    if case .returned(let value) = try execute(declaration.body, in: scope) { return value }
    return nil
  }

}

/// Paths of `source` statements: relative to the file that sources them.
enum SourcePaths {
  /// The path without `.` segments, repeated slashes or `dir/..` pairs (text only: no file is read).
  static func normalized(_ path: String) -> String {
    var segments: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      if segment == "." { continue }
      if segment == "..", let last = segments.last, last != ".." {
        segments.removeLast()
        continue
      }
      segments.append(segment)
    }
    return (path.hasPrefix("/") ? "/" : "") + segments.joined(separator: "/")
  }

  static func resolve(_ path: String, relativeTo file: String) -> String {
    guard !path.hasPrefix("/"), !file.hasPrefix("<"), let slash = file.lastIndex(of: "/") else { return path }
    return String(file[...slash]) + path
  }
}
