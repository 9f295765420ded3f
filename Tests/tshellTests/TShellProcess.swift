import Foundation
import Testing

/// Runs the built `tshell` binary as a separate process, the way users and scripts do.
struct TShellProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The package's root folder.
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// The binary under test: `TSHELL_BINARY`, or the debug build next to the package.
  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["TSHELL_BINARY"] { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent(".build/debug/tshell")
  }

  /// Runs `tshell arguments…` with `stdin` as standard input and an environment without colours.
  static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
    directory: URL? = nil) throws -> Result
  {
    let process = Process()
    process.executableURL = binary
    if let directory { process.currentDirectoryURL = directory }
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.merge(environment) { $1 }
    process.environment = env
    let input = Pipe()
    let output = Pipe()
    let error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full stderr pipe cannot block the child.
    let errorData = LockedData()
    let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { usleep(1000) }
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData.value, as: UTF8.self))
  }

  /// A file in a fresh temporary folder holding `contents`.
  static func temporaryFile(_ contents: String, name: String = "input.json") throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tshell-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent(name)
    try Data(contents.utf8).write(to: file)
    return file
  }
}

private final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private var done = false
  func set(_ value: Data) { lock.withLock { data = value; done = true } }
  var isSet: Bool { lock.withLock { done } }
  var value: Data { lock.withLock { data } }
}
