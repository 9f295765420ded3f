import TemporalAPI

/// The embedded server as the command layer sees it: where it listens, and its outbox. The
/// program starts it (this module does not link the server) and hands it over.
public struct EmbeddedEndpoint: Sendable {
  /// `http://127.0.0.1:PORT`.
  public var baseURL: String
  /// The mail the server has sent, oldest first.
  public var mail: @Sendable () throws -> [MailMessage]

  public init(baseURL: String, mail: @escaping @Sendable () throws -> [MailMessage]) {
    self.baseURL = baseURL
    self.mail = mail
  }
}

/// Starts the embedded server on a data directory and returns once it listens.
public typealias EmbeddedStarter = @Sendable (_ dataDirectory: String) throws -> EmbeddedEndpoint
