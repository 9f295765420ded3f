/// What usernames and key names may be: names that travel in one path segment and can be told
/// apart. Not empty, `.` or `..`; at most 64 characters; no `/`, `\` or control characters
/// (usernames also no `@`, which the original refused with its own text).
public enum NameRule {
  public static let maximumLength = 64

  /// Why `name` (already NFC-normalised) cannot be a name of `field` (`username`, `key_name`),
  /// or nil when it can.
  public static func refusal(of name: String, field: String) -> String? {
    if field == "username", name.contains("@") { return APIMessage.atInUsername }
    let acceptable =
      !name.isEmpty && name != "." && name != ".." && name.count <= maximumLength
      && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" } && !containsControlCharacter(name)
    return acceptable ? nil : APIMessage.invalidName(field)
  }

  /// Whether `text` holds NUL or another control character (C0, DEL, C1).
  public static func containsControlCharacter(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control }
  }
}
