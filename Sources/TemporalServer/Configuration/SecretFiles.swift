import Crypto
import Foundation

/// Secrets kept in files born 0600: made on first start, read afterwards.
enum SecretFiles {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The bytes of the secret at `path`, generating `length` random bytes there first when the file does not exist.
  static func loadOrCreate(_ path: String, length: Int) throws -> [UInt8] {
    if FileManager.default.fileExists(atPath: path) { return try read(path) }
    var bytes = [UInt8](repeating: 0, count: length)
    var generator = SystemRandomNumberGenerator()
    for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    unlink(temporary)
    do {
      try OwnerOnlyFile.create(temporary, contents: bytes)
    } catch {
      throw Failure(description: "cannot create the secret file \(path): \(error)")
    }
    // A second process starting at the same time keeps whichever file won the race.
    if link(temporary, path) != 0 && errno != EEXIST {
      unlink(temporary)
      throw Failure(description: "cannot create the secret file \(path): \(String(cString: strerror(errno)))")
    }
    unlink(temporary)
    return try read(path)
  }

  /// Reads a secret file given by an operator (surrounding whitespace removed for text secrets).
  static func read(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(description: "cannot read the secret file \(path)")
    }
    var bytes = Array(data)
    if let text = String(bytes: bytes, encoding: .utf8), text.hasSuffix("\n") {
      bytes = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    }
    return bytes
  }

  /// Replaces the secret at `path` with `bytes` in one step (a 0600 file renamed over it).
  static func replace(_ path: String, with bytes: [UInt8]) throws {
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    unlink(temporary)
    do {
      try OwnerOnlyFile.create(temporary, contents: bytes)
    } catch {
      throw Failure(description: "cannot write the secret file \(path): \(error)")
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw Failure(description: "cannot replace the secret file \(path): \(String(cString: strerror(errno)))")
    }
  }
}
