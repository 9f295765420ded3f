import Foundation
import Logging
import TShellJSON

/// `--log-format json`: one JSON object per line, `{"time", "level", "label", "message", …}`
/// with the metadata as further string members, for log collectors.
public struct JSONLogHandler: LogHandler {
  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  private let label: String
  private let write: @Sendable (String) -> Void

  /// A handler that writes each line with `write` (standard error unless told otherwise).
  public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
    self.label = label
    self.write = write
  }

  /// One `write` per line, so that lines from several threads do not interleave.
  public static let standardError: @Sendable (String) -> Void = { line in
    FileHandle.standardError.write(Data(line.utf8))
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var members: [(String, JSONValue)] = [
      ("time", .string(Timestamp.rfc3339(Date()))), ("level", .string(event.level.rawValue)), ("label", .string(label)),
      ("message", .string(event.message.description)),
    ]
    let reserved: Set<String> = ["time", "level", "label", "message"]
    let merged = metadata.merging(event.metadata ?? [:]) { $1 }
    for (key, value) in merged.sorted(by: { $0.key < $1.key }) where !reserved.contains(key) {
      members.append((key, .string(value.description)))
    }
    write(JSONPrinter.string(.object(JSONObject(distinctMembers: members)), format: .compact) + "\n")
  }
}
