import Foundation
import TShellJSON

/// Tokens per profile and user, in a 0600 JSON file (`tokens.json`), with the user each
/// profile last logged in as. Every change rewrites the file whole (temporary file, rename).
public final class TokenStore: @unchecked Sendable {
  /// A stored token and when it expires (unix seconds).
  public struct Token: Sendable, Equatable {
    public var token: String
    public var expires: Int
  }

  private let path: String
  private let lock = NSLock()

  public init(path: String) {
    self.path = path
  }

  /// The user a profile is logged in as.
  public func currentUser(profile: String) -> String? {
    lock.withLock { load()[profile]?["current"]?.stringValue }
  }

  public func token(profile: String, user: String) -> Token? {
    lock.withLock {
      guard let entry = load()[profile]?["tokens"]?[user], let token = entry["token"]?.stringValue,
        let expires = entry["expires"]?.numberValue?.intValue
      else { return nil }
      return Token(token: token, expires: expires)
    }
  }

  /// Stores a token for `user` and makes `user` the profile's current user.
  public func save(_ token: Token, profile: String, user: String) throws {
    try update(profile) { entry in
      var tokens = entry["tokens"]?.objectValue ?? JSONObject()
      tokens[user] = ["token": .string(token.token), "expires": .int(token.expires)]
      entry["tokens"] = .object(tokens)
      entry["current"] = .string(user)
    }
  }

  /// Forgets the profile's current user and their token.
  public func forget(profile: String) throws {
    try update(profile) { entry in
      if let user = entry["current"]?.stringValue, var tokens = entry["tokens"]?.objectValue {
        tokens[user] = nil
        entry["tokens"] = .object(tokens)
      }
      entry["current"] = nil
    }
  }

  private func update(_ profile: String, _ change: (inout JSONObject) -> Void) throws {
    try lock.withLock {
      var all = load()
      var entry = all[profile]?.objectValue ?? JSONObject()
      change(&entry)
      all[profile] = .object(entry)
      try PrivateFile.write(JSONPrinter.string(.object(all), format: .pretty) + "\n", to: path)
    }
  }

  private func load() -> JSONObject {
    guard let data = FileManager.default.contents(atPath: path), let value = try? JSONValue(parsing: [UInt8](data)) else {
      return JSONObject()
    }
    return value.objectValue ?? JSONObject()
  }
}

/// Files only their owner may read: written whole with mode 0600.
public enum PrivateFile {
  public static func write(_ text: String, to path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
      throw ClientError.usage("cannot write \(temporary)")
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw ClientError.usage("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }
}
