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

  /// Restricts `path` to its owner when it exists.
  static func restrict(_ path: String) throws {
    guard chmod(path, 0o600) == 0 || errno == ENOENT else {
      throw Failure(description: "cannot make \(path) private: \(String(cString: strerror(errno)))")
    }
  }
}
