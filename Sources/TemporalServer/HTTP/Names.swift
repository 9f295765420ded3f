import Foundation
import TemporalAPI

/// Names as the server stores and compares them: NFC-normalised, so that the same name typed on
/// another system (decomposed accents) is the same name; path parameters percent-decoded first.
enum Names {
  static func normalized(_ name: String) -> String {
    name.precomposedStringWithCanonicalMapping
  }

  /// A name that arrived as a path parameter (`/v2/account/key/export/a%20b`), or nil when it
  /// decodes to a control character (`%00`), which no stored name holds.
  static func fromPath(_ parameter: String?) -> String? {
    let name = normalized(PercentEncoding.decode(Substring(parameter ?? ""), plusIsSpace: false))
    return NameRule.containsControlCharacter(name) ? nil : name
  }
}
