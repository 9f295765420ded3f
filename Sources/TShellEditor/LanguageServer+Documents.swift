import TShellCommands
import TShellJSON
import TShellLanguage

/// Open documents, their analysis and their diagnostics.
extension LanguageServer {
  /// What the parser makes of a document: the program or the error, and the warnings.
  struct Analysis {
    var program: Program?
    var index: SymbolIndex?
    var diagnostics: [SourceDiagnostic]
    let interpreter: Interpreter
  }

  func analyze(_ document: TextDocument) -> Analysis {
    let interpreter = Interpreter(host: host)
    do {
      let program = try interpreter.parse(document.text, name: document.path)
      let index = SymbolIndex(program)
      lastGoodIndex[document.uri] = index
      return Analysis(
        program: program, index: index, diagnostics: program.warnings + program.unsetVariableWarnings,
        interpreter: interpreter)
    } catch {
      _ = symbols(of: document)
      let diagnostic =
        error.diagnostic
        ?? SourceDiagnostic(
          file: document.path, source: document.text, offset: 0, length: 0, message: error.message, hint: error.hint)
      return Analysis(program: nil, index: nil, diagnostics: [diagnostic], interpreter: interpreter)
    }
  }

  /// The names the document declares, from its syntax alone (an unknown command, which the
  /// interpreter's parse refuses, does not hide them); while it does not parse, the last ones
  /// it declared when it did.
  func symbols(of document: TextDocument) -> SymbolIndex? {
    if let syntax = try? Parser.parse(SourceFile(name: document.path, text: document.text), symbols: SymbolTable()) {
      lastGoodIndex[document.uri] = SymbolIndex(syntax)
    }
    return lastGoodIndex[document.uri]
  }

  func publishDiagnostics(_ document: TextDocument) {
    let diagnostics = analyze(document).diagnostics.map { diagnostic -> JSONValue in
      let message = diagnostic.hint.map { "\(diagnostic.message)\nhint: \($0)" } ?? diagnostic.message
      return [
        "range": document.range(SourceSpan(diagnostic.offset, diagnostic.offset + diagnostic.length)),
        "severity": .int(diagnostic.isWarning ? 2 : 1),
        "source": "tshell",
        "message": .string(message),
      ]
    }
    notify(
      "textDocument/publishDiagnostics",
      ["uri": .string(document.uri), "version": .int(document.version), "diagnostics": .array(diagnostics)])
  }

  func opened(_ parameters: JSONValue) {
    guard let item = parameters["textDocument"], let uri = item["uri"]?.stringValue, let text = item["text"]?.stringValue
    else { return }
    documents[uri] = TextDocument(uri: uri, version: item["version"]?.numberValue?.intValue ?? 0, text: text)
    scheduleDiagnostics(uri, immediately: true)
  }

  /// Full-text changes replace the text; ranged ones are applied in order.
  func changed(_ parameters: JSONValue) {
    guard let uri = parameters["textDocument"]?["uri"]?.stringValue, var document = documents[uri],
      let changes = parameters["contentChanges"]?.arrayValue
    else { return }
    let version = parameters["textDocument"]?["version"]?.numberValue?.intValue ?? document.version + 1
    for change in changes {
      guard let text = change["text"]?.stringValue else { continue }
      guard let range = change["range"] else {
        document.replace(with: text, version: version)
        continue
      }
      guard let start = byteOffset(of: range["start"], in: document), let end = byteOffset(of: range["end"], in: document),
        start <= end
      else { continue }
      var bytes = document.utf8
      bytes.replaceSubrange(start..<end, with: Array(text.utf8))
      document.replace(with: String(decoding: bytes, as: UTF8.self), version: version)
    }
    documents[uri] = document
    scheduleDiagnostics(uri)
  }

  func closed(_ parameters: JSONValue) {
    guard let uri = parameters["textDocument"]?["uri"]?.stringValue else { return }
    documents[uri] = nil
    lastGoodIndex[uri] = nil
    cancelDiagnostics(uri)
    notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []])
  }

  // MARK: - Parameters

  /// The document a request names; an error when it is not open.
  func document(_ parameters: JSONValue) throws(Failure) -> TextDocument {
    guard let uri = parameters["textDocument"]?["uri"]?.stringValue else {
      throw .invalidParams("the request names no textDocument.uri")
    }
    guard let document = documents[uri] else { throw .invalidParams("\(uri) is not open") }
    return document
  }

  /// The byte offset of the request's position; an error when it is outside the document.
  func offset(_ parameters: JSONValue, in document: TextDocument) throws(Failure) -> Int {
    guard let offset = byteOffset(of: parameters["position"], in: document) else {
      throw .invalidParams("the position is not in the document")
    }
    return offset
  }

  private func byteOffset(of position: JSONValue?, in document: TextDocument) -> Int? {
    guard let line = position?["line"]?.numberValue?.intValue, let character = position?["character"]?.numberValue?.intValue
    else { return nil }
    return document.offset(line: line, character: character)
  }

  /// A sourced file's text: the editor's, when it has the file open, else the file's.
  func text(ofFile path: String) -> String? {
    let uri = TextDocument.uri(of: path)
    if let open = documents[uri] { return open.text }
    return try? InputFile.readText(path)
  }
}
