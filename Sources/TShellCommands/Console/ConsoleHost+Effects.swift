import TShellLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The standard library's effects on the console: the real clock, the system's random
/// generator, the file system through POSIX calls, programs through `ProcessRunner`.
extension ConsoleHost {
  public func currentTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  public func randomBytes(_ count: Int) throws -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
  }

  public func environmentVariables() throws -> [(name: String, value: String)] {
    if sandbox != nil { throw HostRefusal.sandboxed("the environment") }
    var variables: [(name: String, value: String)] = []
    var entry = environ
    while let pointer = entry.pointee {
      let text = String(cString: pointer)
      if let equals = text.firstIndex(of: "=") {
        variables.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
      }
      entry += 1
    }
    return variables
  }

  public func fileKind(_ path: String) throws -> FileKind? {
    try sandbox?.check(path, "inspect")
    return Self.kind(of: path)
  }

  /// What `path` names, unchecked (the checked call has already allowed its parent).
  private static func kind(of path: String) -> FileKind? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT == S_IFDIR ? .directory : .file
  }

  public func makeDirectory(_ path: String) throws {
    try sandbox?.check(path, "make")
    var built = path.hasPrefix("/") ? "/" : ""
    for segment in path.split(separator: "/") {
      built += segment
      if mkdir(built, 0o777) != 0 && errno != EEXIST {
        throw LanguageError(.runtime, "cannot make \(built): \(InputFile.describe(errno))")
      }
      guard Self.kind(of: built) == .directory else { throw LanguageError(.runtime, "cannot make \(path): \(built) is a file") }
      built += "/"
    }
  }

  public func removeFile(_ path: String) throws {
    try sandbox?.check(path, "remove")
    if Self.kind(of: path) == .directory {
      throw LanguageError(.runtime, "cannot remove \(path): it is a directory", hint: "remove takes files only")
    }
    guard unlink(path) == 0 else { throw LanguageError(.runtime, "cannot remove \(path): \(InputFile.describe(errno))") }
  }

  public func directoryEntries(_ path: String) throws -> [DirectoryEntry] {
    let folder = path.isEmpty ? "." : path
    try sandbox?.check(folder, "list")
    guard let directory = opendir(folder) else {
      throw LanguageError(.runtime, "cannot list \(folder): \(InputFile.describe(errno))")
    }
    defer { closedir(directory) }
    var entries: [DirectoryEntry] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      guard name != ".", name != ".." else { continue }
      let isDirectory = Self.kind(of: (folder.hasSuffix("/") ? folder : folder + "/") + name) == .directory
      entries.append(DirectoryEntry(name: name, isDirectory: isDirectory))
    }
    return entries
  }

  public func runProcess(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome {
    if sandbox != nil { throw HostRefusal.sandboxed("running programs") }
    output.flush()
    return try ProcessRunner.run(request, cancellation: cancellation)
  }
}
