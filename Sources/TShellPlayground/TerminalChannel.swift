import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The playground's side of a pseudo-terminal: what the process prints, a chunk at a time and
/// only as fast as the visitor takes it, and the keys and window size going the other way.
///
/// The descriptor belongs to the reading thread, which closes it when the terminal ends; writes
/// and resizes happen under the same lock and stop once it is closed.
final class TerminalChannel: Sendable {
  /// What the process printed; ends when the process and its terminal are gone.
  let output: AsyncStream<[UInt8]>
  private let continuation: AsyncStream<[UInt8]>.Continuation
  private let descriptor: Mutex<Int32?>
  private let stopped = Atomic<Bool>(false)
  /// Signalled when a chunk has been sent on: one chunk is in flight at a time, so a visitor who
  /// stops reading stops the reads here and, once the terminal's buffer is full, the process.
  private let taken = DispatchSemaphore(value: 0)

  /// Chunks of at most this many bytes.
  static let chunkSize = 16 * 1024

  init(descriptor: Int32) {
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    self.descriptor = Mutex(descriptor)
    (output, continuation) = AsyncStream.makeStream(of: [UInt8].self)
    let reader = Thread { [self] in readUntilEnd(descriptor) }
    reader.name = "tshell playground terminal"
    reader.start()
  }

  /// The chunk last given by `output` has been sent on; the next one may be read.
  func consumed() {
    taken.signal()
  }

  /// Ends reading (the descriptor is closed within a fraction of a second).
  func stop() {
    stopped.store(true, ordering: .relaxed)
    taken.signal()
  }

  /// Sends keys to the process, waiting while the terminal's input buffer is full (the process
  /// is not reading); false once the terminal is closed.
  func write(_ bytes: [UInt8]) async -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = descriptor.withLock { descriptor -> Int in
        guard let descriptor else { return -2 }
        return bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      }
      if written == -2 { return false }
      if written > 0 {
        offset += written
      } else if errno == EAGAIN || errno == EINTR {
        guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return false }
      } else {
        return false
      }
    }
    return true
  }

  /// Sets the terminal's size; the process gets SIGWINCH.
  func resize(columns: UInt16, rows: UInt16) {
    descriptor.withLock { descriptor in
      guard let descriptor else { return }
      var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
      _ = ioctl(descriptor, UInt(TIOCSWINSZ), &size)
    }
  }

  private func readUntilEnd(_ fd: Int32) {
    var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    reading: while !stopped.load(ordering: .relaxed) {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      // A bounded wait, so that `stop` is seen while the process prints nothing.
      let ready = poll(&poller, 1, 200)
      if ready == 0 || (ready < 0 && errno == EINTR) { continue }
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      switch count {
      case 1...:
        continuation.yield(Array(buffer[..<count]))
        taken.wait()
      case 0: break reading
      default:
        // EIO: the process and everything holding the terminal's other side have ended.
        if errno != EAGAIN && errno != EINTR { break reading }
      }
    }
    descriptor.withLock { descriptor in
      if let open = descriptor { close(open) }
      descriptor = nil
    }
    continuation.finish()
  }
}
