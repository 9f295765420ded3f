/// A `\p{…}` property of I-Regexp: a general category (`Lu`) or a group of them (`L`).
struct UnicodeCategoryClass: Sendable {
  /// One bit per general category, in the order of `codes`.
  let mask: UInt32

  private static let codes = [
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
  ]

  /// Reads `L`, `Lu`, `Nd`, …; nil when the name is not an I-Regexp category (`Cs` is not one).
  init?(_ name: String) {
    let allowed = UnicodeCategoryClass.codes.filter { $0 != "Cs" }
    var mask: UInt32 = 0
    for (index, code) in UnicodeCategoryClass.codes.enumerated() where allowed.contains(code) {
      if code == name || (name.count == 1 && code.hasPrefix(name)) { mask |= 1 << UInt32(index) }
    }
    guard mask != 0 else { return nil }
    self.mask = mask
  }

  func contains(_ scalar: Unicode.Scalar) -> Bool {
    mask & 1 << UInt32(UnicodeCategoryClass.ordinal(scalar.properties.generalCategory)) != 0
  }

  private static func ordinal(_ category: Unicode.GeneralCategory) -> Int {
    switch category {
    case .uppercaseLetter: return 0
    case .lowercaseLetter: return 1
    case .titlecaseLetter: return 2
    case .modifierLetter: return 3
    case .otherLetter: return 4
    case .nonspacingMark: return 5
    case .spacingMark: return 6
    case .enclosingMark: return 7
    case .decimalNumber: return 8
    case .letterNumber: return 9
    case .otherNumber: return 10
    case .connectorPunctuation: return 11
    case .dashPunctuation: return 12
    case .openPunctuation: return 13
    case .closePunctuation: return 14
    case .initialPunctuation: return 15
    case .finalPunctuation: return 16
    case .otherPunctuation: return 17
    case .mathSymbol: return 18
    case .currencySymbol: return 19
    case .modifierSymbol: return 20
    case .otherSymbol: return 21
    case .spaceSeparator: return 22
    case .lineSeparator: return 23
    case .paragraphSeparator: return 24
    case .control: return 25
    case .format: return 26
    case .surrogate: return 27
    case .privateUse: return 28
    case .unassigned: return 29
    @unknown default: return 29
    }
  }
}
