import Foundation
import Hummingbird
import Prometheus
import Synchronization
import TemporalAPI

/// The server's Prometheus metrics (`tshell_*`), served on `--metrics-port`: requests by
/// endpoint, method and status, latency by endpoint, refused logins, rate-limit refusals,
/// connections, RSA generations, mails, and the process's memory and open files. Labels carry
/// route templates, methods and status codes only, never a user or key name.
public final class ServerMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()
  private let buckets: [Duration] = [
    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    .seconds(10),
  ]
  private let loginsRefused: Counter
  private let rateLimited: Counter
  private let openConnections: Gauge
  private let inFlight: Gauge
  private let connectionsRefused: Counter
  private let rsaRunning: Gauge
  private let rsaQueued: Gauge
  private let rsaRefused: Counter
  private let mailsWritten: Counter
  private let databaseInUse: Gauge
  private let databaseWaiting: Gauge
  private let databaseWaits: Counter
  private let residentMemory: Gauge
  private let openFiles: Gauge
  /// What the sampled totals were at the last scrape (counters only grow by the difference).
  private let lastTotals = Mutex([String: Int]())
  /// Set once the server's parts exist (`attach`).
  private let sources = Mutex<Sources?>(nil)

  /// Where the sampled values come from.
  struct Sources: Sendable {
    let connections: ConnectionShare
    let generations: GenerationQueue
    let mail: MailCount
    let drain: Drain
    let database: PoolUsage?
  }

  public init() {
    let registry = self.registry
    func counter(_ name: String, _ help: String) -> Counter { registry.makeCounter(descriptor: .named(name, help: help)) }
    func gauge(_ name: String, _ help: String) -> Gauge { registry.makeGauge(descriptor: .named(name, help: help)) }
    loginsRefused = counter("tshell_logins_refused_total", "Logins refused (401 or 403).")
    rateLimited = counter("tshell_rate_limited_total", "Requests refused by the per-address rate limit (429).")
    openConnections = gauge("tshell_open_connections", "HTTP connections open now.")
    inFlight = gauge("tshell_http_requests_in_flight", "Requests received and not yet answered (/health aside).")
    connectionsRefused = counter(
      "tshell_connections_refused_total", "Connections closed because their address held its share of the cap.")
    rsaRunning = gauge("tshell_rsa_generations_running", "RSA key generations running now.")
    rsaQueued = gauge("tshell_rsa_generations_queued", "RSA key requests waiting for a generation.")
    rsaRefused = counter("tshell_rsa_generations_refused_total", "RSA key requests refused with 503 (the queue was full).")
    mailsWritten = counter("tshell_mails_written_total", "Mails written to the outbox.")
    databaseInUse = gauge("tshell_database_connections_in_use", "Database connections running an operation (SQLite: the writer).")
    databaseWaiting = gauge("tshell_database_operations_waiting", "Database operations waiting for a connection now.")
    databaseWaits = counter("tshell_database_waits_total", "Database operations that had to wait for a connection.")
    residentMemory = gauge("tshell_process_resident_memory_bytes", "The server process's resident memory.")
    openFiles = gauge("tshell_process_open_fds", "The server process's open file descriptors.")
  }

  func attach(_ sources: Sources) { self.sources.withLock { $0 = sources } }

  /// Counts one answered request.
  func request(endpoint: String, method: String, status: Int, duration: Duration) {
    registry.makeCounter(
      descriptor: .named("tshell_http_requests_total", help: "HTTP requests answered, by route, method and status."),
      labels: [("endpoint", endpoint), ("method", method), ("status", String(status))]
    ).increment()
    registry.makeDurationHistogram(
      descriptor: .named("tshell_http_request_duration_seconds", help: "Time from a request's head to its answer, by route."),
      labels: [("endpoint", endpoint)], buckets: buckets
    ).record(duration)
    if endpoint == Endpoint.login.path && (status == 401 || status == 403) { loginsRefused.increment() }
    if status == 429 { rateLimited.increment() }
  }

  /// The exposition text, with the sampled values brought up to date.
  public func exposition() -> [UInt8] {
    if let sources = sources.withLock({ $0 }) {
      openConnections.set(to: Double(sources.connections.openConnections))
      inFlight.set(to: Double(sources.drain.inFlight))
      rsaRunning.set(to: Double(sources.generations.running))
      rsaQueued.set(to: Double(sources.generations.inLine))
      grow(connectionsRefused, "connections", to: sources.connections.refusedConnections)
      grow(rsaRefused, "rsa", to: sources.generations.refused)
      grow(mailsWritten, "mail", to: sources.mail.value)
      if let database = sources.database?.snapshot {
        databaseInUse.set(to: Double(database.inUse))
        databaseWaiting.set(to: Double(database.waiting))
        grow(databaseWaits, "database", to: database.waits)
      }
    }
    if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    {
      residentMemory.set(to: Double(pages * Int(sysconf(Int32(_SC_PAGESIZE)))))
    }
    if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
      openFiles.set(to: Double(descriptors.count))
    }
    return registry.emitToBuffer()
  }

  private func grow(_ counter: Counter, _ name: String, to total: Int) {
    let added = lastTotals.withLock { totals in
      let added = max(0, total - totals[name, default: 0])
      totals[name] = total
      return added
    }
    if added > 0 { counter.increment(by: Int64(added)) }
  }
}

/// Counts every answered request into the metrics, by its route's template.
struct MetricsMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let metrics: ServerMetrics

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
    async throws -> Response
  {
    let start = ContinuousClock.now
    do {
      let response = try await next(request, context)
      metrics.request(
        endpoint: Self.endpoint(context), method: request.method.rawValue, status: response.status.code,
        duration: ContinuousClock.now - start)
      return response
    } catch {
      let status = (error as? any HTTPResponseError)?.status.code ?? 500
      metrics.request(
        endpoint: Self.endpoint(context), method: request.method.rawValue, status: status, duration: ContinuousClock.now - start)
      throw error
    }
  }

  /// The route's template (`/v2/account/email/verify/{username}/{token}`), or `unmatched`: never
  /// a path as sent, which could carry names.
  static func endpoint(_ context: ServerContext) -> String {
    guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
    return path
  }
}

extension MetricNameDescriptor {
  /// A metric named in full (`tshell_…_total`), as the exposition shows it.
  static func named(_ name: String, help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
  }
}
