#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The environment variables a run reads: the one reader of them (scripts' `env()`,
/// `--password-env`, `TSHELL_*`, colours, the pager, `~`). The process's own, or a fixed set in
/// tests.
public struct EnvironmentVariables: Sendable {
  private let lookup: @Sendable (String) -> String?

  public init(_ lookup: @escaping @Sendable (String) -> String?) {
    self.lookup = lookup
  }

  /// The process's environment.
  public static let process = EnvironmentVariables { getenv($0).map { String(cString: $0) } }

  /// A fixed set of variables.
  public static func fixed(_ values: [String: String]) -> EnvironmentVariables {
    EnvironmentVariables { values[$0] }
  }

  /// The variable's value, or nil when it is not set.
  public subscript(_ name: String) -> String? { lookup(name) }

  /// The variable's value, or nil when it is not set or empty.
  public func nonEmpty(_ name: String) -> String? {
    lookup(name).flatMap { $0.isEmpty ? nil : $0 }
  }
}
