/// How JSON values are printed: compact or pretty, coloured or plain, strings quoted or raw.
public struct JSONFormat: Sendable, Equatable {
  /// Layout of containers.
  public enum Layout: Sendable, Equatable {
    /// Everything on one line, no spaces: `{"a":[1,2]}`.
    case compact
    /// One element or member per line, indented by two spaces per level.
    case pretty
  }

  public var layout: Layout
  /// Whether to colour the output with ANSI escapes.
  public var colors: Bool
  /// Whether a string value is printed as its text, without quotes or escapes.
  public var rawStrings: Bool
  /// Whether a string member named `token` is printed as `"***"`, so that output shown or logged
  /// holds no bearer token (the value itself keeps it).
  public var masksTokens: Bool

  public init(layout: Layout = .pretty, colors: Bool = false, rawStrings: Bool = false, masksTokens: Bool = false) {
    self.layout = layout
    self.colors = colors
    self.rawStrings = rawStrings
    self.masksTokens = masksTokens
  }

  /// What a masked token member prints as.
  public static let maskedToken = "***"

  /// `{"a":[1,2]}`.
  public static let compact = JSONFormat(layout: .compact)
  /// Two-space indented, plain.
  public static let pretty = JSONFormat(layout: .pretty)
  /// Compact, with `token` members masked: values shown to people (echo, diagnostics).
  public static let shown = JSONFormat(layout: .compact, masksTokens: true)

  /// Whether colours suit an output: only a terminal, and only without `NO_COLOR` set (https://no-color.org).
  public static func wantsColors(isTerminal: Bool, environment: (String) -> String?) -> Bool {
    guard isTerminal else { return false }
    if let value = environment("NO_COLOR"), !value.isEmpty { return false }
    return environment("TERM") != "dumb"
  }
}

/// The ANSI colours of each kind of token, close to jq's.
enum JSONColors {
  static let reset: [UInt8] = Array("\u{1B}[0m".utf8)
  static let null: [UInt8] = Array("\u{1B}[1;30m".utf8)
  static let boolean: [UInt8] = Array("\u{1B}[0;33m".utf8)
  static let number: [UInt8] = Array("\u{1B}[0;36m".utf8)
  static let string: [UInt8] = Array("\u{1B}[0;32m".utf8)
  static let key: [UInt8] = Array("\u{1B}[34;1m".utf8)
  static let punctuation: [UInt8] = Array("\u{1B}[1;39m".utf8)
}
