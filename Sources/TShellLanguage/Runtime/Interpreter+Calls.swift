/// Calls: `name(args)` and commands with words, resolved to a function, a builtin or a host command.
extension Interpreter {
  func call(_ name: String, _ argumentExpressions: [Expression], span: SourceSpan, input: JSONValue?, scope: Scope) throws
    -> JSONValue?
  {
    if let function = functions[name] {
      var arguments = try argumentExpressions.map { try value(of: $0, input: input, scope: scope) }
      if let input, arguments.count < function.parameters.count { arguments.insert(input, at: 0) }
      return try callFunction(function, arguments, span: span)
    }
    if let builtin = builtins[name] {
      if builtin.elementWise, let expression = argumentExpressions.last {
        // The last argument is evaluated once per element, with `@` bound to it.
        let arguments = try argumentExpressions.dropLast().map { try value(of: $0, input: input, scope: scope) }
        let each: (JSONValue) throws -> JSONValue = { [unowned self] element in
          let outer = self.element
          self.element = element
          defer { self.element = outer }
          return try self.value(of: expression, input: input, scope: scope)
        }
        return try invoke(builtin, arguments: arguments, flags: [:], input: input, span: span, each: each)
      }
      let arguments = try argumentExpressions.map { try value(of: $0, input: input, scope: scope) }
      return try invoke(builtin, arguments: arguments, flags: [:], input: input, span: span)
    }
    // `usage()`, `key("list")`: a host command called like a function takes its words from the arguments.
    let nameSpan = SourceSpan(span.start, span.start + name.utf8.count)
    let call = CommandCall(name: name, nameSpan: nameSpan, words: argumentExpressions.map(Word.value), span: span)
    let resolved = try resolve(call, asFunction: true, input: input, scope: scope, unknownSpan: span)
    return try run(resolved, input: input, scope: scope)
  }

  func runCommand(_ command: CommandCall, input: JSONValue?, scope: Scope) throws -> JSONValue? {
    try run(try resolve(command, asFunction: false, input: input, scope: scope), input: input, scope: scope)
  }

  /// The call resolved; a computed subcommand word (`key $which`) is evaluated here, once.
  private func resolve(
    _ call: CommandCall, asFunction: Bool, input: JSONValue?, scope: Scope, unknownSpan: SourceSpan? = nil
  ) throws -> ResolvedCommand {
    var resolved = resolver.resolve(call)
    if case .unknownCommand? = resolved.problem {
      throw unknown(call.name, span: unknownSpan ?? call.nameSpan, asFunction: asFunction)
    }
    if resolved.needsComputedSubcommand, case .value(let word)? = call.words.first(where: \.isValue),
      case .string(let subcommand) = try value(of: word, input: input, scope: scope)
    {
      resolved = resolver.resolve(call, subcommand: subcommand)
    }
    return resolved
  }

  /// Runs a resolved call: its words evaluated, its flags bound, handed to the function, builtin
  /// or host command it names.
  private func run(_ resolved: ResolvedCommand, input: JSONValue?, scope: Scope) throws -> JSONValue? {
    let command = resolved.call
    if resolved.flags.contains(where: { $0.name == "help" }) {
      if let description = resolved.hostCommand {
        host.writeOutput(HelpText.describe(description))
        return nil
      }
      if case .builtin? = resolved.target {
        host.writeOutput(try HelpText(interpreter: self).render(topic: command.name))
        return nil
      }
    }
    if case .error(let error, let span)? = resolved.problem { throw error.located(source, span) }
    var positional: [JSONValue] = []
    positional.reserveCapacity(resolved.arguments.count + 1)
    for expression in resolved.arguments { positional.append(try value(of: expression, input: input, scope: scope)) }
    var flags: [(name: String, value: JSONValue)] = []
    for flag in resolved.flags {
      flags.append((flag.name, try flag.value.map { try value(of: $0, input: input, scope: scope) } ?? .bool(true)))
    }
    switch resolved.target {
    case .function?:
      guard let function = functions[command.name] else { throw unknown(command.name, span: command.nameSpan, asFunction: false) }
      if let input, positional.count < function.parameters.count { positional.insert(input, at: 0) }
      return try callFunction(function, positional, span: command.span)
    case .builtin?:
      guard let builtin = builtins[command.name] else { throw unknown(command.name, span: command.nameSpan, asFunction: false) }
      var values: [String: JSONValue] = [:]
      for flag in flags { values[flag.name] = flag.value }
      return try invoke(builtin, arguments: positional, flags: values, input: input, span: command.span)
    case .host(let description)?:
      return try runHostCommand(description.name, arguments: positional, flags: flags, input: input, span: command.span)
    case nil:
      throw unknown(command.name, span: command.nameSpan, asFunction: false)
    }
  }

  func invoke(
    _ builtin: Builtin, arguments: [JSONValue], flags: [String: JSONValue], input: JSONValue?, span: SourceSpan,
    each: ((JSONValue) throws -> JSONValue)? = nil
  ) throws -> JSONValue? {
    if builtin.elementWise && each == nil {
      throw LanguageError(
        .usage, "\(builtin.name) takes an expression of @ as its last argument", hint: "usage: \(builtin.usage)",
        source: source, span: span)
    }
    // An element-wise builtin's expression counts as an argument.
    let expressionCount = each == nil ? 0 : 1
    var arguments = arguments
    if let input {
      switch builtin.input {
      case .firstArgument where arguments.count + expressionCount < builtin.arity.upperBound: arguments.insert(input, at: 0)
      case .whenNoArguments where arguments.isEmpty: arguments.append(input)
      default: break
      }
    }
    if let error = builtin.arityError(arguments.count + expressionCount) { throw error.located(source, span) }
    var context = BuiltinContext(
      arguments: arguments, flags: flags, interpreter: self, span: span, name: builtin.name, each: each)
    do {
      let result = try builtin.run(&context)
      if builtin.nests, let result { try checkDepth(result, placedAt: 0, span: span) }
      return result
    } catch let error as LanguageError {
      throw error.located(source, span)
    } catch let refusal as HostRefusal {
      throw LanguageError(.runtime, "\(builtin.name): \(refusal.message)", source: source, span: span)
    }
  }

  private func runHostCommand(
    _ name: String, arguments: [JSONValue], flags: [(name: String, value: JSONValue)],
    input: JSONValue?, span: SourceSpan
  ) throws -> JSONValue? {
    let invocation = CommandInvocation(name: name, arguments: arguments, flags: flags, input: input, cancellation: cancellation)
    do {
      return try host.runCommand(invocation)
    } catch let error as LanguageError {
      throw error.located(source, span)
    } catch let exit as ExitRequest {
      throw exit
    } catch {
      throw LanguageError(.runtime, "\(error)", source: source, span: span)
    }
  }

  /// `range(n)`, `range(a, b)`, `range(a, b, step)`: whole numbers, half-open.
  func integerRange(_ arguments: [JSONValue], span: SourceSpan) throws -> IntegerRange {
    let usage = "usage: range(end), range(start, end) or range(start, end, step)"
    var numbers: [Int] = []
    for argument in arguments {
      guard case .number(let number) = argument, number.isWhole else {
        throw LanguageError(
          .runtime, "range needs whole numbers, not \(Operators.describe(argument))", hint: usage, source: source, span: span)
      }
      guard let whole = number.intValue else {
        throw LanguageError(
          .runtime, "range's numbers must be from \(Int.min) to \(Int.max), not \(number)", hint: usage, source: source,
          span: span)
      }
      numbers.append(whole)
    }
    let bounds: (Int, Int, Int)
    switch numbers.count {
    case 1: bounds = (0, numbers[0], 1)
    case 2: bounds = (numbers[0], numbers[1], 1)
    case 3: bounds = (numbers[0], numbers[1], numbers[2])
    default:
      throw LanguageError(.usage, "range takes 1 to 3 arguments, got \(numbers.count)", hint: usage, source: source, span: span)
    }
    do {
      return try IntegerRange(start: bounds.0, end: bounds.1, step: bounds.2)
    } catch .zeroStep {
      throw LanguageError(.runtime, "range's step cannot be 0", source: source, span: span)
    } catch {
      throw LanguageError(
        .runtime, "range(\(numbers.map(String.init).joined(separator: ", "))) has more numbers than a loop can count",
        source: source, span: span)
    }
  }
}
