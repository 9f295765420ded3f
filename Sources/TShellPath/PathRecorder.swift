/// One step of a node's location: an array index or an object member name.
public enum PathElement<Key> {
  case index(Int)
  case name(String)
  case key(Key)
}

/// The location of the node being visited, kept as a stack while a query walks the tree.
final class PathRecorder<Key> {
  var elements: [PathElement<Key>] = []
}

/// Normalized paths (RFC 9535 §2.7): `$['a'][0]`, the one canonical spelling of a node's location.
public enum NormalizedPath {
  /// Renders `elements` of `tree` as a normalized path.
  public static func render<Tree: JSONTree>(_ elements: [PathElement<Tree.Key>], in tree: Tree) -> String {
    var output = "$"
    for element in elements {
      switch element {
      case .index(let index): output += "[\(index)]"
      case .name(let name): appendName(name, to: &output)
      case .key(let key): appendName(tree.keyString(key), to: &output)
      }
    }
    return output
  }

  /// Renders steps given as indices and member names.
  public static func render(_ elements: [PathElement<String>]) -> String {
    var output = "$"
    for element in elements {
      switch element {
      case .index(let index): output += "[\(index)]"
      case .name(let name), .key(let name): appendName(name, to: &output)
      }
    }
    return output
  }

  /// `['name']` with the escapes of normalized paths.
  static func appendName(_ name: String, to output: inout String) {
    output += "['"
    for scalar in name.unicodeScalars {
      switch scalar {
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "'": output += "\\'"
      case "\\": output += "\\\\"
      case "\u{00}"..."\u{1F}": output += "\\u00" + String(scalar.value, radix: 16).leftPad(2)
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "']"
  }
}
