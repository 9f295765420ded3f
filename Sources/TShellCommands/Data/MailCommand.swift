import TShellLanguage
import TemporalAPI

/// `mail`: the embedded server's outbox, read through the server; `mail show ID`, `mail last`
/// (or `mail show last`): one message.
enum MailCommand {
  static let all: [Command] = [
    Command(
      name: "mail", group: "data", summary: "the embedded server's outbox; mail show ID or mail last for one message",
      usage: "mail [show ID | last]", arguments: [.choice(["show", "last"]), .choice(["last"])]
    ) { context in
      _ = try context.session()
      guard let embedded = context.sessions.embedded else {
        throw LanguageError(.usage, "mail reads the embedded server's outbox; connect --embedded first")
      }
      let messages = try embedded.mail()
      switch context.optional(0) {
      case nil:
        return .array(
          messages.map { message in
            ["id": .string(message.id), "to": .array(message.to.map(JSONValue.string)), "subject": .string(message.subject)]
          })
      case "last":
        try context.expectAtMost(1)
        guard let message = messages.last else { throw LanguageError(.usage, "the outbox is empty") }
        return message.json
      case "show":
        try context.expectAtMost(2)
        let wanted = try context.string(1, "ID")
        guard let message = wanted == "last" ? messages.last : messages.first(where: { $0.id == wanted }) else {
          throw LanguageError(.usage, "no mail \(wanted) in the outbox")
        }
        return message.json
      case let other?:
        throw context.fail("unknown mail command '\(other)'")
      }
    }
  ]
}
