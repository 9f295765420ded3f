import ArgumentParser
import Logging
import Synchronization
import TShellCommands
import TemporalServer

/// `tshell serve`: the Temporal v2 Account API on a port.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell serve",
    abstract: "Serve the Temporal v2 Account API.",
    discussion: """
      The first line on stdout is `listening on http://HOST:PORT` with the real port (use --port 0 to let the system choose). Request logs go to stderr. Data (a SQLite database, the mail outbox and the 0600 secret files) lives in --data-dir. SIGINT stops the server gracefully; SIGTERM drains it first: /health answers 503 (so that a load balancer takes the server out) while requests are still served, until none has come for 1 s or --drain-timeout has passed.
      """
  )

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The port to listen on (0: any free port).")
  var port = 8080

  @Option(help: ArgumentHelp("The data directory (default: $TSHELL_HOME/server).", valueName: "dir"), completion: .directory)
  var dataDir: String?

  @Option(help: ArgumentHelp("The mail outbox (default: DATA-DIR/mail).", valueName: "dir"), completion: .directory)
  var mailDir: String?

  @Option(help: ArgumentHelp("Requests per hour per client address; 0 turns the limit off.", valueName: "n"))
  var rateLimit = 1000

  @Option(help: ArgumentHelp("The bcrypt cost of password hashes (4 to 31).", valueName: "n"))
  var bcryptCost = 10

  @Option(
    help: ArgumentHelp(
      "A file holding the JWT secret, at least 32 bytes (default: generated in the data directory).", valueName: "file"),
    completion: .file())
  var jwtSecretFile: String?

  @Option(help: ArgumentHelp("The base URL of links in mails (default: the listening address).", valueName: "url"))
  var publicURL: String?

  @OptionGroup var storage: StorageOptions

  @Option(help: ArgumentHelp("Connections to PostgreSQL at most.", valueName: "n"))
  var databasePool = 10

  @Option(help: ArgumentHelp("Seconds to wait for a complete request head before closing.", valueName: "s"))
  var idleTimeout = 30

  @Option(help: ArgumentHelp("Seconds a request may take from its head to the end of its body.", valueName: "s"))
  var requestTimeout = 30

  @Option(help: ArgumentHelp("Seconds a client may leave its replies unread before it is closed.", valueName: "s"))
  var writeTimeout = 30

  @Option(
    help: ArgumentHelp(
      "Seconds SIGTERM's drain may last: /health answers 503 until no request has come for 1 s (0: stop at once).",
      valueName: "s"))
  var drainTimeout = 10

  @Option(
    help: ArgumentHelp(
      "Serve Prometheus metrics at http://METRICS-HOST:PORT/metrics (0: any free port; default: none).",
      valueName: "port"))
  var metricsPort: Int?

  @Option(help: ArgumentHelp("The address of the metrics listener.", valueName: "host"))
  var metricsHost = "127.0.0.1"

  @Option(help: ArgumentHelp("Open connections at most (also kept below the open-file limit).", valueName: "n"))
  var maxConnections = 2048

  @Option(
    help: ArgumentHelp(
      "A proxy (address or CIDR range) whose X-Forwarded-For names the client; repeatable.", valueName: "cidr"))
  var trustedProxy: [String] = []

  @Option(help: ArgumentHelp("RSA keys generated at once (default: half the cores).", valueName: "n"))
  var rsaGenerations: Int?

  @Option(help: ArgumentHelp("RSA key requests that may wait for a generation; more get 503.", valueName: "n"))
  var rsaQueue = 16

  @Option(help: ArgumentHelp("The largest request body in bytes; larger ones get 413.", valueName: "bytes"))
  var maxBodySize = 1 << 20

  @Option(
    help: ArgumentHelp("A PEM certificate (chain) to serve HTTPS with; needs --tls-key.", valueName: "file"), completion: .file())
  var tlsCert: String?

  @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"), completion: .file())
  var tlsKey: String?

  @Option(help: ArgumentHelp("The log's format on stderr: text, or json (one object per line).", valueName: "format"))
  var logFormat = "text"

  @Flag(help: "Do not log each request on stderr.")
  var quiet = false

  func run() async throws {
    var configuration = ServerConfiguration(dataDirectory: dataDir ?? TShellHome.path() + "/server")
    configuration.host = host
    configuration.port = port
    configuration.mailDirectory = mailDir
    configuration.rateLimitPerHour = rateLimit
    configuration.bcryptCost = bcryptCost
    configuration.jwtSecretFile = jwtSecretFile
    configuration.publicURL = publicURL
    configuration.logRequests = !quiet
    configuration.idleTimeout = idleTimeout
    configuration.requestTimeout = requestTimeout
    configuration.writeTimeout = writeTimeout
    configuration.drainTimeout = drainTimeout
    configuration.metricsPort = metricsPort
    configuration.metricsHost = metricsHost
    configuration.maxConnections = maxConnections
    configuration.maxBodySize = maxBodySize
    if let rsaGenerations { configuration.rsaGenerations = rsaGenerations }
    configuration.rsaQueue = rsaQueue
    configuration.trustedProxies = trustedProxy
    configuration.tlsCertificateFile = tlsCert
    configuration.tlsKeyFile = tlsKey
    configuration.databasePoolSize = databasePool
    storage.apply(to: &configuration)
    // --quiet leaves warnings and errors only (no request lines, no start line of the framework).
    let level: Logger.Level = quiet ? .warning : .info
    guard logFormat == "text" || logFormat == "json" else {
      throw CommandFailure(message: "tshell serve: --log-format must be text or json, not '\(logFormat)'", exitCode: 2)
    }
    let json = logFormat == "json"
    LoggingSystem.bootstrap { label in
      var handler: any LogHandler = json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "tshell.serve")
    let scheme = configuration.scheme
    do {
      let lines = ListeningLines()
      try await TemporalServer.serve(
        configuration, logger: logger,
        listening: { host, port in lines.api("listening on \(scheme)://\(ListeningLines.shown(host)):\(port)\n") },
        metricsListening: { host, port in lines.metrics("metrics on http://\(ListeningLines.shown(host)):\(port)/metrics\n") })
    } catch let error as ServerConfiguration.Invalid {
      throw CommandFailure(message: "tshell serve: \(error.description)", exitCode: 2)
    } catch {
      throw CommandFailure(message: "tshell serve: \(error)", exitCode: 1)
    }
  }
}

/// The lines `serve` prints once it listens: the API's first, then the metrics listener's,
/// whichever binds first.
final class ListeningLines: Sendable {
  private let state = Mutex((apiShown: false, pending: String?.none))

  static func shown(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

  // Written under the lock, so that the lines cannot swap places.
  func api(_ line: String) {
    state.withLock { state in
      state.apiShown = true
      StandardStreams.writeOutput(line + (state.pending ?? ""))
      state.pending = nil
    }
  }

  func metrics(_ line: String) {
    state.withLock { state in
      if state.apiShown { StandardStreams.writeOutput(line) } else { state.pending = line }
    }
  }
}
