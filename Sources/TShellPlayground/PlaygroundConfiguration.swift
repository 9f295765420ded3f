/// What `tshell playground` was asked for: where it listens, how many sessions it holds and
/// how long each may live.
public struct PlaygroundConfiguration: Sendable {
  public var host = "127.0.0.1"
  public var port = 8090
  /// Sessions at once; the next visitor gets the "full" page.
  public var maxSessions = 20
  /// Seconds a session may last in all.
  public var sessionTimeout = 1800.0
  /// Seconds a session may go without a keystroke.
  public var idleTimeout = 300.0
  /// CPU seconds each session's process may use.
  public var cpuLimit = 60
  /// The `tshell` binary each session runs (`tshell --sandbox`).
  public var executable: String
  /// Where sessions' homes are made (each a fresh directory, removed when it ends).
  public var temporaryDirectory = "/tmp"

  public init(executable: String) {
    self.executable = executable
  }

  /// Why the settings cannot be used, or nil.
  public var problem: String? {
    if maxSessions < 1 { return "--max-sessions must be at least 1" }
    if !(sessionTimeout > 0) { return "--session-timeout must be a number of seconds above 0" }
    if !(idleTimeout > 0) { return "--idle-timeout must be a number of seconds above 0" }
    if cpuLimit < 1 { return "--cpu-limit must be at least 1 second" }
    return nil
  }
}
