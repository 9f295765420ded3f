/// What usernames and key names may be: names that travel in one path segment and can be told
/// apart. Not empty, `.` or `..`; at most 64 UTF-8 bytes (of the NFC form, so a "character" with
/// 2,000 combining marks is long); no `/`, `\`, control characters, format characters (zero
/// width, bidi controls) or line and paragraph separators, which make look-alike names (usernames
/// also no `@`, which the original refused with its own text).
public enum NameRule {
  /// In UTF-8 bytes.
  public static let maximumLength = 64

  /// Why `name` (already NFC-normalised) cannot be a name of `field` (`username`, `key_name`),
  /// or nil when it can.
  public static func refusal(of name: String, field: String) -> String? {
    if field == "username", name.contains("@") { return APIMessage.atInUsername }
    let acceptable =
      !name.isEmpty && name != "." && name != ".." && name.utf8.count <= maximumLength
      && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || isInvisible($0) } && !containsControlCharacter(name)
    return acceptable ? nil : APIMessage.invalidName(field)
  }

  /// Format characters (U+200B zero width space, U+202E right-to-left override, …) and line and
  /// paragraph separators: invisible, or able to make two different names look the same.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .format, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  /// Whether `text` holds NUL or another control character (C0, DEL, C1).
  public static func containsControlCharacter(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control }
  }
}
