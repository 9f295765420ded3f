import Foundation

/// Runs the built `tshell` binary as a separate process, the way users and scripts do.
public enum TShellProcess {
  /// How a run ended and what it printed.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The package's root folder.
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// The binary under test: `TSHELL_BINARY`, else the `tshell` product of the build that made the
  /// tests (the test targets that run it depend on it, so it is built first, next to them).
  public static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["TSHELL_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
    return productsDirectory.appendingPathComponent("tshell")
  }

  /// Where the build put its products: the folder of the running test binary.
  static var productsDirectory: URL {
    #if os(macOS)
      if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        return bundle.bundleURL.deletingLastPathComponent()
      }
    #endif
    return Bundle.main.bundleURL
  }

  /// A new, empty-named folder for `$TSHELL_HOME` (created by tshell when it needs it).
  public static func freshHome(_ purpose: String = "home") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tshell-\(purpose)-\(UUID().uuidString)").path
  }

  /// Runs `tshell arguments…` with `stdin` as standard input and an environment without colours.
  public static func run(
    _ arguments: [String], stdin: String = "", environment: [String: String] = [:],
    directory: URL? = nil
  ) throws -> Result {
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
    // Read both pipes at once so that a full stderr pipe cannot block the child.
    let errorRead = DispatchGroup()
    let errorData = DataBox()
    errorRead.enter()
    DispatchQueue.global().async {
      errorData.value = error.fileHandleForReading.readDataToEndOfFile()
      errorRead.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errorRead.wait()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData.value, as: UTF8.self))
  }

  /// A file in a fresh temporary folder holding `contents`.
  public static func temporaryFile(_ contents: String, name: String = "input.json") throws -> URL {
    let folder = URL(fileURLWithPath: freshHome("files"))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent(name)
    try Data(contents.utf8).write(to: file)
    return file
  }
}

/// Carries the reader's data to the waiting thread; the dispatch group orders the write before
/// the read.
private final class DataBox: @unchecked Sendable {
  var value = Data()
}
