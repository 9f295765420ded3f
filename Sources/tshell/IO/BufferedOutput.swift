#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output with a buffer: flushed when large, at exit, and before anything else is
/// written or waited for, so that stdout and stderr interleave in order. Unbuffered on a terminal.
final class BufferedOutput {
  private var buffer: [UInt8] = []
  private let isTerminal: Bool

  init() {
    isTerminal = StandardStreams.isOutputTerminal
    buffer.reserveCapacity(1 << 16)
  }

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if isTerminal || buffer.count >= 1 << 16 { flush() }
  }

  func write(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if isTerminal || buffer.count >= 1 << 16 { flush() }
  }

  func flush() {
    guard !buffer.isEmpty else { return }
    let delivered = buffer.withUnsafeBufferPointer { StandardStreams.write($0, to: STDOUT_FILENO) }
    buffer.removeAll(keepingCapacity: true)
    // A closed pipe (`tshell … | head`) ends the program quietly, as other tools do.
    if !delivered && errno == EPIPE { exit(141) }
  }

  deinit { flush() }
}
