extension String {
  /// Whether `self` and `other` hold the same UTF-8 code units: JSON's equality of strings and
  /// keys, under which texts that differ only in Unicode normalisation differ (Swift's `==` calls
  /// them equal).
  public func hasSameCodeUnits(as other: String) -> Bool {
    let mine = utf8
    let theirs = other.utf8
    guard mine.count == theirs.count else { return false }
    // Native strings (all of tshell's) lend their bytes; comparing them as a buffer is several
    // times faster than walking two UTF-8 views.
    let compared = mine.withContiguousStorageIfAvailable { mineBytes in
      theirs.withContiguousStorageIfAvailable { theirBytes in mineBytes.elementsEqual(theirBytes) }
    }
    if let same = compared.flatMap({ $0 }) { return same }
    return mine.elementsEqual(theirs)
  }
}
