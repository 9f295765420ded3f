/// A linear pre-check of a multipart body, so that the parser never sees a body whose part count
/// or header sizes would make it slow: no form of this API has more than a few fields.
enum MultipartShape {
  static let maximumParts = 16
  static let maximumHeaderBytes = 4096

  /// Whether `body` has at most `maximumParts` parts, each with at most `maximumHeaderBytes` of
  /// headers.
  static func isBounded(_ body: [UInt8], boundary: String) -> Bool {
    // RFC 2046 allows 1 to 70 characters; the bound keeps the search linear.
    guard (1...70).contains(boundary.utf8.count) else { return false }
    let delimiter = Array("--\(boundary)".utf8)
    var parts = 0
    var found = firstIndex(of: delimiter, in: body, from: 0)
    while let current = found {
      parts += 1
      // The closing delimiter is not a part.
      if parts > maximumParts + 1 { return false }
      let headersStart = current + delimiter.count
      let headersEnd = firstIndex(of: headerEnd, in: body, from: headersStart) ?? body.count
      found = firstIndex(of: delimiter, in: body, from: headersStart)
      if min(headersEnd, found ?? body.count) - headersStart > maximumHeaderBytes { return false }
    }
    return true
  }

  private static let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)

  /// The first position of `needle` in `haystack` at or after `start` (the needle is short and
  /// its first byte rare, so this stays linear in practice).
  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first, needle.count <= haystack.count else { return nil }
    var position = start
    let last = haystack.count - needle.count
    while position <= last {
      if haystack[position] == first {
        var matched = 1
        while matched < needle.count && haystack[position + matched] == needle[matched] { matched += 1 }
        if matched == needle.count { return position }
      }
      position += 1
    }
    return nil
  }
}
