/// An expression of the language: what produces a value.
public indirect enum Expression: Sendable {
  case literal(JSONValue, SourceSpan)
  /// A double-quoted string with `$name` or `${…}` parts.
  case interpolated([StringPart], SourceSpan)
  /// `$` alone: the value flowing through the pipe.
  case input(SourceSpan)
  /// `@` alone: the element an element-wise builtin evaluates its last argument for.
  case current(SourceSpan)
  /// `$name`, `$1`.
  case variable(Variable, SourceSpan)
  /// `$name.a[0]`, `$.a..b`, `@.name`, `(expr).a`, `$a[$i]`: a path on a value.
  case path(PathRoot, ValuePath, SourceSpan)
  case array([Expression], SourceSpan)
  case object([ObjectMember], SourceSpan)
  case unary(UnaryOperator, Expression, SourceSpan)
  case binary(BinaryOperator, Expression, Expression, SourceSpan)
  /// `name(a, b)`: a builtin or a function with expression arguments.
  case call(String, [Expression], SourceSpan)
  /// `name word "str" $v --flag value`: a command with words.
  case command(CommandCall)
  /// `a | b | c`: each stage gets the previous stage's value as its input.
  case pipeline([Expression], SourceSpan)
  /// `time { … }`: runs the block and reports the elapsed time on stderr.
  case time(Block, SourceSpan)
  /// `if`, `for` or `try` where a value is expected.
  case control(Statement)

  public var span: SourceSpan {
    switch self {
    case .literal(_, let span), .interpolated(_, let span), .input(let span), .current(let span), .variable(_, let span),
      .path(_, _, let span), .array(_, let span), .object(_, let span), .unary(_, _, let span),
      .binary(_, _, _, let span), .call(_, _, let span), .pipeline(_, let span), .time(_, let span):
      return span
    case .command(let call):
      return call.span
    case .control(let statement):
      return statement.span
    }
  }
}

/// A variable reference, resolved to a slot number shared by all uses of the name.
public struct Variable: Sendable, Equatable {
  public let name: String
  let id: Int
}

/// Where a path starts.
public indirect enum PathRoot: Sendable {
  case input
  case variable(Variable)
  /// `@`: the element of an element-wise builtin.
  case current
  /// A parenthesised expression or a call: `(key list).key_names`, `first($rows).name`.
  case value(Expression)
}

/// One part of an interpolated string.
public enum StringPart: Sendable {
  case text(String)
  case expression(Expression)
}

/// A member of an object literal.
public struct ObjectMember: Sendable {
  /// The key as written, when it is literal.
  public var key: String
  /// The key's string, when it interpolates (`{"k$i": 1}`).
  public var computedKey: Expression?
  public var value: Expression
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not = "!"
}

public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case and = "&&"
  case or = "||"
  case coalesce = "??"
}

/// A command call: its name (possibly with subcommand words the host resolves) and its words.
public struct CommandCall: Sendable {
  public var name: String
  public var nameSpan: SourceSpan
  public var words: [Word]
  public var span: SourceSpan
}

/// A word of a command: a value, or a `--flag` with an optional value (`--flag=value`).
public enum Word: Sendable {
  case value(Expression)
  case flag(String, Expression?, SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .value(let expression): return expression.span
    case .flag(_, _, let span): return span
    }
  }
}
