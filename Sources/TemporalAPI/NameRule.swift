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
      && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control }
    return acceptable ? nil : APIMessage.invalidName(field)
  }
}
