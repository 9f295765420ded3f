import Foundation
import Logging
import ServiceLifecycle
import TemporalAPI

/// The server running inside another program (the client's default when no URL is configured):
/// 127.0.0.1, a port the system picks, no rate limit, no request logs.
public final class EmbeddedServer: Sendable {
  /// `http://127.0.0.1:PORT`.
  public let baseURL: String
  private let outbox: MailOutbox
  private let group: ServiceGroup
  private let running: Task<Void, Never>

  private init(baseURL: String, outbox: MailOutbox, group: ServiceGroup, running: Task<Void, Never>) {
    self.baseURL = baseURL
    self.outbox = outbox
    self.group = group
    self.running = running
  }

  /// Starts a server on `dataDirectory` and returns once it listens.
  public static func start(dataDirectory: String, bcryptCost: Int = 10) async throws -> EmbeddedServer {
    var configuration = ServerConfiguration(dataDirectory: dataDirectory)
    configuration.port = 0
    configuration.rateLimitPerHour = 0
    configuration.logRequests = false
    configuration.bcryptCost = bcryptCost
    var logger = Logger(label: "tshell.embedded")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try await TemporalServer.application(configuration, logger: logger) { _, port in
      continuation.yield(port)
      continuation.finish()
    }
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    let running = Task {
      do {
        try await group.run()
      } catch {
        continuation.finish()
      }
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
      running.cancel()
      throw ServerConfiguration.Invalid("the embedded server did not start")
    }
    return EmbeddedServer(
      baseURL: "http://127.0.0.1:\(port)", outbox: MailOutbox(directory: configuration.resolvedMailDirectory),
      group: group, running: running)
  }

  /// The mail the server has sent, oldest first.
  public func mail() throws -> [MailMessage] {
    try outbox.messages()
  }

  /// Stops the server and waits until it has.
  public func shutdown() async {
    await group.triggerGracefulShutdown()
    await running.value
  }
}
