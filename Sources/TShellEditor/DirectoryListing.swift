#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A directory's entries for file-name completion, relative to the document's directory.
enum DirectoryListing {
  static func entries(of directory: String, from base: String) -> [(name: String, isDirectory: Bool)] {
    let path = directory.hasPrefix("/") ? directory : base + directory
    guard let stream = opendir(path.isEmpty ? "." : path) else { return [] }
    defer { closedir(stream) }
    var entries: [(name: String, isDirectory: Bool)] = []
    while let entry = readdir(stream), entries.count < 2000 {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != "." && name != ".." else { continue }
      var status = stat()
      let isDirectory = stat((path.isEmpty ? "." : path) + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
      entries.append((name, isDirectory))
    }
    return entries.sorted { $0.name < $1.name }
  }
}
