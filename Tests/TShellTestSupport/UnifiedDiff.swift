/// The differences between two texts as a unified diff, line by line (`---`/`+++` headers and
/// `@@` hunks with three lines of context), as `diff -u` shows them.
public enum UnifiedDiff {
  /// An empty string when the texts are equal.
  public static func between(_ old: String, _ new: String, oldName: String, newName: String) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let edits = script(a, b)
    let changed = edits.indices.filter { edits[$0].kind != .same }
    guard let firstChange = changed.first else { return "" }
    var text = "--- \(oldName)\n+++ \(newName)\n"
    var hunkStart = max(0, firstChange - context)
    var hunkEnd = min(edits.count, firstChange + context + 1)
    for index in changed.dropFirst() {
      if index - context <= hunkEnd {
        hunkEnd = min(edits.count, index + context + 1)
      } else {
        text += hunk(edits[hunkStart..<hunkEnd])
        hunkStart = index - context
        hunkEnd = min(edits.count, index + context + 1)
      }
    }
    return text + hunk(edits[hunkStart..<hunkEnd])
  }

  static let context = 3

  struct Edit {
    enum Kind { case same, removed, added }
    var kind: Kind
    var line: String
    /// The 0-based line numbers in the old and the new text where the edit stands.
    var oldIndex: Int
    var newIndex: Int
  }

  /// The shortest edit script from `a` to `b` (by their longest common subsequence).
  static func script(_ a: [String], _ b: [String]) -> [Edit] {
    var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
      }
    }
    var edits: [Edit] = []
    var (i, j) = (0, 0)
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        edits.append(Edit(kind: .same, line: a[i], oldIndex: i, newIndex: j))
        (i, j) = (i + 1, j + 1)
      } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
        // Removals first where either order is as short, as diff -u shows them.
        edits.append(Edit(kind: .removed, line: a[i], oldIndex: i, newIndex: j))
        i += 1
      } else {
        edits.append(Edit(kind: .added, line: b[j], oldIndex: i, newIndex: j))
        j += 1
      }
    }
    return edits
  }

  private static func hunk(_ edits: ArraySlice<Edit>) -> String {
    guard let first = edits.first else { return "" }
    let oldCount = edits.filter { $0.kind != .added }.count
    let newCount = edits.filter { $0.kind != .removed }.count
    var text =
      "@@ -\(first.oldIndex + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(first.newIndex + (newCount > 0 ? 1 : 0)),\(newCount) @@\n"
    for edit in edits {
      switch edit.kind {
      case .same: text += " " + edit.line + "\n"
      case .removed: text += "-" + edit.line + "\n"
      case .added: text += "+" + edit.line + "\n"
      }
    }
    return text
  }
}
