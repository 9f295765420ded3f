import TShellJSON

/// One test's result as `tshell test` reports it: a line of JSON from the process that ran the
/// file to the one that reports.
struct TestRecord: Equatable {
  enum Status: String {
    case passed, failed, skipped
  }

  /// The test file, as given on the command line (or found under a folder).
  var file: String
  var name: String
  var status: Status
  var seconds: Double
  /// The failure's message, or the reason for a skip.
  var message: String?
  /// The failure rendered with file:line:col, the source line and a caret.
  var diagnostic: String?
  var line: Int?

  var json: JSONValue {
    var object = JSONObject()
    object["file"] = .string(file)
    object["name"] = .string(name)
    object["status"] = .string(status.rawValue)
    object["seconds"] = .double((seconds * 1000).rounded() / 1000)
    if let message { object["message"] = .string(message) }
    if let diagnostic { object["diagnostic"] = .string(diagnostic) }
    if let line { object["line"] = .int(line) }
    return .object(object)
  }

  init(
    file: String, name: String, status: Status, seconds: Double, message: String? = nil, diagnostic: String? = nil,
    line: Int? = nil
  ) {
    (self.file, self.name, self.status, self.seconds) = (file, name, status, seconds)
    (self.message, self.diagnostic, self.line) = (message, diagnostic, line)
  }

  init?(_ value: JSONValue) {
    guard let file = value["file"]?.stringValue, let name = value["name"]?.stringValue,
      let status = value["status"]?.stringValue.flatMap(Status.init(rawValue:))
    else { return nil }
    self.init(
      file: file, name: name, status: status, seconds: value["seconds"]?.numberValue?.doubleValue ?? 0,
      message: value["message"]?.stringValue, diagnostic: value["diagnostic"]?.stringValue,
      line: value["line"]?.numberValue?.intValue)
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
