import TShellCommands
import TShellJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Streams a nodelist to stdout as one compact JSON array, or as one node per line (strings as
/// their text when `raw`).
struct NodeListWriter {
  private var printer: JSONPrinter
  private let ndjson: Bool
  private var count = 0

  init(ndjson: Bool, raw: Bool = false) {
    self.ndjson = ndjson
    printer = JSONPrinter(format: JSONFormat(layout: .compact, rawStrings: raw), capacity: 1 << 17) { bytes in
      guard StandardStreams.write(bytes, to: STDOUT_FILENO) else { exit(errno == EPIPE ? 141 : 1) }
    }
    if !ndjson { printer.output.append(UInt8(ascii: "[")) }
  }

  mutating func write(_ document: JSONDocument, _ node: Int) {
    separate()
    printer.write(document, node)
    endNode()
  }

  mutating func write(string: String) {
    separate()
    printer.write(.string(string))
    endNode()
  }

  private mutating func separate() {
    if !ndjson && count > 0 { printer.output.append(UInt8(ascii: ",")) }
    count += 1
  }

  private mutating func endNode() {
    if ndjson { printer.output.append(UInt8(ascii: "\n")) }
    printer.flushIfNeeded()
  }

  /// Closes the array and writes what is left.
  mutating func finish() {
    if !ndjson { printer.output.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "\n")]) }
    printer.flushThreshold = 0
    printer.flushIfNeeded()
  }
}
