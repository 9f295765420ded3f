#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's environment variables: the one place tshell reads them (scripts' `env()`,
/// `--password-env`, `TSHELL_*`, colours, the pager, `~`).
enum Environment {
  /// The variable's value, or nil when it is not set.
  static func variable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// The variable's value, or nil when it is not set or empty.
  static func nonEmpty(_ name: String) -> String? {
    variable(name).flatMap { $0.isEmpty ? nil : $0 }
  }
}
