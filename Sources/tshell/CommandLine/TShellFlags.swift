import ArgumentParser

/// tshell's own options (before FILE or with -c), shared by the command line and its completion
/// scripts.
struct TShellFlags: ParsableArguments {
  @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE instead of a file.", valueName: "CODE"))
  var code: String?

  @Flag(help: "Parse FILE (or CODE) without running it: exit 0 when valid, 2 with the error otherwise.")
  var check = false

  @Flag(help: "Print each statement to stderr before it runs (secrets redacted).")
  var trace = false

  @Flag(help: "Print results as compact JSON.")
  var compact = false

  @Flag(help: "Print string results without quotes.")
  var raw = false

  @Flag(help: "Print results as one compact JSON value per line (arrays one element per line).")
  var ndjson = false

  @Flag(help: "Print a top-level array of objects as aligned columns (other values as JSON).")
  var table = false

  @Option(
    help: ArgumentHelp("The API to use (default: TSHELL_API, the current profile, or the embedded server).", valueName: "url"))
  var api: String?

  @Option(help: ArgumentHelp("A profile of config.toml to use.", valueName: "name"))
  var profile: String?

  @Option(help: ArgumentHelp("Seconds to wait for each API answer.", valueName: "seconds"))
  var timeout: Double = 30

  @Option(
    help: ArgumentHelp(
      "A PEM file of the certificate authorities to trust for https APIs (default: TSHELL_CACERT, else the system's).",
      valueName: "file"), completion: .file())
  var cacert: String?

  @Flag(help: "Print API requests as curl command lines instead of sending them.")
  var dryRun = false

  @Flag(help: "In the REPL, print long results whole instead of through $PAGER (or less).")
  var noPager = false

  @Flag(
    help:
      "Run without programs, environment, other endpoints or files outside TSHELL_HOME, under CPU, memory and output limits (the playground's sessions)."
  )
  var sandbox = false
}
