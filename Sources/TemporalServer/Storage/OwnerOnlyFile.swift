import Foundation

/// Database files readable and writable by their owner only (0600), like the secrets.
enum OwnerOnlyFile {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Creates `path` empty with mode 0600 when it does not exist, or restricts it when it does.
  static func prepare(_ path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    guard fchmod(descriptor, 0o600) == 0 else {
      throw Failure(description: "cannot make \(path) private: \(String(cString: strerror(errno)))")
    }
  }

  /// Creates `path` with `bytes`, failing when it exists. The file is born 0600 (`open` with the
  /// mode, never a chmod afterwards), so no other user can open it in between, whatever the umask
  /// or the directory's mode.
  static func create(_ path: String, contents bytes: [UInt8]) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    var written = 0
    let complete = bytes.withUnsafeBytes { buffer -> Bool in
      while written < buffer.count, let base = buffer.baseAddress {
        let count = write(descriptor, base + written, buffer.count - written)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        written += count
      }
      return true
    }
    let error = errno
    guard complete, fsync(descriptor) == 0, close(descriptor) == 0 else {
      close(descriptor)
      unlink(path)
      throw Failure(description: "cannot write \(path): \(String(cString: strerror(complete ? errno : error)))")
    }
  }

  /// Makes `path` (and missing parents) a directory only its owner can enter (0700, whatever
  /// the umask): it holds secrets, the database or mailed passwords. A directory that exists
  /// keeps its mode (it may be shared on purpose); what goes in it is born 0600 anyway.
  static func privateDirectory(_ path: String) throws {
    guard !FileManager.default.fileExists(atPath: path) else { return }
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    guard chmod(path, 0o700) == 0 else {
      throw Failure(description: "cannot make \(path) private: \(String(cString: strerror(errno)))")
    }
  }

  /// Restricts `path` to its owner when it exists.
  static func restrict(_ path: String) throws {
    guard chmod(path, 0o600) == 0 || errno == ENOENT else {
      throw Failure(description: "cannot make \(path) private: \(String(cString: strerror(errno)))")
    }
  }
}
