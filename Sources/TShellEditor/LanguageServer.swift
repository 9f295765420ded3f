import TShellCommands
import TShellJSON
import TShellLanguage

/// `tshell lsp`: a language server for `.tmp` scripts on standard input and output (LSP 3.17):
/// diagnostics as the document changes, completion, hover, definition, references, document
/// symbols and formatting, all from tshell's own parser, completion engine and formatter.
public final class LanguageServer {
  private enum State {
    case starting
    case running
    case shuttingDown
  }

  /// An error answered to a request: LSP's code and a message.
  struct Failure: Error {
    var code: Int
    var message: String

    static func invalidParams(_ message: String) -> Failure { Failure(code: -32602, message: message) }
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let serverNotInitialized = -32002
    static let requestFailed = -32803
  }

  /// How long diagnostics wait after a change for the next one, in seconds.
  static let diagnosticsDelay = 0.25

  private let channel: MessageChannel
  private let version: String
  private var state = State.starting
  var documents: [String: TextDocument] = [:]
  /// The last analysis of each document that parsed, for completion while the text is broken.
  var lastGoodIndex: [String: SymbolIndex] = [:]
  /// Documents whose diagnostics are due, with when.
  private var diagnosticsDue: [String: Double] = [:]
  let host = EditorHost()

  public init(input: Int32 = 0, output: Int32 = 1, version: String) {
    channel = MessageChannel(input: input, output: output)
    self.version = version
  }

  /// Serves until `exit` or the end of input; the process's exit status (0 after `shutdown`).
  public func run() -> Int32 {
    while true {
      let wait = diagnosticsDue.values.min().map { max(0, $0 - MonotonicClock.seconds()) }
      switch channel.read(timeout: wait) {
      case .message(let message):
        if let status = handle(message) { return status }
      case .malformed(let reason):
        respond(id: .null, failure: Failure(code: Failure.parseError, message: reason))
      case .timeout:
        break
      case .ended:
        return state == .shuttingDown ? 0 : 1
      }
      publishDueDiagnostics()
    }
  }

  /// Handles one message; the exit status when it was `exit`.
  private func handle(_ message: JSONValue) -> Int32? {
    guard case .object(let fields) = message, let method = fields["method"]?.stringValue else {
      // A response to a request of ours (there are none) or something that is no message.
      if case .object(let fields) = message, fields["id"] != nil, fields["result"] != nil || fields["error"] != nil {
        return nil
      }
      respond(id: message["id"] ?? .null, failure: Failure(code: Failure.invalidRequest, message: "not a JSON-RPC request"))
      return nil
    }
    let parameters = fields["params"] ?? .null
    guard let id = fields["id"] else {
      return notification(method, parameters)
    }
    do {
      respond(id: id, result: try request(method, parameters))
    } catch {
      respond(id: id, failure: error)
    }
    return nil
  }

  private func request(_ method: String, _ parameters: JSONValue) throws(Failure) -> JSONValue {
    switch state {
    case .starting where method != "initialize":
      throw Failure(code: Failure.serverNotInitialized, message: "the server is not initialized yet")
    case .shuttingDown:
      throw Failure(code: Failure.invalidRequest, message: "the server is shutting down")
    default:
      break
    }
    switch method {
    case "initialize":
      guard state == .starting else { throw Failure(code: Failure.invalidRequest, message: "the server is already initialized") }
      state = .running
      return initializeResult
    case "shutdown":
      state = .shuttingDown
      return .null
    case "textDocument/completion": return try completion(parameters)
    case "textDocument/hover": return try hover(parameters)
    case "textDocument/definition": return try definition(parameters)
    case "textDocument/references": return try references(parameters)
    case "textDocument/documentSymbol": return try documentSymbols(parameters)
    case "textDocument/formatting": return try formatting(parameters)
    default:
      throw Failure(code: Failure.methodNotFound, message: "unknown method \(method)")
    }
  }

  private func notification(_ method: String, _ parameters: JSONValue) -> Int32? {
    if method == "exit" { return state == .shuttingDown ? 0 : 1 }
    guard state == .running else { return nil }
    switch method {
    case "textDocument/didOpen": opened(parameters)
    case "textDocument/didChange": changed(parameters)
    case "textDocument/didClose": closed(parameters)
    default: break  // initialized, didSave, $/cancelRequest, $/setTrace, …
    }
    return nil
  }

  private var initializeResult: JSONValue {
    [
      "capabilities": [
        "positionEncoding": "utf-16",
        "textDocumentSync": ["openClose": true, "change": 2],
        "completionProvider": ["triggerCharacters": ["$", "-", "."]],
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "documentSymbolProvider": true,
        "documentFormattingProvider": true,
      ],
      "serverInfo": ["name": "tshell", "version": .string(version)],
    ]
  }

  // MARK: - Writing

  private func respond(id: JSONValue, result: JSONValue) {
    channel.write(["jsonrpc": "2.0", "id": id, "result": result])
  }

  private func respond(id: JSONValue, failure: Failure) {
    channel.write(["jsonrpc": "2.0", "id": id, "error": ["code": .int(failure.code), "message": .string(failure.message)]])
  }

  func notify(_ method: String, _ parameters: JSONValue) {
    channel.write(["jsonrpc": "2.0", "method": .string(method), "params": parameters])
  }

  /// Diagnostics for `uri` after the next pause in its changes.
  func scheduleDiagnostics(_ uri: String, immediately: Bool = false) {
    diagnosticsDue[uri] = MonotonicClock.seconds() + (immediately ? 0 : LanguageServer.diagnosticsDelay)
  }

  func cancelDiagnostics(_ uri: String) {
    diagnosticsDue[uri] = nil
  }

  private func publishDueDiagnostics() {
    let now = MonotonicClock.seconds()
    for (uri, due) in diagnosticsDue where due <= now {
      diagnosticsDue[uri] = nil
      if let document = documents[uri] { publishDiagnostics(document) }
    }
  }
}
