import TShellJSON
import TShellPath

/// Where two JSON values first differ, in document order, for `assert`'s message.
struct JSONDifference: Equatable {
  /// The normalized path of the first difference (`$['keys'][2]['name']`).
  var path: String
  /// The values there; nil where one side has no such member or element.
  var left: JSONValue?
  var right: JSONValue?

  /// The first difference between `left` and `right`, or nil when they are equal.
  static func first(_ left: JSONValue, _ right: JSONValue) -> JSONDifference? {
    var steps: [PathElement<String>] = []
    return first(left, right, at: &steps)
  }

  private static func first(_ left: JSONValue, _ right: JSONValue, at steps: inout [PathElement<String>]) -> JSONDifference? {
    switch (left, right) {
    case (.object(let leftObject), .object(let rightObject)):
      for (name, leftMember) in leftObject {
        steps.append(.name(name))
        defer { steps.removeLast() }
        guard let rightMember = rightObject[name] else {
          return JSONDifference(path: NormalizedPath.render(steps), left: leftMember, right: .none)
        }
        if let found = first(leftMember, rightMember, at: &steps) { return found }
      }
      for (name, rightMember) in rightObject where leftObject[name] == nil {
        steps.append(.name(name))
        defer { steps.removeLast() }
        return JSONDifference(path: NormalizedPath.render(steps), left: .none, right: rightMember)
      }
      return nil
    case (.array(let leftItems), .array(let rightItems)):
      for index in 0..<max(leftItems.count, rightItems.count) {
        steps.append(.index(index))
        defer { steps.removeLast() }
        guard index < leftItems.count, index < rightItems.count else {
          // JSONValue takes `nil` as its null: a missing side is spelled `.none`.
          let leftItem: JSONValue? = index < leftItems.count ? .some(leftItems[index]) : .none
          let rightItem: JSONValue? = index < rightItems.count ? .some(rightItems[index]) : .none
          return JSONDifference(path: NormalizedPath.render(steps), left: leftItem, right: rightItem)
        }
        if let found = first(leftItems[index], rightItems[index], at: &steps) { return found }
      }
      return nil
    default:
      return left == right ? nil : JSONDifference(path: NormalizedPath.render(steps), left: left, right: right)
    }
  }

  /// `$['a'][1]: "x" != "y"`, a side without the node shown as `(missing)`.
  var description: String {
    "\(path): \(JSONDifference.shown(left)) != \(JSONDifference.shown(right))"
  }

  /// A value as compact JSON, cut at `limit` characters.
  static func shown(_ value: JSONValue?, limit: Int = 120) -> String {
    guard case .some(let value) = value else { return "(missing)" }
    let text = JSONPrinter.string(value, format: .shown)
    return text.count > limit ? String(text.prefix(limit)) + "…" : text
  }
}
