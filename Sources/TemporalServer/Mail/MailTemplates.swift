/// The texts of the mails, as the original sent them.
enum MailTemplates {
  /// The welcome mail's subject: the organisation name (empty for sign-ups) then the title,
  /// hence the leading space.
  static let welcomeSubject = " Welcome To Temporal 🌌 Read This For Crucial Getting Started Tips"

  static func welcome(username: String, link: String) -> String {
    """
    <h1>Welcome to Temporal, \(HTML.escape(username))!</h1>
    <p>Pins are held for the hold time you choose: up to 12 months on the free tier, 24 months on paid tiers.</p>
    <p>The free tier offers 3GB of storage each month. The paid tier costs $0.07/GB and the partner tier $0.05/GB.</p>
    <p>Your account starts in the unverified tier, which is limited: verifying your email address is mandatory
    before you can log in. Verify it by following this link:</p>
    <p><a href="\(HTML.escape(link))">\(HTML.escape(link))</a></p>
    <p>Questions? Join us on Telegram: <a href="https://t.me/RTradeTEMPORAL">https://t.me/RTradeTEMPORAL</a></p>
    """
  }

  static let usernameReminderSubject = "TEMPORAL User Name Reminder"
  static func usernameReminder(_ username: String) -> String { "your username is \(HTML.escape(username))" }

  static let passwordResetSubject = "TEMPORAL Password Reset"
  static func passwordReset(_ password: String) -> String { "your password is \(password)" }

  static let upgradeSubject = "TEMPORAL Account Upgraded"
  static let upgrade = "your account has been upgraded to a paid account!"
}

enum HTML {
  static func escape(_ text: String) -> String {
    var output = ""
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.append(character)
      }
    }
    return output
  }
}
