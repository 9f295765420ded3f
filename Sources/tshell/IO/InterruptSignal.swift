#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import TShellLanguage

/// Turns Ctrl-C (SIGINT) into a cancellation of the running program instead of killing the
/// process; a second Ctrl-C while the first is pending ends the process with status 130.
final class InterruptSignal {
  private let source: DispatchSourceSignal

  init(cancelling token: CancellationToken) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      if token.isCancelled { exit(130) }
      token.cancel()
    }
    source.resume()
  }

  deinit {
    source.cancel()
    signal(SIGINT, SIG_DFL)
  }
}
