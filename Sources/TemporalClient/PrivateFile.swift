import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files only their owner may read (mode 0600): tokens, profiles, exported words, key files.
public enum PrivateFile {
  /// Replaces `path` whole (a temporary file, then a rename), so readers never see half a file.
  /// `createDirectory` makes the missing parent directories (mode 0700) first.
  public static func write(_ bytes: [UInt8], to path: String, createDirectory: Bool = false) throws {
    let directory = (path as NSString).deletingLastPathComponent
    if createDirectory, !directory.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw ClientError.file("cannot create the directory \(directory): \(reason(of: error))")
      }
    }
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw failure(path) }
    let written = writeAll(bytes, to: descriptor)
    let error = errno
    guard written, close(descriptor) == 0 else {
      unlink(temporary)
      errno = error
      throw failure(path)
    }
    guard rename(temporary, path) == 0 else {
      let renameError = errno
      unlink(temporary)
      errno = renameError
      throw failure(path)
    }
  }

  public static func write(_ text: String, to path: String, createDirectory: Bool = false) throws {
    try write(Array(text.utf8), to: path, createDirectory: createDirectory)
  }

  /// Creates `path` empty, failing when it exists: claims the name before something that cannot
  /// be repeated (a key export) produces what goes into it.
  public static func reserve(_ path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      if errno == EEXIST {
        throw ClientError.file("\(path) already exists; choose another file (it may hold words no one else has)")
      }
      throw failure(path)
    }
    close(descriptor)
  }

  private static func failure(_ path: String) -> ClientError {
    ClientError.file("cannot write \(path): \(String(cString: strerror(errno)))")
  }

  private static func reason(of error: Error) -> String {
    ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? error.localizedDescription
  }
}

/// Writes all of `bytes` to a descriptor; false (with `errno` set) when that fails.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
  bytes.withUnsafeBytes { buffer in
    var offset = 0
    while offset < buffer.count, let base = buffer.baseAddress {
      let count = write(descriptor, base + offset, buffer.count - offset)
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return false }
      offset += count
    }
    return true
  }
}
