import Foundation
import TOMLKit

/// Named endpoints in `config.toml`, and which one is in use:
///
/// ```toml
/// current = "work"
///
/// [profiles.work]
/// url = "https://api.example.com"
/// ```
public final class ProfileStore: @unchecked Sendable {
  /// The profile name of the embedded server.
  public static let embedded = "embedded"

  struct File: Codable {
    var current: String?
    var profiles: [String: Profile]?
  }

  struct Profile: Codable {
    var url: String
  }

  private let path: String

  public init(path: String) {
    self.path = path
  }

  /// The profile in use (`embedded` when none was chosen).
  public func current() throws -> String {
    try load().current ?? ProfileStore.embedded
  }

  /// The URL of a profile, or nil for `embedded` and unknown names.
  public func url(of profile: String) throws -> String? {
    try load().profiles?[profile]?.url
  }

  public func names() throws -> [String] {
    try load().profiles.map { Array($0.keys).sorted() } ?? []
  }

  /// Saves `url` as profile `name` (when given) and makes `name` the current profile.
  public func use(_ name: String, url: String? = nil) throws {
    var file = try load()
    if let url {
      var profiles = file.profiles ?? [:]
      profiles[name] = Profile(url: url)
      file.profiles = profiles
    }
    file.current = name
    try PrivateFile.write(try TOMLEncoder().encode(file), to: path, createDirectory: true)
  }

  private func load() throws -> File {
    guard let data = FileManager.default.contents(atPath: path) else { return File() }
    do {
      return try TOMLDecoder().decode(File.self, from: String(decoding: data, as: UTF8.self))
    } catch {
      throw ClientError.usage("\(path) is not valid: \(error)")
    }
  }
}
