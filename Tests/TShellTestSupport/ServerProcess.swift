import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A `tshell serve` process on 127.0.0.1 and a port the system chose.
public final class ServerProcess: @unchecked Sendable {
  public let process = Process()
  public let dataDirectory: String
  public private(set) var baseURL = ""
  private let output = Pipe()

  /// Starts the server on `dataDirectory` and waits for its `listening on …` line. With `logFile`
  /// the server logs every request (no `--quiet`) to that file; otherwise its log is dropped.
  public init(dataDirectory: String, extraArguments: [String] = [], logFile: String? = nil) throws {
    self.dataDirectory = dataDirectory
    process.executableURL = TShellProcess.binary
    process.arguments =
      ["serve", "--port", "0", "--data-dir", dataDirectory, "--bcrypt-cost", "4", "--rate-limit", "0"]
      + (logFile == nil ? ["--quiet"] : []) + extraArguments
    process.standardOutput = output
    if let logFile {
      guard FileManager.default.createFile(atPath: logFile, contents: nil),
        let log = FileHandle(forWritingAtPath: logFile)
      else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logFile]) }
      process.standardError = log
    } else {
      process.standardError = FileHandle.nullDevice
    }
    try process.run()
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty, byte != Data([0x0A]) else { break }
      line.append(byte)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("listening on ") else { throw ServerError(message: "unexpected first line: \(text)") }
    baseURL = String(text.dropFirst("listening on ".count))
  }

  public struct ServerError: Error { public var message: String }

  /// The next line the server prints on stdout (after `listening on …`).
  public func nextLine() -> String {
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty, byte != Data([0x0A]) else { break }
      line.append(byte)
    }
    return String(decoding: line, as: UTF8.self)
  }

  /// Stops the process with a signal and waits for it.
  public func stop(signal: Int32 = SIGTERM) {
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
  }

  /// One HTTP exchange: status and body text.
  public func request(
    _ method: String, _ path: String, token: String? = nil, form: [(String, String)]? = nil, body: String? = nil
  )
    async throws -> (status: Int, body: String)
  {
    var request = URLRequest(url: URL(string: baseURL + path)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let form {
      request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
      request.httpBody = Data(
        form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
          .joined(separator: "&").utf8)
    } else if let body {
      request.httpBody = Data(body.utf8)
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }

  /// The newest verification link's path in the outbox.
  public func verificationPath() throws -> String? {
    let folder = dataDirectory + "/mail"
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted().reversed() {
      let text = String(decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(), as: UTF8.self)
      if let range = text.range(of: "/v2/account/email/verify/") {
        return String(text[range.lowerBound...].prefix { $0 != "\\" && $0 != "\"" && $0 != "<" })
      }
    }
    return nil
  }
}
