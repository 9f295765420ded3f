import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import TShellJSON
import TemporalAPI
import UnixSignals

/// The Temporal v2 Account API server: `tshell serve`, and the embedded default of the client.
public enum TemporalServer {
  /// The SQLite database of a data directory (when accounts are not in PostgreSQL).
  public static let databaseFileName = "temporal.sqlite"

  /// Everything a running server needs, opened and checked.
  struct Prepared: Sendable {
    let configuration: ServerConfiguration
    let service: AccountService
    /// `--trusted-proxy`, parsed once.
    let trustedProxies: TrustedProxies
  }

  /// Checks the configuration, creates the directories and secrets, and opens the database.
  static func prepare(_ configuration: ServerConfiguration, logger: Logger) async throws -> Prepared {
    try configuration.validate()
    let manager = FileManager.default
    do {
      try OwnerOnlyFile.privateDirectory(configuration.dataDirectory)
      try OwnerOnlyFile.privateDirectory(configuration.resolvedMailDirectory)
    } catch {
      throw ServerConfiguration.Invalid("cannot create the data directory \(configuration.dataDirectory): \(error)")
    }
    guard manager.isWritableFile(atPath: configuration.dataDirectory) else {
      throw ServerConfiguration.Invalid("the data directory \(configuration.dataDirectory) is not writable")
    }
    let directory = configuration.dataDirectory as NSString
    let jwtSecret: [UInt8]
    if let file = configuration.jwtSecretFile {
      jwtSecret = try SecretFiles.read(file)
      guard jwtSecret.count >= 32 else {
        throw ServerConfiguration.Invalid("--jwt-secret-file must hold at least 32 bytes, \(file) holds \(jwtSecret.count)")
      }
    } else {
      jwtSecret = try SecretFiles.loadOrCreate(directory.appendingPathComponent("jwt-secret"), length: 64)
    }
    let keyFile = configuration.keyEncryptionKeyFile ?? directory.appendingPathComponent("key-encryption-key")
    let keyEncryptionKey =
      configuration.keyEncryptionKeyFile == nil
      ? try SecretFiles.loadOrCreate(keyFile, length: 32) : try SecretFiles.read(keyFile)
    guard keyEncryptionKey.count == 32 else { throw ServerConfiguration.Invalid("\(keyFile) must hold 32 bytes") }
    let store: any AccountStore
    if let databaseURL = configuration.databaseURL {
      var url: DatabaseURL
      do {
        url = try DatabaseURL(databaseURL)
      } catch {
        throw ServerConfiguration.Invalid("--database: \(error)")
      }
      if let file = configuration.databasePasswordFile {
        url.password = String(decoding: try SecretFiles.read(file), as: UTF8.self)
      }
      do {
        store = try await PostgresAccountStore(url, maximumConnections: configuration.databasePoolSize, logger: logger)
      } catch {
        throw ServerConfiguration.Invalid("--database: cannot open \(url.host):\(url.port)/\(url.database): \(error)")
      }
    } else {
      store = try SQLiteAccountStore(path: directory.appendingPathComponent(databaseFileName))
    }
    guard try await store.matchesKeyCheck(KeyVault.check(of: keyEncryptionKey)) else {
      throw ServerConfiguration.Invalid(
        "the database was initialised under another key-encryption key than \(keyFile): give every replica the same --key-encryption-key-file"
      )
    }
    let service = AccountService(
      store: store, tokens: await TokenService(secret: jwtSecret), passwords: PasswordHasher(cost: configuration.bcryptCost),
      vault: KeyVault(
        keyEncryptionKey: keyEncryptionKey,
        rsaGenerations: GenerationQueue(concurrent: configuration.rsaGenerations, waiting: configuration.rsaQueue)),
      outbox: MailOutbox(directory: configuration.resolvedMailDirectory),
      links: LinkBase(configured: configuration.publicURL), logger: logger)
    return Prepared(
      configuration: configuration, service: service, trustedProxies: try TrustedProxies(configuration.trustedProxies))
  }

  /// The router with every route and middleware.
  static func router(_ prepared: Prepared, logger: Logger, drain: Drain = Drain(), metrics: ServerMetrics? = nil)
    -> Router<ServerContext>
  {
    let router = Router(context: ServerContext.self)
    if let metrics { router.add(middleware: MetricsMiddleware(metrics: metrics)) }
    router.add(middleware: DrainMiddleware(drain: drain))
    if !prepared.configuration.trustedProxies.isEmpty {
      router.add(middleware: ClientAddressMiddleware(proxies: prepared.trustedProxies))
    }
    router.add(middleware: RequestLogMiddleware(logger: logger, enabled: prepared.configuration.logRequests))
    let limit = prepared.configuration.rateLimitPerHour
    let counter: (any RequestCounter)? =
      limit > 0
      ? (prepared.service.store as? PostgresAccountStore).map { SharedRequestCounter(limit: limit, store: $0) }
        ?? RateLimiter(limitPerHour: limit) : nil
    router.add(middleware: CORSPolicyMiddleware(limiter: counter))
    if let counter { router.add(middleware: RateLimitMiddleware(limiter: counter)) }
    router.add(middleware: ErrorResponses(logger: logger))
    let service = prepared.service
    service.registerEndpoints(on: router)
    let openAPI = JSONPrinter.string(OpenAPIDocument.make(), format: .pretty)
    router.get(RouterPath(ServiceRoute.openAPI.path)) { _, _ in
      var response = APIResponse.text(.ok, openAPI)
      response.headers[.contentType] = "application/json; charset=utf-8"
      return response
    }
    router.get(RouterPath(ServiceRoute.health.path)) { _, _ in
      if drain.isDraining { return APIResponse.text(.serviceUnavailable, APIMessage.draining) }
      return await service.store.isHealthy()
        ? APIResponse.text(.ok, APIMessage.healthy) : APIResponse.text(.serviceUnavailable, APIMessage.databaseUnavailable)
    }
    router.get(RouterPath(ServiceRoute.hello.path)) { _, _ in APIResponse.text(.ok, APIMessage.hello) }
    return router
  }

  /// The server as a Hummingbird application (not yet running); `listening` receives the real
  /// address once it is bound.
  public static func application(
    _ configuration: ServerConfiguration, logger: Logger, drain: Drain = Drain(), metrics: ServerMetrics? = nil,
    listening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
  ) async throws -> some ApplicationProtocol {
    let prepared = try await prepare(configuration, logger: logger)
    let links = prepared.service.links
    let requestTimeout = TimeAmount.seconds(Int64(configuration.requestTimeout))
    let share = ConnectionShare(maximumConnections: ConnectionLimit.effective(configuration.maxConnections))
    let proxies = prepared.trustedProxies
    metrics?.attach(
      .init(
        connections: share, generations: prepared.service.vault.rsaGenerations, mail: prepared.service.outbox.written,
        drain: drain, database: prepared.service.store.connectionUsage))
    let http = HTTPServerBuilder.http1(
      configuration: .init(
        additionalChannelHandlers: [
          RequestDeadlineHandler(timeout: requestTimeout), BodyLimitHandler(limit: configuration.maxBodySize),
          SlowReaderHandler(writeTimeout: .seconds(Int64(configuration.writeTimeout))),
          AddressShareHandler(share: share, proxies: proxies),
        ],
        idleTimeout: .seconds(Int64(configuration.idleTimeout))))
    let server = try tlsConfiguration(configuration).map { try HTTPServerBuilder.tls(http, tlsConfiguration: $0) } ?? http
    return Application(
      router: router(prepared, logger: logger, drain: drain, metrics: metrics),
      server: server,
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: "tshell",
        availableConnectionsDelegate: .maximum(ConnectionLimit.effective(configuration.maxConnections), logger: logger)),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? configuration.port
        links.listeningOn(scheme: configuration.scheme, host: configuration.host, port: port)
        listening(configuration.host, port)
      },
      logger: logger)
  }

  /// The server's TLS settings from `--tls-cert` and `--tls-key`, or nil for plain HTTP.
  static func tlsConfiguration(_ configuration: ServerConfiguration) throws -> TLSConfiguration? {
    guard let certificateFile = configuration.tlsCertificateFile, let keyFile = configuration.tlsKeyFile else { return nil }
    let chain: [NIOSSLCertificate]
    do {
      chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
    } catch {
      throw ServerConfiguration.Invalid("--tls-cert: \(certificateFile) is not a readable PEM certificate: \(error)")
    }
    guard !chain.isEmpty else { throw ServerConfiguration.Invalid("--tls-cert: \(certificateFile) holds no certificate") }
    let key: NIOSSLPrivateKey
    do {
      key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
    } catch {
      // The key file's contents never reach the message.
      throw ServerConfiguration.Invalid("--tls-key: \(keyFile) is not a readable PEM private key")
    }
    var tls = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    // TLS 1.2 at least, and for 1.2 only ECDHE key exchange with AEAD ciphers (1.3's suites are
    // all AEAD): no CBC, no SHA-1 MACs, no static RSA key exchange.
    tls.minimumTLSVersion = .tlsv12
    tls.cipherSuiteValues = TemporalServer.tls12CipherSuites
    return tls
  }

  /// The TLS 1.2 cipher suites `serve` offers.
  static let tls12CipherSuites: [NIOTLSCipher] = [
    .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
  ]

  /// Runs `tshell serve` until SIGINT, or SIGTERM and the drain after it; `listening` receives
  /// the real address first.
  public static func serve(
    _ configuration: ServerConfiguration, logger: Logger,
    listening: @escaping @Sendable (String, Int) -> Void,
    metricsListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
  ) async throws {
    do {
      let drain = Drain()
      // No metrics middleware on the request path unless someone scrapes.
      let metrics = configuration.metricsPort == nil ? nil : ServerMetrics()
      let app = try await application(configuration, logger: logger, drain: drain, metrics: metrics, listening: listening)
      var services: [any Service] = [app]
      if let port = configuration.metricsPort, let metrics {
        services.append(
          metricsApplication(metrics, host: configuration.metricsHost, port: port, logger: logger, listening: metricsListening))
      }
      let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigint], logger: logger))
      // SIGTERM (a service manager, an orchestrator) drains first, so that a load balancer moves
      // the traffic elsewhere before the server stops; SIGINT (Ctrl-C) stops at once.
      let terminations = await UnixSignalsSequence(trapping: .sigterm)
      let watcher = Task {
        for await _ in terminations {
          drain.start()
          logger.notice(
            "draining: /health answers 503; stopping when no request has come for \(Int(Drain.quietPeriod)) s (at most \(configuration.drainTimeout) s)"
          )
          await drain.waitUntilQuiet(timeout: Double(configuration.drainTimeout))
          break
        }
        if !Task.isCancelled { await group.triggerGracefulShutdown() }
      }
      defer { watcher.cancel() }
      try await group.run()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
      throw StartFailure("port \(configuration.port) is already in use on \(configuration.host); choose another with --port")
    }
  }

  /// The `/metrics` listener, apart from the API so that it can stay on loopback.
  static func metricsApplication(
    _ metrics: ServerMetrics, host: String, port: Int, logger: Logger, listening: @escaping @Sendable (String, Int) -> Void
  ) -> some ApplicationProtocol {
    let router = Router()
    router.get("/metrics") { _, _ in
      var headers = HTTPFields()
      headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
      return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }
    return Application(
      router: router, configuration: .init(address: .hostname(host, port: port), serverName: "tshell"),
      onServerRunning: { channel in listening(host, channel.localAddress?.port ?? port) }, logger: logger)
  }

  /// Why the server could not start listening.
  public struct StartFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }
}
