/// tshell's own options, the one list of them: the fast path parses by it, the split between
/// tshell's options and a script's arguments follows it, and a test holds argument-parser's
/// declarations (`TShellFlags`), the help and the completion scripts to it.
enum TShellOption: CaseIterable, Equatable {
  case code, check, trace, compact, raw, ndjson, table, api, profile, timeout, cacert, dryRun, noPager, sandbox

  /// As written on the command line.
  var name: String {
    switch self {
    case .code: "-c"
    case .check: "--check"
    case .trace: "--trace"
    case .compact: "--compact"
    case .raw: "--raw"
    case .ndjson: "--ndjson"
    case .table: "--table"
    case .api: "--api"
    case .profile: "--profile"
    case .timeout: "--timeout"
    case .cacert: "--cacert"
    case .dryRun: "--dry-run"
    case .noPager: "--no-pager"
    case .sandbox: "--sandbox"
    }
  }

  /// Whether the next word is the option's value.
  var takesValue: Bool {
    switch self {
    case .code, .api, .profile, .timeout, .cacert: true
    default: false
    }
  }

  /// Whether the option ends tshell's options: every word after `-c CODE` is the code's argument.
  var endsOptions: Bool { self == .code }

  /// The option named `name`, if tshell has one (a plain search: no Dictionary at start-up).
  static func named(_ name: String) -> TShellOption? {
    allCases.first { $0.name == name }
  }

  /// Sets the option (with its value) in `options`; false when the value does not parse.
  func apply(_ value: String, to options: inout RunOptions) -> Bool {
    switch self {
    case .code: options.code = value
    case .check: options.check = true
    case .trace: options.trace = true
    case .compact: options.compact = true
    case .raw: options.raw = true
    case .ndjson: options.ndjson = true
    case .table: options.table = true
    case .api: options.api = value
    case .profile: options.profile = value
    case .timeout:
      guard let seconds = Double(value) else { return false }
      options.timeout = seconds
    case .cacert: options.cacert = value
    case .dryRun: options.dryRun = true
    case .noPager: options.noPager = true
    case .sandbox: options.sandbox = true
    }
    return true
  }
}
