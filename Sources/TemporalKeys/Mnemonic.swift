import Foundation

/// The export mnemonic of Temporal (entropy-mnemonics, 1626-word English list): a bijective
/// base-256 to base-1626 change of the key bytes, least significant digit first.
public enum Mnemonic {
  /// Why words could not become bytes, or bytes words.
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// No bytes to encode, or no words to decode.
    case emptyInput
    /// A word whose first three letters start no dictionary word.
    case unknownWord(String)

    public var description: String {
      switch self {
      case .emptyInput: return "empty input: there is nothing to convert"
      case .unknownWord(let word): return "'\(word)' is not a word of the mnemonic dictionary"
      }
    }
  }

  /// The dictionary size.
  static let base: UInt32 = 1626

  /// The words for `bytes` (51 for an Ed25519 key, about 900 for RSA-2048).
  public static func encode(_ bytes: some Collection<UInt8>) throws(Failure) -> [String] {
    guard !bytes.isEmpty else { throw .emptyInput }
    // n + 1 = Σ (b[i] + 1) · 256^i: every digit is 1…256, so zero bytes at either end count.
    var number = BigUnsigned()
    for byte in bytes.reversed() { number.multiplyAdd(256, UInt32(byte) + 1) }
    number.decrement()
    var words: [String] = []
    words.reserveCapacity(bytes.count * 3 / 4 + 1)
    let dictionary = MnemonicWords.english
    while !number.isLess(than: base) {
      let remainder = number.divide(by: base)
      words.append(String(dictionary[Int(remainder)]))
      number.decrement()
    }
    words.append(String(dictionary[Int(number.smallValue)]))
    return words
  }

  /// The bytes for `words`. Like the original decoder, a word is known by its first three
  /// letters (after NFC normalisation), so `abbot` reads as `abbey`; case matters.
  public static func decode(_ words: [String]) throws(Failure) -> [UInt8] {
    guard !words.isEmpty else { throw .emptyInput }
    var number = BigUnsigned()
    for word in words.reversed() {
      guard let index = index(of: word) else { throw .unknownWord(word) }
      number.multiplyAdd(base, UInt32(index) + 1)
    }
    number.decrement()
    var bytes: [UInt8] = []
    while !number.isLess(than: 256) {
      bytes.append(UInt8(number.divide(by: 256)))
      number.decrement()
    }
    bytes.append(UInt8(number.smallValue))
    return bytes
  }

  /// The words of a phrase written with any blank space between them.
  public static func words(of phrase: String) -> [String] {
    phrase.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "," }).map(String.init)
  }

  /// The dictionary index of the first word that starts with `word`'s first three letters.
  static func index(of word: String) -> Int? {
    let normalized = word.precomposedStringWithCanonicalMapping
    var prefix = ""
    prefix.unicodeScalars.append(contentsOf: normalized.unicodeScalars.prefix(3))
    if prefix.unicodeScalars.count == 3 { return MnemonicIndex.byPrefix[prefix] }
    return MnemonicWords.english.firstIndex { $0.utf8.starts(with: prefix.utf8) }
  }
}

/// Three-letter prefixes of the dictionary (unique by construction) to their index.
private enum MnemonicIndex {
  static let byPrefix: [String: Int] = {
    var table: [String: Int] = [:]
    for (index, word) in MnemonicWords.english.enumerated() {
      let prefix = String(word.unicodeScalars.prefix(3))
      if table[prefix] == nil { table[prefix] = index }
    }
    return table
  }()
}
