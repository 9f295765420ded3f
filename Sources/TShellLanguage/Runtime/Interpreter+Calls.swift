/// Calls: `name(args)` and commands with words, resolved to a function, a builtin or a host command.
extension Interpreter {
  func call(_ name: String, _ argumentExpressions: [Expression], span: SourceSpan, input: JSONValue?, scope: Scope) throws
    -> JSONValue?
  {
    var arguments: [JSONValue] = []
    arguments.reserveCapacity(argumentExpressions.count + 1)
    for expression in argumentExpressions { arguments.append(try value(of: expression, input: input, scope: scope)) }
    if let function = functions[name] {
      if let input, arguments.count < function.parameters.count { arguments.insert(input, at: 0) }
      return try callFunction(function, arguments, span: span)
    }
    if let builtin = builtins[name] {
      return try invoke(builtin, arguments: arguments, flags: [:], input: input, span: span)
    }
    if let (command, takesFirstWord) = try hostCommand(name, firstWord: arguments.first, span: span) {
      if takesFirstWord { arguments.removeFirst() }
      return try runHostCommand(command.name, arguments: arguments, flags: [], input: input, span: span)
    }
    throw unknown(name, span: span, asFunction: true)
  }

  func runCommand(_ command: CommandCall, input: JSONValue?, scope: Scope) throws -> JSONValue? {
    let name = command.name
    var positional: [JSONValue] = []
    var flags: [WrittenFlag] = []
    for word in command.words {
      switch word {
      case .value(let expression): positional.append(try value(of: expression, input: input, scope: scope))
      case .flag(let flag, let expression, let span):
        var flagValue: JSONValue? = nil
        if let expression { flagValue = try value(of: expression, input: input, scope: scope) }
        flags.append(WrittenFlag(name: flag, value: flagValue, span: span, position: positional.count))
      }
    }
    if let function = functions[name] {
      if let flag = flags.first {
        throw LanguageError(.usage, "\(name)() takes no flags, got --\(flag.name)", source: source, span: flag.span)
      }
      if let input, positional.count < function.parameters.count { positional.insert(input, at: 0) }
      return try callFunction(function, positional, span: command.span)
    }
    if let builtin = builtins[name] {
      if flags.contains(where: { $0.name == "help" }) {
        host.writeOutput(try HelpText(interpreter: self).render(topic: name))
        return nil
      }
      let bound = try bind(flags, to: &positional, valueFlags: builtin.valueFlags, command: name)
      for flag in bound where !builtin.valueFlags.contains(flag.name) && !builtin.booleanFlags.contains(flag.name) {
        throw LanguageError(
          .usage, "\(name) has no flag --\(flag.name)", hint: "usage: \(builtin.usage)",
          source: source, span: flag.span)
      }
      var values: [String: JSONValue] = [:]
      for flag in bound { values[flag.name] = flag.value }
      return try invoke(builtin, arguments: positional, flags: values, input: input, span: command.span)
    }
    if let (description, takesFirstWord) = try hostCommand(name, firstWord: positional.first, span: command.span) {
      if takesFirstWord {
        positional.removeFirst()
        for index in flags.indices { flags[index].position = max(0, flags[index].position - 1) }
      }
      if flags.contains(where: { $0.name == "help" }) {
        host.writeOutput(HelpText.describe(description))
        return nil
      }
      for flag in flags where description.flag(flag.name) == nil {
        let known = description.flags.map { "--" + $0.name }
        throw LanguageError(
          .usage, "\(description.name) has no flag --\(flag.name)",
          hint: Suggestions.closest(to: "--" + flag.name, among: known).map { "did you mean \($0)?" }
            ?? "usage: \(description.usage)",
          source: source, span: flag.span)
      }
      let bound = try bind(flags, to: &positional, valueFlags: description.valueFlags, command: description.name)
      let hostFlags: [(name: String, value: JSONValue)] = bound.map { flag in (name: flag.name, value: flag.value) }
      return try runHostCommand(description.name, arguments: positional, flags: hostFlags, input: input, span: command.span)
    }
    throw unknown(name, span: command.nameSpan, asFunction: false)
  }

  /// Gives each `--flag` without `=value` that takes a value the positional word after it.
  private func bind(
    _ flags: [WrittenFlag], to positional: inout [JSONValue],
    valueFlags: Set<String>, command: String
  ) throws -> [(name: String, value: JSONValue, span: SourceSpan)] {
    var bound: [(name: String, value: JSONValue, span: SourceSpan)] = []
    var taken: [Int] = []
    for flag in flags {
      if let value = flag.value {
        bound.append((flag.name, value, flag.span))
      } else if valueFlags.contains(flag.name) {
        let position = flag.position
        guard position < positional.count, !taken.contains(position) else {
          throw LanguageError(
            .usage, "--\(flag.name) needs a value", hint: "write --\(flag.name) VALUE or --\(flag.name)=VALUE",
            source: source, span: flag.span)
        }
        taken.append(position)
        bound.append((flag.name, positional[position], flag.span))
      } else {
        bound.append((flag.name, .bool(true), flag.span))
      }
    }
    for position in taken.sorted(by: >) { positional.remove(at: position) }
    return bound
  }

  func invoke(_ builtin: Builtin, arguments: [JSONValue], flags: [String: JSONValue], input: JSONValue?, span: SourceSpan) throws
    -> JSONValue?
  {
    var arguments = arguments
    if let input {
      switch builtin.input {
      case .firstArgument where arguments.count < builtin.arity.upperBound: arguments.insert(input, at: 0)
      case .whenNoArguments where arguments.isEmpty: arguments.append(input)
      default: break
      }
    }
    guard builtin.arity.contains(arguments.count) else {
      let expected =
        builtin.arity.lowerBound == builtin.arity.upperBound
        ? "\(builtin.arity.lowerBound)"
        : (builtin.arity.upperBound == Int.max
          ? "at least \(builtin.arity.lowerBound)" : "\(builtin.arity.lowerBound) to \(builtin.arity.upperBound)")
      throw LanguageError(
        .usage, "\(builtin.name) takes \(expected) argument\(expected == "1" ? "" : "s"), got \(arguments.count)",
        hint: "usage: \(builtin.usage)", source: source, span: span)
    }
    var context = BuiltinContext(arguments: arguments, flags: flags, interpreter: self, span: span)
    do {
      return try builtin.run(&context)
    } catch let error as LanguageError {
      throw error.located(source, span)
    }
  }

  /// The host command that `name` and the first word name: `remote` `add` is `remote add` (and takes
  /// the word) when the host has such a subcommand, else `name` itself. Nil when the host has no
  /// command of that name; a usage error when `name` only has subcommands and the word is none.
  private func hostCommand(_ name: String, firstWord: JSONValue?, span: SourceSpan) throws
    -> (CommandDescription, takesFirstWord: Bool)?
  {
    let commands = host.commands
    let prefix = name + " "
    let subcommands = commands.filter { $0.name.hasPrefix(prefix) }
    if case .string(let word)? = firstWord, let subcommand = subcommands.first(where: { $0.name == prefix + word }) {
      return (subcommand, true)
    }
    if let command = commands.first(where: { $0.name == name }) { return (command, false) }
    guard !subcommands.isEmpty else { return nil }
    let list = subcommands.map(\.name).joined(separator: ", ")
    guard case .string(let given)? = firstWord else {
      throw LanguageError(.usage, "\(name) needs a subcommand: \(list)", source: source, span: span)
    }
    let known = subcommands.map { String($0.name.dropFirst(prefix.count)) }
    let suggestion = Suggestions.closest(to: given, among: known).map { "did you mean `\(name) \($0)`?" }
    throw LanguageError(
      .usage, "unknown command '\(name) \(given)'", hint: suggestion ?? "the commands are \(list)",
      source: source, span: span)
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

  private func unknown(_ name: String, span: SourceSpan, asFunction: Bool) -> LanguageError {
    let candidates = builtins.names + functions.keys.sorted() + host.commands.map(\.name)
    let firstWords = candidates.map { String($0.split(separator: " ").first ?? "") }
    var hint = Suggestions.closest(to: name, among: candidates + firstWords).map { "did you mean `\($0)`?" }
    if hint == nil { hint = "type help for the list of commands" }
    let what = asFunction ? "function \(name)()" : "command '\(name)'"
    return LanguageError(.usage, "unknown \(what)", hint: hint, source: source, span: span)
  }

  /// `range(n)`, `range(a, b)`, `range(a, b, step)`: whole numbers, half-open.
  func rangeBounds(_ arguments: [JSONValue], span: SourceSpan) throws -> (start: Int, end: Int, step: Int) {
    var numbers: [Int] = []
    for argument in arguments {
      guard case .number(let number) = argument, let whole = number.intValue else {
        throw LanguageError(
          .runtime, "range needs whole numbers, not \(Operators.describe(argument))",
          hint: "usage: range(end), range(start, end) or range(start, end, step)", source: source, span: span)
      }
      numbers.append(whole)
    }
    switch numbers.count {
    case 1: return (0, numbers[0], 1)
    case 2: return (numbers[0], numbers[1], 1)
    case 3:
      guard numbers[2] != 0 else { throw LanguageError(.runtime, "range's step cannot be 0", source: source, span: span) }
      return (numbers[0], numbers[1], numbers[2])
    default:
      throw LanguageError(
        .usage, "range takes 1 to 3 arguments, got \(numbers.count)",
        hint: "usage: range(end), range(start, end) or range(start, end, step)", source: source, span: span)
    }
  }
}

/// A `--flag` as written, with where it stood among the positional words.
struct WrittenFlag {
  var name: String
  var value: JSONValue?
  var span: SourceSpan
  var position: Int
}

/// Closest-name suggestions for "did you mean".
public enum Suggestions {
  /// The candidate nearest to `name` by edit distance, when near enough to be a likely typo.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let limit = max(1, min(3, name.count / 3 + 1))
    var best: (name: String, distance: Int)? = nil
    for candidate in Set(candidates) where candidate != name && !candidate.isEmpty {
      let distance = editDistance(Array(name.lowercased()), Array(candidate.lowercased()))
      if distance <= limit, best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

/// Writing below a variable: `$a.b[0] = v`.
enum AssignmentPath {
  struct Failure: Error { var message: String }

  static func set(_ value: JSONValue, at steps: ArraySlice<AssignmentStep>, in root: inout JSONValue) throws(Failure) {
    guard let step = steps.first else {
      root = value
      return
    }
    switch step {
    case .name(let key):
      var object: JSONObject
      switch root {
      case .object(let existing): object = existing
      case .null: object = JSONObject()
      default: throw Failure(message: "cannot set member '\(key)' of \(Operators.describe(root))")
      }
      root = .null
      var child = object[key] ?? .null
      object[key] = .null
      try set(value, at: steps.dropFirst(), in: &child)
      object[key] = child
      root = .object(object)
    case .index(let index):
      var elements: [JSONValue]
      switch root {
      case .array(let existing): elements = existing
      case .null: elements = []
      default: throw Failure(message: "cannot set element [\(index)] of \(Operators.describe(root))")
      }
      let position = index < 0 ? elements.count + index : index
      guard position >= 0 && position <= elements.count else {
        throw Failure(message: "index \(index) is out of range for an array of \(elements.count)")
      }
      root = .null
      if position == elements.count { elements.append(.null) }
      var child = elements[position]
      try set(value, at: steps.dropFirst(), in: &child)
      elements[position] = child
      root = .array(elements)
    }
  }
}
