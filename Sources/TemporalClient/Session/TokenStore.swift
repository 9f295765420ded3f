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
  /// The file as last read, and the identity of that version (another process may replace it).
  private var cached: (version: FileVersion, entries: JSONObject)?

  public init(path: String) {
    self.path = path
  }

  /// The user a profile is logged in as.
  public func currentUser(profile: String) -> String? {
    lock.withLock { load()[profile]?["current"]?.stringValue }
  }

  public func token(profile: String, user: String) -> Token? {
    lock.withLock { Self.token(in: load()[profile], user: user) }
  }

  /// The profile's current user and their token, from one read of the file.
  public func current(profile: String) -> (user: String, token: Token?)? {
    lock.withLock {
      let entry = load()[profile]
      guard let user = entry?["current"]?.stringValue else { return nil }
      return (user, Self.token(in: entry, user: user))
    }
  }

  private static func token(in entry: JSONValue?, user: String) -> Token? {
    guard let stored = entry?["tokens"]?[user], let token = stored["token"]?.stringValue,
      let expires = stored["expires"]?.numberValue?.intValue
    else { return nil }
    return Token(token: token, expires: expires)
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
  /// Forgets the current user's token on `profile`; the user it was for, or nil when nobody
  /// was logged in.
  @discardableResult
  public func forget(profile: String) throws -> String? {
    var forgotten: String?
    try update(profile) { entry in
      if let user = entry["current"]?.stringValue, var tokens = entry["tokens"]?.objectValue {
        if tokens[user] != nil { forgotten = user }
        tokens[user] = nil
        entry["tokens"] = .object(tokens)
      }
      entry["current"] = nil
    }
    return forgotten
  }

  private func update(_ profile: String, _ change: (inout JSONObject) -> Void) throws {
    try lock.withLock {
      var all = load()
      var entry = all[profile]?.objectValue ?? JSONObject()
      change(&entry)
      all[profile] = .object(entry)
      try PrivateFile.write(JSONPrinter.string(.object(all), format: .pretty) + "\n", to: path, createDirectory: true)
    }
  }

  /// The file's contents; parsed again only when the file changed since the last read.
  private func load() -> JSONObject {
    guard let version = FileVersion(path: path) else { return JSONObject() }
    if let cached, cached.version == version { return cached.entries }
    guard let data = FileManager.default.contents(atPath: path), let value = try? JSONValue(parsing: [UInt8](data)) else {
      return JSONObject()
    }
    let entries = value.objectValue ?? JSONObject()
    cached = (version, entries)
    return entries
  }
}

/// What tells one version of a file from another: every write replaces the file (a rename),
/// so a new version has a new inode, and a changed modification time or size.
struct FileVersion: Equatable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  var modifiedSeconds: Int
  var modifiedNanoseconds: Int

  init?(path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
    size = Int64(status.st_size)
    #if canImport(Darwin)
      modifiedSeconds = Int(status.st_mtimespec.tv_sec)
      modifiedNanoseconds = Int(status.st_mtimespec.tv_nsec)
    #else
      modifiedSeconds = Int(status.st_mtim.tv_sec)
      modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
    #endif
  }
}
