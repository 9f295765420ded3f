/// One step of `tshell demo` and of the playground's tour: what it shows, why, and the code it runs.
public struct DemoStep: Sendable {
  public var title: String
  /// Lines of at most 78 characters.
  public var explanation: [String]
  /// What the step runs, shown as typed at the REPL's prompt (a line per statement).
  public var code: String
  /// A file the step writes first (and shows), as (name, text).
  public var file: (name: String, text: String)? = nil
  /// How the step is shown when it runs a file: the shell command line.
  public var shownAs: String? = nil

  /// The walk-through: an account, keys, export, a script and a dry run.
  public static let all: [DemoStep] = [
    DemoStep(
      title: "Register an account",
      explanation: [
        "Every endpoint of the Temporal v2 Account API is a command. register makes an",
        "account; the password comes from a variable here (on a terminal, tshell asks).",
      ],
      code: "register ann ann@example.com --password-env DEMO_PW | $.UserName"),
    DemoStep(
      title: "Verify the address",
      explanation: [
        "The server mails a verification link. This demo runs tshell's embedded server,",
        "whose outbox tshell can read: verify follows the newest link.",
      ],
      code: "verify"),
    DemoStep(
      title: "Log in",
      explanation: [
        "login keeps the token for later commands and runs. A command's value is JSON:",
        "| $.expire picks one member with an RFC 9535 JSONPath selector.",
      ],
      code: "login ann --password-env DEMO_PW | $.expire"),
    DemoStep(
      title: "Usage and limits",
      explanation: ["A pipe can also build a new value from the one it receives."],
      code: "usage | {tier: $.Tier, keys: $.KeysAllowed}"),
    DemoStep(
      title: "Keys in a loop",
      explanation: [
        "Variables, loops and pipes: a loop used as a value collects what each",
        "iteration gives. (for --parallel N runs iterations side by side.)",
      ],
      code: "$made = for $name in [\"laptop\", \"phone\"] { key new $name | $.name }\n$made"),
    DemoStep(
      title: "The keys as a table",
      explanation: ["Some commands have a table view for people."],
      code: "key list --table"),
    DemoStep(
      title: "Export a key and decode it",
      explanation: [
        "Exporting moves a key off the server as mnemonic words (0600 file); key",
        "decode turns them into a key file that ipfs key import accepts.",
      ],
      code: "key export laptop --yes --out laptop.words\nkey decode laptop.words --out laptop.key | $.peer_id"),
    DemoStep(
      title: "A script file",
      explanation: [
        "The same language in a .tmp file runs with tshell FILE, for batch work",
        "and cron jobs. Here is one:",
      ],
      code: "source \"report.tmp\"",
      file: (
        "report.tmp",
        """
        # report.tmp: what the account holds
        $usage = usage
        $keys = key list | $.key_names
        echo "${length($keys)} of ${usage.KeysAllowed} keys used:"
        for $key in $keys { echo "  $key" }

        """
      ),
      shownAs: "sh$ tshell report.tmp"),
    DemoStep(
      title: "See the HTTP request",
      explanation: [
        "--dry-run prints each request as a curl command line and sends nothing",
        "(the token shows as $TSHELL_TOKEN).",
      ],
      code: "usage --dry-run"),
  ]

  /// The last words: where to go from here.
  public static let closing = [
    "That was tshell's embedded server, in a temporary home that is now removed.",
    "Next: tshell (the REPL, with completion and history), tshell --api URL FILE.tmp",
    "or connect URL for a real server. Inside tshell, help lists every command and",
    "builtin (help key export, help for); man tshell covers the command line.",
  ]
}
