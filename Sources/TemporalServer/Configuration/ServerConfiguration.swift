import Foundation

/// How `tshell serve` (or the embedded server) runs; every setting is checked before starting.
public struct ServerConfiguration: Sendable {
  public var host: String = "127.0.0.1"
  /// 0 picks a free port (the real one is reported when the server listens).
  public var port: Int = 8080
  /// Holds the database and, unless given elsewhere, the secrets.
  public var dataDirectory: String
  /// The mail outbox; `<data-dir>/mail` by default.
  public var mailDirectory: String?
  /// Requests per hour per client address; 0 turns the limit off.
  public var rateLimitPerHour: Int = 1000
  public var bcryptCost: Int = 10
  /// A file holding the JWT secret (at least 32 bytes); generated in the data directory when nil.
  public var jwtSecretFile: String?
  /// A file holding the 32-byte key that encrypts private keys at rest; generated in the data
  /// directory when nil. Replicas over one database must share it.
  public var keyEncryptionKeyFile: String?
  /// The base of links in mails; the listening address when nil.
  public var publicURL: String?
  /// A PostgreSQL URL (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`) to store accounts in
  /// instead of the data directory's SQLite file; replicas share it.
  public var databaseURL: String?
  /// A file holding the database password (instead of the URL or `PGPASSWORD`).
  public var databasePasswordFile: String?
  /// Connections to PostgreSQL at most.
  public var databasePoolSize = 10
  /// Whether to log each request on stderr.
  public var logRequests = true
  /// Seconds a connection may wait for a complete request head before it is closed.
  public var idleTimeout = 30
  /// Seconds a request may take from its head to the end of its body.
  public var requestTimeout = 30
  /// Seconds a connection may leave its replies unread before it is closed.
  public var writeTimeout = 30
  /// The port of the Prometheus `/metrics` listener; nil: none.
  public var metricsPort: Int?
  /// The address the metrics listener binds (loopback unless chosen).
  public var metricsHost = "127.0.0.1"
  /// Seconds a drain (after SIGTERM) may last at most; 0 stops at once.
  public var drainTimeout = 10
  /// Open connections at most; more wait until one closes (also kept below the file limit).
  public var maxConnections = 2048
  /// RSA keys generated at once: half the cores, so password checks keep the other half.
  public var rsaGenerations = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
  /// RSA key requests that may wait for a generation; more get 503.
  public var rsaQueue = 16
  /// Addresses and CIDR ranges whose `X-Forwarded-For` names the client (`--trusted-proxy`).
  public var trustedProxies: [String] = []
  /// PEM files of the certificate chain and its private key: `serve` speaks HTTPS when both are
  /// given.
  public var tlsCertificateFile: String?
  public var tlsKeyFile: String?
  /// The largest request body in bytes; larger ones get 413.
  public var maxBodySize = 1 << 20

  public init(dataDirectory: String) {
    self.dataDirectory = dataDirectory
  }

  /// `https` with a certificate, else `http`.
  public var scheme: String { tlsCertificateFile == nil ? "http" : "https" }

  public var resolvedMailDirectory: String { mailDirectory ?? (dataDirectory as NSString).appendingPathComponent("mail") }

  /// A setting that cannot work, with a message naming the option.
  public struct Invalid: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }

  /// Checks every setting that does not need the file system.
  public func validate() throws(Invalid) {
    guard (0...65535).contains(port) else { throw Invalid("--port must be from 0 to 65535, not \(port)") }
    guard !host.isEmpty else { throw Invalid("--host must not be empty") }
    guard (4...31).contains(bcryptCost) else { throw Invalid("--bcrypt-cost must be from 4 to 31, not \(bcryptCost)") }
    guard rateLimitPerHour >= 0 else {
      throw Invalid("--rate-limit must be 0 (off) or a number of requests per hour, not \(rateLimitPerHour)")
    }
    for (option, value) in [
      ("--idle-timeout", idleTimeout), ("--request-timeout", requestTimeout), ("--write-timeout", writeTimeout),
    ]
    where value < 1 {
      throw Invalid("\(option) must be a number of seconds from 1, not \(value)")
    }
    if let metricsPort, !(0...65535).contains(metricsPort) {
      throw Invalid("--metrics-port must be from 0 to 65535, not \(metricsPort)")
    }
    guard (0...3600).contains(drainTimeout) else {
      throw Invalid("--drain-timeout must be from 0 to 3600 seconds, not \(drainTimeout)")
    }
    guard (1...1000).contains(databasePoolSize) else {
      throw Invalid("--database-pool must be from 1 to 1000, not \(databasePoolSize)")
    }
    guard (1...BodyLimitHandler.largestLimit).contains(maxBodySize) else {
      throw Invalid("--max-body-size must be from 1 to \(BodyLimitHandler.largestLimit) bytes, not \(maxBodySize)")
    }
    guard (1...256).contains(rsaGenerations) else {
      throw Invalid("--rsa-generations must be from 1 to 256, not \(rsaGenerations)")
    }
    guard (0...10_000).contains(rsaQueue) else { throw Invalid("--rsa-queue must be from 0 to 10000, not \(rsaQueue)") }
    do {
      _ = try TrustedProxies(trustedProxies)
    } catch {
      throw Invalid("--trusted-proxy must be an address or a CIDR range such as 10.0.0.0/8, not \(error.text)")
    }
    guard (tlsCertificateFile == nil) == (tlsKeyFile == nil) else {
      throw Invalid("--tls-cert and --tls-key go together: give both PEM files, or neither")
    }
    guard maxConnections >= 1 else { throw Invalid("--max-connections must be at least 1, not \(maxConnections)") }
    if let publicURL {
      guard let url = URL(string: publicURL), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil
      else {
        throw Invalid("--public-url must be an http or https URL such as https://api.example.com, not '\(publicURL)'")
      }
    }
  }
}
