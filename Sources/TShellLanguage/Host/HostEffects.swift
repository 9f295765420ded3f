/// What the standard library asks of the world besides printing and files' text: the clock,
/// randomness, the file system's shape, and programs to run. A host that does not give one
/// (a test's, the playground's sandbox) refuses it with an error that says so; the defaults do.
extension LanguageHost {
  public func currentTime() -> Double { 0 }

  public func environmentVariables() -> [(name: String, value: String)] { [] }

  public func randomBytes(_ count: Int) throws -> [UInt8] { throw HostRefusal.unavailable("randomness") }

  public func fileKind(_ path: String) throws -> FileKind? { throw HostRefusal.unavailable("the file system") }

  public func makeDirectory(_ path: String) throws { throw HostRefusal.unavailable("the file system") }

  public func removeFile(_ path: String) throws { throw HostRefusal.unavailable("the file system") }

  public func directoryEntries(_ path: String) throws -> [DirectoryEntry] { throw HostRefusal.unavailable("the file system") }

  public func runProcess(_ request: ProcessRequest, cancellation: CancellationToken) throws -> ProcessOutcome {
    throw HostRefusal.unavailable("running programs")
  }
}

/// What a path names.
public enum FileKind: Sendable, Equatable {
  case file
  case directory
}

/// An entry of a directory.
public struct DirectoryEntry: Sendable, Equatable {
  public var name: String
  public var isDirectory: Bool

  public init(name: String, isDirectory: Bool) {
    self.name = name
    self.isDirectory = isDirectory
  }
}

/// `exec(program, args) --input TEXT --timeout SECONDS --cwd DIR`: a program run without a shell.
public struct ProcessRequest: Sendable, Equatable {
  public var program: String
  public var arguments: [String]
  public var input: String?
  public var timeout: Double?
  public var directory: String?

  public init(program: String, arguments: [String], input: String? = nil, timeout: Double? = nil, directory: String? = nil) {
    self.program = program
    self.arguments = arguments
    self.input = input
    self.timeout = timeout
    self.directory = directory
  }
}

/// How a program ended: its exit status (128 + N for signal N) and what it printed.
public struct ProcessOutcome: Sendable, Equatable {
  public var status: Int
  public var stdout: String
  public var stderr: String

  public init(status: Int, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// A host that does not give something the program asked for.
public enum HostRefusal: Error, Sendable, Equatable {
  case unavailable(String)
  /// What `tshell --sandbox` refuses.
  case sandboxed(String)

  public var message: String {
    switch self {
    case .unavailable(let what): "\(what) is not available here"
    case .sandboxed(let what): "\(what) is not available in the sandbox"
    }
  }
}
