import TShellJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole inputs into memory for parsing: regular files are mapped, streams are read.
public enum InputFile {
  /// Why an input could not be read.
  public struct ReadError: Error {
    public var message: String
  }

  /// The bytes of the file at `path`, or of standard input for `-`.
  public static func read(_ path: String) throws(ReadError) -> JSONBytes {
    if path == "-" { return try readStream(STDIN_FILENO, name: "standard input") }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ReadError(message: "cannot open \(path): \(describe(errno))") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw ReadError(message: "cannot read \(path): \(describe(errno))") }
    if status.st_mode & S_IFMT == S_IFDIR { throw ReadError(message: "cannot read \(path): it is a directory") }
    // Small files are read: mapping and unmapping costs more than copying them (a script, most
    // documents); large ones are mapped, which spares the copy and the memory. The parser maps
    // the pages in on another thread as it starts (`MAP_POPULATE` would do it here, first).
    guard status.st_mode & S_IFMT == S_IFREG, status.st_size >= 1 << 20 else {
      return try readStream(descriptor, name: path, expectedSize: Int(max(status.st_size, 0)))
    }
    let size = Int(status.st_size)
    guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      mapping != MAP_FAILED
    else { return try readStream(descriptor, name: path) }
    return JSONBytes(base: mapping.assumingMemoryBound(to: UInt8.self), count: size) { base in
      munmap(UnsafeMutableRawPointer(mutating: base), size)
    }
  }

  /// Reads a stream to its end; `expectedSize` (a file's) saves growing the buffer.
  public static func readStream(_ descriptor: Int32, name: String, expectedSize: Int = 1 << 16) throws(ReadError) -> JSONBytes {
    // One byte more than expected, so that the read that finds the end needs no growth.
    var capacity = max(expectedSize + 1, 4096)
    var count = 0
    guard var buffer = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else {
      throw ReadError(message: "out of memory reading \(name)")
    }
    while true {
      if count == capacity {
        capacity *= 2
        guard let grown = realloc(buffer, capacity) else {
          free(buffer)
          throw ReadError(message: "out of memory reading \(name)")
        }
        buffer = grown.assumingMemoryBound(to: UInt8.self)
      }
      let received = Glibc.read(descriptor, buffer + count, capacity - count)
      if received == 0 { break }
      if received < 0 {
        if errno == EINTR { continue }
        let reason = describe(errno)
        free(buffer)
        throw ReadError(message: "cannot read \(name): \(reason)")
      }
      count += received
    }
    return JSONBytes(base: buffer, count: count) { free(UnsafeMutableRawPointer(mutating: $0)) }
  }

  /// The text of the file at `path` (or standard input for `-`), refused when it is not UTF-8.
  public static func readText(_ path: String) throws(ReadError) -> String {
    switch try read(path).validText {
    case .success(let text): return text
    case .failure(let invalid):
      let name = path == "-" ? "standard input" : path
      throw ReadError(message: "cannot read \(name): it is not UTF-8 text (byte \(invalid.offset))")
    }
  }

  public static func describe(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}
