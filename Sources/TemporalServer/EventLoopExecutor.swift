import NIOCore
import NIOPosix

/// Where the server's request handlers run.
public enum EventLoopExecutor {
  /// Makes NIO's event loops Swift Concurrency's global executor, so a request's handler runs
  /// without hopping from the event loop to the concurrency pool and back (a third less latency
  /// per request). Blocking work (bcrypt) runs on NIO's thread pool either way. Call it once,
  /// on the main thread, before any task starts; only processes that run nothing but the server
  /// (`tshell serve`) should.
  @discardableResult
  public static func install() -> Bool {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
  }
}
