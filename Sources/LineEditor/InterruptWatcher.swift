import CLineEditorSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into a call of `onInterrupt` instead of killing the process. The main
/// thread's blocking call returns with EINTR (a line read, a socket wait), and a watcher thread
/// calls `onInterrupt`. With `restoringTerminalOnSuspend`, Ctrl-Z gives the shell its terminal
/// back in line mode and `fg` restores the editor's mode. One watcher is active at a time: a
/// newer one takes Ctrl-C over.
public final class InterruptWatcher {
  /// The callback, kept alive for the C watcher thread while this watcher is active.
  private let callback: Unmanaged<Callback>?

  /// Must be made on the main thread; lives as long as the program handles Ctrl-C itself.
  /// `includingHangup` treats SIGHUP (the terminal went away) and SIGTERM as Ctrl-C too.
  public init(
    restoringTerminalOnSuspend: Bool, includingHangup: Bool = false, onInterrupt: @escaping @Sendable () -> Void
  ) {
    guard les_install_interrupts() >= 0 else {
      callback = nil
      return
    }
    if includingHangup { les_install_hangups() }
    if restoringTerminalOnSuspend && isatty(STDIN_FILENO) == 1 { les_install_suspend(STDIN_FILENO) }
    let callback = Unmanaged.passRetained(Callback(onInterrupt))
    self.callback = callback
    les_watch_interrupts(
      { context in
        guard let context else { return }
        Unmanaged<Callback>.fromOpaque(context).takeUnretainedValue().run()
      }, callback.toOpaque())
  }

  /// Readable after each Ctrl-C, for the line editor.
  public var editorDescriptor: Int32? {
    let descriptor = les_editor_interrupt_descriptor()
    return descriptor >= 0 ? descriptor : nil
  }

  deinit {
    guard let callback else { return }
    // After this returns the watcher thread no longer holds the context: releasing it is safe.
    les_unwatch_interrupts(callback.toOpaque())
    callback.release()
  }

  /// A closure in a class, for a context pointer.
  private final class Callback: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }
}
