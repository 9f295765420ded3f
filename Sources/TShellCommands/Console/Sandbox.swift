import TShellLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `tshell --sandbox` allows (the playground runs each visitor's REPL so): files only under
/// its home, no programs, no environment, the embedded server only, and a bounded amount of
/// output per input.
public struct Sandbox: Sendable {
  /// The directory files must resolve into (symbolic links followed), without a trailing slash.
  public let root: String
  /// How many bytes one input (a REPL line, a script) may print before the rest is dropped.
  public let outputLimit: Int

  /// The environment variables commands may still read: the tour's password (`--password-env DEMO_PW`).
  public static let passedVariables: Set<String> = ["DEMO_PW"]

  public init(root: String, outputLimit: Int = 1 << 20) {
    self.root = Sandbox.resolved(root) ?? root
    self.outputLimit = outputLimit
  }

  /// Why `path` may not be used, or nil when it resolves inside the root.
  public func refusal(of path: String) -> String? {
    let absolute = path.hasPrefix("/") ? path : Sandbox.workingDirectory() + "/" + path
    guard let real = Sandbox.resolvedAllowingMissing(absolute), real == root || real.hasPrefix(root + "/") else {
      return "the sandbox allows files only in its home (\(root))"
    }
    return nil
  }

  /// Throws a runtime error for `path` outside the root, worded as `cannot VERB path: …`.
  public func check(_ path: String, _ verb: String) throws {
    if let reason = refusal(of: path) { throw LanguageError(.runtime, "cannot \(verb) \(path): \(reason)") }
  }

  /// The environment commands see: only the variables the sandbox passes.
  public static func environment(from environment: EnvironmentVariables) -> EnvironmentVariables {
    EnvironmentVariables { passedVariables.contains($0) ? environment[$0] : nil }
  }

  /// The real path of `path`, or nil when it does not exist.
  static func resolved(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// The real path `path` names as the kernel would walk it (links followed step by step),
  /// where the part from the first missing component on is kept as written; nil when it cannot
  /// be told (a `..` after a missing component).
  static func resolvedAllowingMissing(_ path: String) -> String? {
    var current = "/"
    var missing: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if !missing.isEmpty {
        guard part != ".." else { return nil }
        missing.append(part)
      } else if part == ".." {
        current = current.split(separator: "/").dropLast().joined(separator: "/")
        current = "/" + current
      } else if let real = resolved((current == "/" ? "" : current) + "/" + part) {
        current = real
      } else {
        missing.append(part)
      }
    }
    guard !missing.isEmpty else { return current }
    return (current == "/" ? "" : current) + "/" + missing.joined(separator: "/")
  }

  private static func workingDirectory() -> String {
    guard let pointer = getcwd(nil, 0) else { return "/" }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}
