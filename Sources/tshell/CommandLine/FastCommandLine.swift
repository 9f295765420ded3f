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
    var seen: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      guard argument.hasPrefix("-"), argument != "-" else { break }
      if argument == "--" {
        index += 1
        break
      }
      guard !seen.contains(argument) else { return nil }
      seen.append(argument)
      let value: String? = index + 1 < arguments.count ? arguments[index + 1] : nil
      switch argument {
      case "-c", "--api", "--profile", "--timeout", "--cacert":
        guard let value else { return nil }
        switch argument {
        case "-c": options.code = value
        case "--api": options.api = value
        case "--profile": options.profile = value
        case "--cacert": options.cacert = value
        default:
          guard let seconds = Double(value) else { return nil }
          options.timeout = seconds
        }
        index += 2
        continue
      case "--check": options.check = true
      case "--trace": options.trace = true
      case "--compact": options.compact = true
      case "--raw": options.raw = true
      case "--ndjson": options.ndjson = true
      case "--dry-run": options.dryRun = true
      case "--no-pager": options.noPager = true
      default: return nil
      }
      index += 1
    }
    options.script = Array(arguments[index...])
    return options.isValid ? .run(options) : nil
  }

  /// `[--paths] [--ndjson] QUERY [FILE]`, flags anywhere, `--` before a query that starts with `-`.
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
