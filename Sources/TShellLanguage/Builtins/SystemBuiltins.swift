import TShellJSON

/// Builtins that reach the outside world through the host, and the interpreter's own state.
extension BuiltinRegistry {
  static let system: [Builtin] = [
    Builtin(
      name: "sleep", group: "processes", summary: "waits the given number of seconds (Ctrl-C stops it)",
      usage: "sleep(seconds)", example: "sleep 0.5", arity: 1...1, input: .firstArgument
    ) { context in
      let seconds = try context.number(0, "seconds")
      guard seconds.isFinite else {
        throw context.fail("sleep needs a finite number of seconds, not \(Operators.text(context.arguments[0]))")
      }
      guard seconds >= 0 else { throw context.fail("sleep needs a number of seconds of at least 0") }
      try context.host.sleep(seconds: seconds, cancellation: context.interpreter.cancellation)
      return nil
    },
    Builtin(
      name: "vars", group: "control", summary: "the variables set at the top level, as an object",
      usage: "vars", example: "vars | keys", arity: 0...0, input: .none
    ) { context in
      var object = JSONObject()
      let interpreter = context.interpreter
      for name in interpreter.globalVariableNames where Int(name) == nil {
        object[name] = interpreter.globalValue(name) ?? .null
      }
      return .object(object)
    },
    Builtin(
      name: "history", group: "control",
      summary:
        "the lines entered in the REPL, oldest first; in the REPL, --session lists this session's statements as a recording writes them and --save FILE [N…] writes them (or the chosen ones) to a new script",
      usage: "history [--session | --save FILE [N…]]", example: "history | last", arity: 0...Int.max, input: .none,
      valueFlags: ["save"], booleanFlags: ["session"]
    ) { context in
      guard context.arguments.isEmpty, context.flags.isEmpty else {
        throw context.fail("history --session and --save FILE [N…] work in the REPL", hint: "history alone lists its lines")
      }
      return .array(context.host.history().map(JSONValue.string))
    },
    Builtin(
      name: "help", group: "control", summary: "lists the commands, or explains one",
      usage: "help [NAME]", example: "help join", arity: 0...2, input: .none
    ) { context in
      let topic = context.arguments.map(Operators.text).joined(separator: " ")
      context.host.writeOutput(try HelpText(interpreter: context.interpreter).render(topic: topic.isEmpty ? nil : topic))
      return nil
    },
  ]
}
