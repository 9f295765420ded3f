import TShellJSON

/// Builtins on files, through the host. Relative paths are relative to the working directory.
extension BuiltinRegistry {
  static let files: [Builtin] = [
    Builtin(
      name: "read", group: "files", summary: "the text of a file (UTF-8)",
      usage: "read(path)", example: "read(\"names.txt\") | lines | length", arity: 1...1, input: .firstArgument
    ) { context in
      .string(try context.host.readFile(try context.string(0, "path")))
    },
    Builtin(
      name: "write", group: "files", summary: "writes text (or a value as JSON) to a file, replacing it unless --append",
      usage: "write(content, path) [--append]", example: "\"hello\" | write(\"note.txt\") --append",
      arity: 2...2, input: .firstArgument, booleanFlags: ["append"]
    ) { context in
      let path = try context.string(1, "path")
      let contents: String
      if case .string(let text) = context.arguments[0] {
        contents = text
      } else {
        contents = JSONPrinter.string(context.arguments[0]) + "\n"
      }
      try context.host.writeFile(path, contents: contents, append: context.flag("append"))
      return nil
    },
    Builtin(
      name: "exists", group: "files", summary: "whether a file or directory is there", usage: "exists(path)",
      example: "exists(\"names.txt\")", arity: 1...1, input: .firstArgument
    ) { context in
      .bool(try context.host.fileKind(try context.string(0, "path")) != nil)
    },
    Builtin(
      name: "mkdir", group: "files", summary: "makes a directory and its parents (nothing when it is there)",
      usage: "mkdir(path)", example: "mkdir(\"backups/keys\")", arity: 1...1, input: .firstArgument
    ) { context in
      try context.host.makeDirectory(try context.string(0, "path"))
      return nil
    },
    Builtin(
      name: "remove", group: "files", summary: "removes a file (not a directory)", usage: "remove(path)",
      example: "remove(\"note.txt\")", arity: 1...1, input: .firstArgument
    ) { context in
      try context.host.removeFile(try context.string(0, "path"))
      return nil
    },
    Builtin(
      name: "glob", group: "files",
      summary: "the paths a pattern matches, sorted: * ? […] within a name, ** for any folders; dotfiles only for .*",
      usage: "glob(pattern)", example: "glob(\"*.txt\")", arity: 1...1, input: .firstArgument
    ) { context in
      let pattern = try context.string(0, "pattern")
      var found: Set<String> = []
      try Glob(host: context.host).expand(pattern, into: &found)
      return .array(found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map(JSONValue.string))
    },
  ]
}

/// `glob()`: a pattern's folders walked through the host, names matched with `*`, `?` and `[…]`.
struct Glob {
  let host: LanguageHost

  func expand(_ pattern: String, into found: inout Set<String>) throws {
    let absolute = pattern.hasPrefix("/")
    let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard !segments.isEmpty else { return }
    try walk(prefix: absolute ? "/" : "", segments[...], into: &found)
  }

  /// Matches `segments` below the folder `prefix` (written as the pattern writes it).
  private func walk(prefix: String, _ segments: ArraySlice<String>, into found: inout Set<String>) throws {
    guard let segment = segments.first else { return }
    let rest = segments.dropFirst()
    let folder = prefix.isEmpty ? "." : prefix
    if segment == "**" {
      // Zero folders, then one more folder with ** still to match.
      if rest.isEmpty {
        found.insert(prefix.isEmpty ? "." : String(prefix.dropLast()))
      } else {
        try walk(prefix: prefix, rest, into: &found)
      }
      for entry in try entries(folder) where entry.isDirectory && !entry.name.hasPrefix(".") {
        try walk(prefix: prefix + entry.name + "/", segments, into: &found)
      }
      return
    }
    guard segment.contains(where: { "*?[".contains($0) }) else {
      let path = prefix + segment
      guard let kind = try host.fileKind(path) else { return }
      if rest.isEmpty { found.insert(path) } else if kind == .directory { try walk(prefix: path + "/", rest, into: &found) }
      return
    }
    let pattern = Array(segment.unicodeScalars)
    for entry in try entries(folder) where !entry.name.hasPrefix(".") || segment.hasPrefix(".") {
      guard Glob.matches(pattern[...], Array(entry.name.unicodeScalars)[...]) else { continue }
      if rest.isEmpty {
        found.insert(prefix + entry.name)
      } else if entry.isDirectory {
        try walk(prefix: prefix + entry.name + "/", rest, into: &found)
      }
    }
  }

  private func entries(_ folder: String) throws -> [DirectoryEntry] {
    guard try host.fileKind(folder) == .directory else { return [] }
    return try host.directoryEntries(folder)
  }

  /// Whether `name` matches `pattern` (`*`, `?`, `[abc]`, `[a-z]`, `[!x]`).
  static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let first = pattern.first else { return name.isEmpty }
    switch first {
    case "*":
      var rest = name
      while true {
        if matches(pattern.dropFirst(), rest) { return true }
        guard !rest.isEmpty else { return false }
        rest = rest.dropFirst()
      }
    case "?":
      return !name.isEmpty && matches(pattern.dropFirst(), name.dropFirst())
    case "[":
      guard let scalar = name.first, let (accepts, end) = characterClass(pattern) else {
        return name.first == "[" && matches(pattern.dropFirst(), name.dropFirst())
      }
      return accepts(scalar) && matches(pattern[end...], name.dropFirst())
    default:
      return name.first == first && matches(pattern.dropFirst(), name.dropFirst())
    }
  }

  /// `[…]` at the start of `pattern`: what it accepts and where the pattern goes on.
  private static func characterClass(_ pattern: ArraySlice<Unicode.Scalar>) -> ((Unicode.Scalar) -> Bool, Int)? {
    var index = pattern.startIndex + 1
    let negated = index < pattern.endIndex && (pattern[index] == "!" || pattern[index] == "^")
    if negated { index += 1 }
    var ranges: [ClosedRange<Unicode.Scalar>] = []
    var first = true
    while index < pattern.endIndex, pattern[index] != "]" || first {
      first = false
      let low = pattern[index]
      if index + 2 < pattern.endIndex, pattern[index + 1] == "-", pattern[index + 2] != "]" {
        ranges.append(low...max(low, pattern[index + 2]))
        index += 3
      } else {
        ranges.append(low...low)
        index += 1
      }
    }
    guard index < pattern.endIndex else { return nil }
    return ({ scalar in ranges.contains { $0.contains(scalar) } != negated }, index + 1)
  }
}
