import CLineEditorSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into a call of `onInterrupt` instead of killing the process. The main
/// thread's blocking call returns with EINTR (a line read, a socket wait), and a watcher thread
/// calls `onInterrupt`. With `restoringTerminalOnSuspend`, Ctrl-Z gives the shell its terminal
/// back in line mode and `fg` restores the editor's mode.
public final class InterruptWatcher {
  /// Must be made on the main thread; lives as long as the program handles Ctrl-C itself.
  public init(restoringTerminalOnSuspend: Bool, onInterrupt: @escaping @Sendable () -> Void) {
    let descriptor = les_install_interrupts()
    guard descriptor >= 0 else { return }
    if restoringTerminalOnSuspend && isatty(STDIN_FILENO) == 1 { les_install_suspend(STDIN_FILENO) }
    let watcher = Thread {
      var byte: UInt8 = 0
      while true {
        let count = read(descriptor, &byte, 1)
        if count < 0, errno == EINTR { continue }
        guard count == 1 else { return }
        onInterrupt()
      }
    }
    watcher.start()
  }

  /// Readable after each Ctrl-C, for the line editor.
  public var editorDescriptor: Int32? {
    let descriptor = les_editor_interrupt_descriptor()
    return descriptor >= 0 ? descriptor : nil
  }

  deinit {
    les_uninstall_interrupts()
  }
}
