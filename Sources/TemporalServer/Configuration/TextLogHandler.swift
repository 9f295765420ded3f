import Logging

/// `--log-format text`: swift-log's `StreamLogHandler` lines on standard error, with the logger's
/// metadata formatted when a line is written rather than each time a key is set.
///
/// `StreamLogHandler` formats all of its metadata again on every set, and Hummingbird sets the
/// request ID on every request's logger: 5% of a busy server's CPU, for lines that a quiet
/// server never writes.
public struct TextLogHandler: LogHandler {
  private var stream: StreamLogHandler
  public var metadata: Logger.Metadata = [:]

  public init(label: String) {
    stream = .standardError(label: label)
  }

  public var logLevel: Logger.Level {
    get { stream.logLevel }
    set { stream.logLevel = newValue }
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var event = event
    if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { $1 } }
    stream.log(event: event)
  }
}
