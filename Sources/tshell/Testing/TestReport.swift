import Foundation

/// What `tshell test` prints: a line per test on the console, TAP 14, or JUnit XML.
struct TestReport {
  var records: [TestRecord] = []

  var passed: Int { records.filter { $0.status == .passed }.count }
  var failed: Int { records.filter { $0.status == .failed }.count }
  var skipped: Int { records.filter { $0.status == .skipped }.count }

  /// `3 passed, 1 failed` (and `, 2 skipped` when some were).
  var summary: String {
    "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
  }

  static func title(_ record: TestRecord) -> String {
    record.name == TestFileRunner(file: record.file).wholeFileName ? record.file : "\(record.file) › \(record.name)"
  }

  static func milliseconds(_ seconds: Double) -> String {
    seconds < 0.001 ? "<1 ms" : "\(Int((seconds * 1000).rounded())) ms"
  }

  /// One line per test, with the diagnostic under each failure.
  static func consoleLines(_ record: TestRecord) -> String {
    switch record.status {
    case .passed:
      return "✓ \(title(record)) (\(milliseconds(record.seconds)))\n"
    case .skipped:
      return "- \(title(record)) (skipped" + (record.message.map { ": \($0)" } ?? "") + ")\n"
    case .failed:
      let detail = record.diagnostic ?? record.message ?? "failed"
      let indented = detail.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
      return "✗ \(title(record)) (\(milliseconds(record.seconds)))\n\(indented)\n"
    }
  }

  /// TAP version 14: a test point per test, YAML diagnostics for failures, the plan at the end.
  var tap: String {
    var text = "TAP version 14\n"
    for (index, record) in records.enumerated() {
      let number = index + 1
      let description = TestReport.title(record).replacingOccurrences(of: "#", with: "\\#")
      switch record.status {
      case .passed:
        text += "ok \(number) - \(description)\n"
      case .skipped:
        text += "ok \(number) - \(description) # SKIP" + (record.message.map { " \($0)" } ?? "") + "\n"
      case .failed:
        text += "not ok \(number) - \(description)\n  ---\n"
        text += "  message: \(TestReport.yamlString(record.message ?? "failed"))\n"
        text += "  at: \(TestReport.yamlString("\(record.file):\(record.line.map(String.init) ?? "?")"))\n"
        if let diagnostic = record.diagnostic {
          text += "  diagnostic: |\n" + diagnostic.split(separator: "\n").map { "    \($0)\n" }.joined()
        }
        text += "  ...\n"
      }
    }
    return text + "1..\(records.count)\n# \(summary)\n"
  }

  /// A double-quoted YAML scalar.
  static func yamlString(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n") + "\""
  }

  /// JUnit XML: a testsuite per file, a testcase per test, failures with their message and
  /// location, as CI test reporters read it.
  var junit: String {
    var files: [String] = []
    for record in records where !files.contains(record.file) { files.append(record.file) }
    let total = records.reduce(0) { $0 + $1.seconds }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml +=
      "<testsuites name=\"tshell test\" tests=\"\(records.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(TestReport.time(total))\">\n"
    for file in files {
      let cases = records.filter { $0.file == file }
      let time = cases.reduce(0) { $0 + $1.seconds }
      xml += "  <testsuite name=\"\(TestReport.escaped(file))\" tests=\"\(cases.count)\""
      xml += " failures=\"\(cases.filter { $0.status == .failed }.count)\" errors=\"0\""
      xml += " skipped=\"\(cases.filter { $0.status == .skipped }.count)\" time=\"\(TestReport.time(time))\">\n"
      for record in cases {
        xml += "    <testcase name=\"\(TestReport.escaped(record.name))\" classname=\"\(TestReport.escaped(file))\""
        xml += " file=\"\(TestReport.escaped(file))\"" + (record.line.map { " line=\"\($0)\"" } ?? "")
        xml += " time=\"\(TestReport.time(record.seconds))\""
        switch record.status {
        case .passed:
          xml += "/>\n"
        case .skipped:
          xml += ">\n      <skipped message=\"\(TestReport.escaped(record.message ?? ""))\"/>\n    </testcase>\n"
        case .failed:
          let location = "\(file):\(record.line.map(String.init) ?? "?")"
          xml += ">\n      <failure message=\"\(TestReport.escaped(record.message ?? "failed"))\" type=\"failure\">"
          xml += TestReport.escaped(location + "\n" + (record.diagnostic ?? record.message ?? "")) + "</failure>\n"
          xml += "    </testcase>\n"
        }
      }
      xml += "  </testsuite>\n"
    }
    return xml + "</testsuites>\n"
  }

  static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

  /// Text for XML attributes and content (control characters XML 1.0 forbids are dropped).
  static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      case "\t", "\r": out += "&#\(scalar.value);"
      case "\u{00}"..."\u{1F}": break
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
