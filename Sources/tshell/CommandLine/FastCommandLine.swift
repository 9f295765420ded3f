/// The common command lines parsed by hand — `-c CODE`, `FILE [ARGS…]`, `-`, nothing, and
/// `jsonpath QUERY [FILE]` — so that they start without swift-argument-parser, whose reflection
/// scans every protocol conformance of the binary before `main` gets anywhere. Anything else
/// (another subcommand, `--help`, `--version`, `--name=value`, an unknown or repeated option, a
/// value that does not parse) is nil, and goes to argument-parser for the same result and the
/// same messages.
enum FastCommandLine {
  enum Parsed: Equatable {
    case run(RunOptions)
    case jsonpath(JSONPathCommand.Options)
  }

  static func parse(_ arguments: [String]) -> Parsed? {
    // Plain comparisons and arrays: a first Dictionary or Set of strings makes the runtime look
    // up a conformance by scanning every conformance record of the binary.
    switch arguments.first {
    case "jsonpath": return jsonpath(Array(arguments.dropFirst())).map(Parsed.jsonpath)
    case let name? where TShell.subcommandNames.contains(name): return nil
    default: break
    }
    var options = RunOptions()
    var seen: [TShellOption] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      guard argument.hasPrefix("-"), argument != "-" else { break }
      if argument == "--" {
        index += 1
        break
      }
      guard let option = TShellOption.named(argument), !seen.contains(option) else { return nil }
      seen.append(option)
      var value = ""
      if option.takesValue {
        guard index + 1 < arguments.count else { return nil }
        value = arguments[index + 1]
        index += 1
      }
      guard option.apply(value, to: &options) else { return nil }
      index += 1
      if option.endsOptions { break }
    }
    options.script = Array(arguments[index...])
    return options.isValid ? .run(options) : nil
  }

  /// `[--paths] [--ndjson] [--raw] QUERY [FILE]`, flags anywhere, `--` before a query that starts with `-`.
  private static func jsonpath(_ arguments: [String]) -> JSONPathCommand.Options? {
    var options = JSONPathCommand.Options()
    var positional: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        positional += arguments[index...]
        break
      }
      switch argument {
      case "--paths" where !options.paths: options.paths = true
      case "--ndjson" where !options.ndjson: options.ndjson = true
      case "--raw" where !options.raw: options.raw = true
      case let other where other.hasPrefix("-") && other != "-": return nil
      default: positional.append(argument)
      }
    }
    guard (1...2).contains(positional.count) else { return nil }
    options.query = positional[0]
    options.file = positional.count == 2 ? positional[1] : "-"
    return options
  }
}
