import Foundation

/// Runs a program other than tshell (a shell, a compiler, `nm`) and collects what it printed.
public enum ToolProcess {
  /// Runs `executable arguments…` with the test's environment and `environment` over it; returns
  /// its exit status and its standard output and error together.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
  ) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
