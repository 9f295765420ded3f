/// Finds the secrets of a parsed program, so that wherever source text is shown or kept
/// (`--trace`, the line under a diagnostic, history, recordings) their spans read `***`,
/// whatever their quoting: the words a command declares secret, the values of secret flags, and
/// `name=value` words whose name is secret (`post … "password=a b"`).
public enum Redaction {
  /// Whether a flag's or a field's value is a secret: names with `password`, `token` or `secret`
  /// in them, except the flags that only say where a secret comes from (`--password-env VAR`,
  /// `--password-stdin`, `--password-file FILE`).
  public static func isSecretName(_ name: String) -> Bool {
    let lowered = name.lowercased()
    guard !lowered.hasSuffix("-env"), !lowered.hasSuffix("-stdin"), !lowered.hasSuffix("-file") else { return false }
    return lowered.contains("password") || lowered.contains("token") || lowered.contains("secret")
  }

  /// The masks of every secret in `statements`.
  public static func masks(in statements: [Statement], resolver: CommandResolver) -> [TextMask] {
    var masks: [TextMask] = []
    forEachCommand(in: statements, resolver: resolver) { resolved in masks += self.masks(of: resolved) }
    return masks
  }

  /// The masks of one command call's secrets.
  public static func masks(of resolved: ResolvedCommand) -> [TextMask] {
    var masks: [TextMask] = []
    if let secret = resolved.hostCommand?.secretArgument, let word = resolved.argument(secret) {
      masks.append(TextMask(word.span.start..<word.span.end))
    }
    for flag in resolved.flags where isSecretName(flag.name) {
      if let value = flag.value ?? (flag.takesValue ? nil : wordAfter(flag, in: resolved.call)) {
        masks.append(TextMask(value.span.start..<value.span.end))
      }
    }
    for argument in resolved.arguments {
      if let field = secretField(argument) {
        masks.append(TextMask(argument.span.start..<argument.span.end, replacement: field + "=***"))
      }
    }
    return masks
  }

  /// Whether history must not keep the program: it holds a secret, or says where passwords come
  /// from (`--password-env VAR`: history is no place to learn that).
  public static func keepsOutOfHistory(_ statements: [Statement], resolver: CommandResolver) -> Bool {
    var found = false
    forEachCommand(in: statements, resolver: resolver) { resolved in
      if !masks(of: resolved).isEmpty || resolved.flags.contains(where: { $0.name.lowercased().hasPrefix("password") }) {
        found = true
      }
    }
    return found
  }

  /// Whether text that does not parse could hold a secret (it stays out of history then).
  public static func mayHoldSecret(_ text: String) -> Bool {
    let lowered = text.lowercased()
    return lowered.contains("password") || lowered.contains("token") || lowered.contains("secret")
  }

  /// `text` of `source` between `span`'s ends with the masks applied.
  public static func apply(_ masks: [TextMask], to source: SourceFile, in span: SourceSpan) -> String {
    var text = ""
    var position = span.start
    // An insertion (an empty range) goes before a removal that starts where it stands.
    let ordered = masks.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    for mask in ordered
    where mask.range.lowerBound >= position && mask.range.upperBound <= span.end {
      text += source.slice(SourceSpan(position, mask.range.lowerBound)) + mask.replacement
      position = mask.range.upperBound
    }
    return text + source.slice(SourceSpan(position, span.end))
  }

  /// Calls `body` with every command call of `statements` (and host commands called like
  /// functions), resolved.
  static func forEachCommand(
    in statements: [Statement], resolver: CommandResolver, _ body: @escaping (ResolvedCommand) -> Void
  ) {
    SyntaxWalk { expression in
      switch expression {
      case .command(let call):
        body(resolver.resolve(call))
      case .call(let name, let arguments, let span) where !resolver.isFunction(name) && BuiltinRegistry.standard[name] == nil:
        let nameSpan = SourceSpan(span.start, span.start + name.utf8.count)
        body(resolver.resolve(CommandCall(name: name, nameSpan: nameSpan, words: arguments.map(Word.value), span: span)))
      default:
        break
      }
      return true
    }.walk(statements)
  }

  /// The value word after a secret flag the command does not declare (`x --password hunter2`):
  /// taken as its value here, so that a mistyped command shows no secret either.
  private static func wordAfter(_ flag: ResolvedCommand.Flag, in call: CommandCall) -> Expression? {
    guard let index = call.words.firstIndex(where: { $0.span == flag.span }), index + 1 < call.words.count,
      case .value(let value) = call.words[index + 1]
    else { return nil }
    return value
  }

  /// The field name of a `name=value` word whose name is secret.
  private static func secretField(_ word: Expression) -> String? {
    let text: String
    switch word {
    case .literal(.string(let literal), _): text = literal
    case .interpolated(let parts, _):
      guard case .text(let first)? = parts.first else { return nil }
      text = first
    default: return nil
    }
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
    let name = String(text[..<equals])
    return isSecretName(name) ? name : nil
  }
}
