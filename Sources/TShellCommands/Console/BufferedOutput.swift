#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output with a buffer: flushed when large, at exit, and before anything else is
/// written or waited for, so that stdout and stderr interleave in order. Unbuffered on a terminal.
public final class BufferedOutput {
  private var buffer: [UInt8] = []
  private let streams: ConsoleStreams

  public init(_ streams: ConsoleStreams = .standard) {
    self.streams = streams
    buffer.reserveCapacity(1 << 16)
  }

  public func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if streams.outputIsTerminal || buffer.count >= 1 << 16 { flush() }
  }

  public func write(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if streams.outputIsTerminal || buffer.count >= 1 << 16 { flush() }
  }

  public func flush() {
    guard !buffer.isEmpty else { return }
    let delivered = buffer.withUnsafeBufferPointer { streams.output($0) }
    buffer.removeAll(keepingCapacity: true)
    // A closed pipe (`tshell … | head`) ends the program quietly, as other tools do.
    if !delivered && errno == EPIPE { exit(141) }
  }

  deinit { flush() }
}
