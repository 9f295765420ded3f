import Foundation
import TShellJSON

/// Outgoing mail as one JSON file per message in a folder:
/// `{"to":[…],"subject":…,"content":…,"content_type":"text/html"}`. Files are written whole
/// (temporary file, then rename), named so that they sort by time.
struct MailOutbox: Sendable {
  let directory: String

  func send(to address: String, subject: String, content: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var message = JSONObject()
    message["to"] = .array([.string(address)])
    message["subject"] = .string(subject)
    message["content"] = .string(content)
    message["content_type"] = "text/html"
    let name = MailOutbox.fileName()
    let path = (directory as NSString).appendingPathComponent(name)
    let temporary = path + ".tmp"
    let data = Data(JSONPrinter.string(.object(message), format: .pretty).utf8 + [0x0A])
    guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
      throw CocoaError(.fileWriteUnknown)
    }
    guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
  }

  /// `20261123T120000.123456Z-<random>.json`: sortable by time, unique without coordination.
  static func fileName(now: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss"
    let micros = Int((now.timeIntervalSince1970 * 1_000_000).truncatingRemainder(dividingBy: 1_000_000))
    return formatter.string(from: now) + "." + String(format: "%06d", micros) + "Z-" + RandomText.lowercaseLetters(6) + ".json"
  }
}
