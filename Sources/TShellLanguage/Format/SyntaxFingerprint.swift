/// A program's syntax tree as text, without its spans: two programs with the same fingerprint
/// do the same thing, however they are laid out.
enum SyntaxFingerprint {
  static func of(_ statements: [Statement]) -> String {
    var text = ""
    append(statements, to: &text)
    return text
  }

  private static func append(_ value: Any, to text: inout String) {
    if value is SourceSpan || value is SourceFile { return }
    let mirror = Mirror(reflecting: value)
    guard !mirror.children.isEmpty else {
      text += "\(value);"
      return
    }
    text += "\(mirror.subjectType)("
    for child in mirror.children {
      text += child.label ?? "_"
      text += ":"
      append(child.value, to: &text)
    }
    text += ")"
  }
}
