#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CInterrupts
import Foundation
import TShellLanguage

/// Turns Ctrl-C (SIGINT) into a cancellation of the running program instead of killing the
/// process. The main thread's blocking call returns with EINTR (the REPL's line read, a socket
/// wait), and a watcher thread cancels the token. In a script, a second Ctrl-C while the first
/// is pending ends the process with status 130; the REPL only cancels, and Ctrl-Z there gives
/// the shell its terminal back in line mode.
final class InterruptSignal: @unchecked Sendable {
  enum Mode {
    case script, repl
  }

  /// Must be made on the main thread.
  init(cancelling token: CancellationToken, mode: Mode) {
    let descriptor = cinterrupts_install()
    guard descriptor >= 0 else { return }
    if mode == .repl && isatty(STDIN_FILENO) == 1 { cinterrupts_install_suspend(STDIN_FILENO) }
    let watcher = Thread {
      var byte: UInt8 = 0
      while true {
        let count = read(descriptor, &byte, 1)
        if count < 0, errno == EINTR { continue }
        guard count == 1 else { return }
        if mode == .script, token.isCancelled { exit(130) }
        token.cancel()
      }
    }
    watcher.start()
  }

  /// Readable after each Ctrl-C, for the line editor.
  var editorDescriptor: Int32? {
    let descriptor = cinterrupts_editor_descriptor()
    return descriptor >= 0 ? descriptor : nil
  }

  deinit {
    cinterrupts_uninstall()
  }
}
