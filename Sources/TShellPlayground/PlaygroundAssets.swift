import Foundation
import TShellCommands
import TShellJSON

/// The files the playground serves, decoded once from the binary: the page, its script and
/// style, xterm.js with its fit addon and licence, and the tour.
struct PlaygroundAssets: Sendable {
  /// A file ready to send.
  struct File: Sendable {
    var bytes: [UInt8]
    var contentType: String
  }

  /// By URL path (`/`, `/assets/xterm.js`, `/tour.json`, `/licenses`).
  let files: [String: File]

  init() {
    func file(_ name: String, _ type: String) -> File {
      let bytes = EmbeddedFiles.base64[name].flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } ?? []
      return File(bytes: bytes, contentType: type)
    }
    let script = "text/javascript; charset=utf-8"
    files = [
      "/": file("Page/index.html", "text/html; charset=utf-8"),
      "/full": file("Page/full.html", "text/html; charset=utf-8"),
      "/assets/playground.js": file("Page/playground.js", script),
      "/assets/playground.css": file("Page/playground.css", "text/css; charset=utf-8"),
      "/assets/xterm.js": file("Vendor/xterm.min.js", script),
      "/assets/xterm-addon-fit.js": file("Vendor/xterm-addon-fit.min.js", script),
      "/assets/xterm.css": file("Vendor/xterm.min.css", "text/css; charset=utf-8"),
      "/licenses": file("Vendor/xterm.copyright", "text/plain; charset=utf-8"),
      "/tour.json": File(bytes: Array(PlaygroundAssets.tour.utf8), contentType: "application/json"),
    ]
  }

  /// `tshell demo`'s steps as the page shows them: title, explanation, code.
  static var tour: String {
    let steps = DemoStep.all.map { step -> JSONValue in
      [
        "title": .string(step.title), "explanation": .string(step.explanation.joined(separator: " ")),
        "code": .string(step.code),
      ]
    }
    return JSONPrinter.string(.array(steps))
  }
}
