import CSpawnSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Starts a program on a new pseudo-terminal, as a terminal emulator starts a shell: the leader
/// of a new session whose controlling terminal is the terminal's other side, with no blocked
/// signals and their default actions whatever the caller's threads had.
public enum PseudoTerminalSpawn {
  /// Why a program could not be started.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Starts `arguments[0]` with `arguments` and exactly `environment` on a new terminal of
  /// `columns`×`rows`: the terminal's side for the caller (close-on-exec) and the process id.
  public static func start(_ arguments: [String], environment: [String: String], columns: UInt16, rows: UInt16) throws
    -> (terminal: Int32, pid: pid_t)
  {
    // posix_openpt and friends are hidden from Swift's Glibc module; these are their Linux insides.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
    let getNumber: UInt = 0x8004_5430  // TIOCGPTN
    guard master >= 0 else { throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)") }
    guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
      close(master)
      throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
    }
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opened after setsid, the terminal becomes the child's controlling terminal (for Ctrl-C).
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/pts/\(number)", O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    // Nothing else: the server's sockets (not close-on-exec) would stay open in every session.
    guard tshell_spawn_add_close_from(&actions, 3) == 0 else {
      close(master)
      throw Failure(description: "cannot prepare the process's descriptors")
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID, which Glibc's module does not export.
    let setsid: Int16 = 0x80
    posix_spawnattr_setflags(&attributes, setsid | Int16(POSIX_SPAWN_SETSIGMASK) | Int16(POSIX_SPAWN_SETSIGDEF))
    var signals = sigset_t()
    sigemptyset(&signals)
    posix_spawnattr_setsigmask(&attributes, &signals)
    for signal in [SIGINT, SIGPIPE, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD] { sigaddset(&signals, signal) }
    posix_spawnattr_setsigdefault(&attributes, &signals)

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var child: pid_t = 0
    let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
    guard status == 0 else {
      close(master)
      throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
    }
    return (master, child)
  }
}
