#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the program on a thread with a large stack. The parser and the interpreter recurse once
/// per level of nesting, and a debug build's frames are large: the main thread's 8 MB held about
/// 200 levels. Address space is reserved, not memory: pages are used as the stack grows.
enum LargeStack {
  static let bytes = 512 << 20

  /// Runs `body` on the large thread; falls back to the calling thread when none can be made.
  static func run(_ body: @escaping () -> Never) -> Never {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, bytes)
    let box = Unmanaged.passRetained(Body(body))
    #if canImport(Darwin)
      var thread: pthread_t?
    #else
      var thread = pthread_t()
    #endif
    let created = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
      }, box.toOpaque())
    guard created == 0 else {
      box.release()
      body()
    }
    // The body ends the process; this thread only waits.
    while true { pause() }
  }

  /// The closure, handed to the new thread, which alone calls it (the only hand-off).
  private final class Body: @unchecked Sendable {
    let run: () -> Never
    init(_ run: @escaping () -> Never) { self.run = run }
  }
}
