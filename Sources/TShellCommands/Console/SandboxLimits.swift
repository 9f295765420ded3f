#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The resource limits of a sandboxed process (setrlimit): CPU seconds, address space, the size
/// of one file and the number of processes, each only ever lowered.
public struct SandboxLimits: Sendable {
  /// CPU seconds, after which the kernel ends the process (SIGXCPU).
  public var cpuSeconds: Int
  public var addressSpaceBytes: Int
  /// A write past this size fails with "File too large" rather than ending the process.
  public var fileSizeBytes: Int
  /// Processes and threads of the user (the kernel does not apply it to root).
  public var processes: Int

  /// What `tshell --sandbox` applies to itself: a minute of CPU, 4 GiB of address space (the
  /// interpreter's stack and the embedded server's threads reserve much more than they use),
  /// 64 MiB files, 4,096 processes.
  public static let standard = SandboxLimits(
    cpuSeconds: 60, addressSpaceBytes: 4 << 30, fileSizeBytes: 64 << 20, processes: 4096)

  /// Lowers this process's limits to these (none is raised), turns off core files, and makes
  /// writes past the file size fail instead of ending the process.
  public func apply() {
    signal(SIGXFSZ, SIG_IGN)
    // RLIMIT_NPROC is 6 on Linux; Glibc's module leaves it out (it is a GNU extension).
    let limits: [(Int32, Int)] = [
      (Int32(RLIMIT_CPU.rawValue), cpuSeconds), (Int32(RLIMIT_AS.rawValue), addressSpaceBytes),
      (Int32(RLIMIT_FSIZE.rawValue), fileSizeBytes), (6, processes), (Int32(RLIMIT_CORE.rawValue), 0),
    ]
    for (resource, value) in limits {
      let kind = __rlimit_resource_t(UInt32(resource))
      var current = rlimit()
      guard getrlimit(kind, &current) == 0 else { continue }
      var lowered = rlimit(rlim_cur: min(current.rlim_cur, rlim_t(value)), rlim_max: min(current.rlim_max, rlim_t(value)))
      _ = setrlimit(kind, &lowered)
    }
  }

  /// The standard limits with the CPU seconds of `TSHELL_SANDBOX_CPU_SECONDS` when it is a
  /// smaller whole number (the playground's `--cpu-limit`).
  public static func standard(environment: EnvironmentVariables) -> SandboxLimits {
    var limits = standard
    if let text = environment["TSHELL_SANDBOX_CPU_SECONDS"], let seconds = Int(text), seconds > 0 {
      limits.cpuSeconds = min(seconds, limits.cpuSeconds)
    }
    return limits
  }
}
