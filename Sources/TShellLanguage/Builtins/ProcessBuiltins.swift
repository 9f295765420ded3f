/// Builtins for the script's surroundings: programs, the environment, errors, options and tables.
extension BuiltinRegistry {
  static let processes: [Builtin] = [
    Builtin(
      name: "exec", group: "processes",
      summary:
        "runs a program without a shell (argv only) and gives {status, stdout, stderr}; a status other than 0 is a value, a program that cannot start or a timeout an error",
      usage: "exec(program, args) [--input TEXT] [--timeout SECONDS] [--cwd DIR]",
      example: "exec(\"echo\", [\"hi\"]).stdout", arity: 1...2, input: .none, valueFlags: ["input", "timeout", "cwd"]
    ) { context in
      let program = try context.string(0, "program")
      guard !program.isEmpty else { throw context.fail("exec's program must name a program, not \"\"") }
      let arguments = context.arguments.count > 1 ? try context.array(1, "arguments").map(Operators.text) : []
      var timeout: Double? = nil
      if let given = context.flags["timeout"] {
        guard case .number(let number) = given, number.doubleValue > 0, number.doubleValue.isFinite else {
          throw context.fail("exec's --timeout must be a number of seconds above 0, not \(Operators.shortText(given))")
        }
        timeout = number.doubleValue
      }
      let request = ProcessRequest(
        program: program, arguments: arguments, input: context.flags["input"].map(Operators.text), timeout: timeout,
        directory: context.flags["cwd"].map(Operators.text))
      let outcome = try context.host.runProcess(request, cancellation: context.interpreter.cancellation)
      return ["status": .int(outcome.status), "stdout": .string(outcome.stdout), "stderr": .string(outcome.stderr)]
    },
    Builtin(
      name: "env", group: "processes", summary: "an environment variable (null when it is not set), or all of them as an object",
      usage: "env([name])", example: "env(\"HOME\") != null", arity: 0...1, input: .none
    ) { context in
      guard !context.arguments.isEmpty else {
        return .object(JSONObject(distinctMembers: try context.host.environmentVariables().map { ($0.name, .string($0.value)) }))
      }
      return try context.host.environmentVariable(context.string(0, "name")).map(JSONValue.string) ?? .null
    },
    Builtin(
      name: "error", group: "control", summary: "stops with a runtime error of this message (exit 1; try catches it)",
      usage: "error(message)", example: "(try { error(\"no keys\") } catch $e { $e.message })", arity: 1...1,
      input: .firstArgument
    ) { context in
      throw context.fail(Operators.text(context.arguments[0]))
    },
    Builtin(
      name: "options", group: "control",
      summary:
        "the script's arguments parsed against an object of defaults: --name value, --name=value, switches for booleans; the other words as .args; --help prints the script's leading comments",
      usage: "options(defaults)", example: "options({parallel: 4, dry_run: false}).parallel", arity: 1...1,
      input: .firstArgument
    ) { context in
      try ScriptOptions.parse(context)
    },
    Builtin(
      name: "table", group: "data",
      summary: "an array of objects as aligned columns of text, a header from the keys in first-seen order",
      usage: "table(rows)", example: "[{name: \"ann\", keys: 2}] | table", arity: 1...1, input: .firstArgument
    ) { context in
      let rows = try context.array(0, "rows")
      if let row = rows.first(where: { $0.objectValue == nil }) {
        throw context.fail("table's rows must be objects, got \(BuiltinContext.describe(row))")
      }
      return .string(Table.render(rows, colors: false) ?? "")
    },
  ]
}
