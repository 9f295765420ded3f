/// What can be found wrong in a program before it runs: names that are no function, builtin or
/// command, builtins given the wrong number of arguments, and calls the resolver refuses (an
/// unknown subcommand or flag, a flag without its value). The interpreter checks every program
/// it parses, so that nothing `--check` finds stops a script after its side effects; `--check`
/// reports the same errors, with exit 2.
struct ProgramCheck {
  let resolver: CommandResolver
  /// Functions known before the program (the REPL's earlier inputs).
  let knownFunction: (String) -> Bool

  /// The first error in `program`, in the order of the text.
  func firstError(in program: Program) -> LanguageError? {
    var declared: Set<String> = []
    var sources = false
    SyntaxWalk(statement: { statement in
      if case .function(let declaration) = statement { declared.insert(declaration.name) }
      if case .source = statement { sources = true }
      return true
    }) { _ in true }.walk(program.statements)
    // A sourced file may declare the functions the program calls, builtins' names included.
    let checksNames = !sources
    var found: LanguageError?
    func isFunction(_ name: String) -> Bool { sources || declared.contains(name) || knownFunction(name) }

    func check(_ expression: Expression, piped: Bool) {
      guard found == nil else { return }
      switch expression {
      case .pipeline(let stages, _):
        for (index, stage) in stages.enumerated() { check(stage, piped: piped || index > 0) }
        return
      case .call(let name, let arguments, let span) where !isFunction(name):
        if let builtin = BuiltinRegistry.standard[name] {
          found = builtin.arityError(builtin.argumentCount(given: arguments.count, piped: piped))
          if found != nil { found = found?.located(program.source, span) }
        } else {
          let nameSpan = SourceSpan(span.start, span.start + name.utf8.count)
          let call = CommandCall(name: name, nameSpan: nameSpan, words: arguments.map(Word.value), span: span)
          checkCommand(resolver.resolve(call), asFunction: true, piped: piped, span: span)
        }
      case .command(let call) where !isFunction(call.name):
        checkCommand(resolver.resolve(call), asFunction: false, piped: piped, span: call.nameSpan)
      default:
        break
      }
      let (expressions, statements) = SyntaxWalk.children(of: expression)
      for inner in expressions { check(inner, piped: piped) }
      walk(statements)
    }

    func checkCommand(_ resolved: ResolvedCommand, asFunction: Bool, piped: Bool, span: SourceSpan) {
      switch resolved.problem {
      case .unknownCommand(let name)?:
        guard checksNames else { return }
        let what = asFunction ? "function \(name)()" : "command '\(name)'"
        found = LanguageError(
          .usage, "unknown \(what)",
          hint: Suggestions.unknownNameHint(name, among: BuiltinRegistry.standard.names + resolver.commands.map(\.name)),
          source: program.source, span: span)
      case .error(let error, let at)? where !resolved.needsComputedSubcommand:
        // `--help` answers whatever else is wrong.
        guard !resolved.flags.contains(where: { $0.name == "help" }) else { return }
        found = error.located(program.source, at)
      case .error?, nil:
        guard case .builtin? = resolved.target, let builtin = BuiltinRegistry.standard[resolved.call.name],
          !resolved.flags.contains(where: { $0.name == "help" })
        else { return }
        if builtin.elementWise && !asFunction {
          found = LanguageError(
            .usage, "\(builtin.name) takes an expression of @ as its last argument", hint: "usage: \(builtin.usage)",
            source: program.source, span: resolved.call.span)
          return
        }
        let count = builtin.argumentCount(given: resolved.arguments.count, piped: piped)
        found = builtin.arityError(count)?.located(program.source, resolved.call.span)
      }
    }

    func walk(_ statements: [Statement]) {
      SyntaxWalk { expression in
        check(expression, piped: false)
        return false
      }.walk(statements)
    }

    walk(program.statements)
    return found
  }
}
