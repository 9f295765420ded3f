import TShellJSON

/// A message of the server's mail outbox, one JSON file each:
/// `{"to":[…],"subject":…,"content":…,"content_type":"text/html"}`.
public struct MailMessage: Sendable, Equatable {
  /// The file's name without `.json`; names sort by the time they were sent.
  public var id: String
  public var to: [String]
  public var subject: String
  public var content: String
  public var contentType: String

  public init(id: String, to: [String], subject: String, content: String, contentType: String = "text/html") {
    self.id = id
    self.to = to
    self.subject = subject
    self.content = content
    self.contentType = contentType
  }

  /// The message in a file's JSON; nil when it is not one.
  public init?(id: String, json: JSONValue) {
    guard let to = json["to"]?.arrayValue?.compactMap(\.stringValue), let subject = json["subject"]?.stringValue,
      let content = json["content"]?.stringValue
    else { return nil }
    self.init(id: id, to: to, subject: subject, content: content, contentType: json["content_type"]?.stringValue ?? "text/html")
  }

  /// The file's JSON (without the id, which is its name).
  public var json: JSONValue {
    .object(
      JSONObject(distinctMembers: [
        ("to", .array(to.map(JSONValue.string))), ("subject", .string(subject)), ("content", .string(content)),
        ("content_type", .string(contentType)),
      ]))
  }

  /// The path of the first link in the content to `endpoint` (`/v2/account/email/verify/ann/…`).
  public func link(to endpoint: Endpoint) -> String? {
    guard let range = content.firstRange(of: endpoint.pathPrefix) else { return nil }
    let ends: Set<Character> = ["\"", "'", "<", " "]
    return String(content[range.lowerBound...].prefix { !ends.contains($0) })
  }
}
