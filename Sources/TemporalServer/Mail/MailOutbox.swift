import Foundation
import Synchronization
import TShellJSON
import TemporalAPI

/// Outgoing mail as one JSON file per message in a folder:
/// `{"to":[…],"subject":…,"content":…,"content_type":"text/html"}`. Files are written whole
/// (temporary file, then rename), named so that they sort by time; the folder and the files are
/// the owner's only.
struct MailOutbox: Sendable {
  let directory: String
  /// Messages this process has written.
  let written = MailCount()

  func send(to address: String, subject: String, content: String) throws {
    try OwnerOnlyFile.privateDirectory(directory)
    let name = MailOutbox.fileName()
    let message = MailMessage(id: String(name.dropLast(".json".count)), to: [address], subject: subject, content: content)
    let path = (directory as NSString).appendingPathComponent(name)
    let temporary = path + ".tmp"
    // Born 0600: a mailed reset password is a login.
    try OwnerOnlyFile.create(temporary, contents: Array(JSONPrinter.string(message.json, format: .pretty).utf8) + [0x0A])
    guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    written.add()
  }

  /// The messages sent so far, oldest first (files that are not messages are passed over).
  func messages() throws -> [MailMessage] {
    try MailOutboxReader.messages(in: directory)
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

/// How many messages an outbox has written, for the metrics.
final class MailCount: Sendable {
  private let count = Mutex(0)

  var value: Int { count.withLock { $0 } }

  func add() { count.withLock { $0 += 1 } }
}
