import Foundation
import TShellJSON

/// Reads a server's mail outbox: the embedded server's, or the `--mail-dir` of a `tshell serve`
/// that this machine can read (`TSHELL_MAIL_DIR`).
public enum MailOutboxReader {
  /// The messages in `directory`, oldest first (files that are not messages are passed over; a
  /// folder that does not exist holds none).
  public static func messages(in directory: String) throws -> [MailMessage] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch CocoaError.fileReadNoSuchFile {
      return []
    }
    return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
      guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)),
        let json = try? JSONValue(parsing: [UInt8](data))
      else { return nil }
      return MailMessage(id: String(name.dropLast(".json".count)), json: json)
    }
  }
}
