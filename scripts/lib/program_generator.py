"""Random tshell programs for the interpreter fuzzing of `scripts/reliability`."""


class ProgramGenerator:
    """Random tshell programs from a small grammar: values of every kind (64-bit edges, deep and
    wide ones), operators, builtins, paths and filters, loops (parallel ones too), functions,
    try/catch, break and exit. Loops are bounded, so a program ends unless tshell hangs."""

    NUMBERS = ["0", "1", "-1", "3.5", "1e300", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
               "0.1", "2"]
    STRINGS = ['"a"', '"ab,c"', '"e\\u0301x"', "'raw $x'", '"line\\r\\nnext"', '""', '"日本"']
    BUILTINS = [("length", 1), ("keys", 1), ("values", 1), ("sort", 1), ("unique", 1), ("first", 1), ("last", 1),
                ("string", 1), ("type", 1), ("json", 1), ("split", 2), ("join", 2), ("range", 1), ("range", 2)]

    def __init__(self, rng):
        self.rng = rng
        self.variables = ["$a", "$b"]

    def value(self, depth=0):
        rng = self.rng
        choice = rng.random()
        if depth > 3 or choice < 0.3:
            return rng.choice(self.NUMBERS + self.STRINGS + ["true", "null", "false"] + self.variables)
        if choice < 0.45:
            return "[" + ", ".join(self.value(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        if choice < 0.55:
            return "{" + ", ".join(f"k{i}: {self.value(depth + 1)}" for i in range(rng.randint(0, 3))) + "}"
        if choice < 0.75:
            op = rng.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "??"])
            return f"({self.value(depth + 1)} {op} {self.value(depth + 1)})"
        if choice < 0.8:
            return rng.choice(["-", "!"]) + self.value(depth + 1)
        if choice < 0.92:
            name, arity = rng.choice(self.BUILTINS)
            return f"{name}(" + ", ".join(self.value(depth + 1) for _ in range(arity)) + ")"
        path = rng.choice([".k0", "[0]", "[-1]", "..k1", "[*]", "[?@ > 1]", '["a b"]', "[1:3]"])
        return rng.choice(self.variables) + path

    def block(self, depth):
        return "{ " + "; ".join(self.statement(depth + 1) for _ in range(self.rng.randint(1, 3))) + " }"

    def statement(self, depth=0):
        rng = self.rng
        choice = rng.random()
        if depth > 2 or choice < 0.3:
            variable = rng.choice(self.variables + ["$c"])
            if variable not in self.variables:
                self.variables.append(variable)
            return f"{variable} = {self.value()}"
        if choice < 0.4:
            return f"echo {self.value()}"
        if choice < 0.5:
            return f"if {self.value()} {self.block(depth)} else {self.block(depth)}"
        if choice < 0.62:
            parallel = rng.choice(["", "", "--parallel 3 "])
            body = self.block(depth)
            if rng.random() < 0.3:
                body = body[:-1] + rng.choice(["; break }", "; continue }", "; if $i == 2 { break } }"])
            return f"for {parallel}$i in {rng.choice(['range(0, 20)', '[1, 2, 3]', '{x: 1}', self.value()])} {body}"
        if choice < 0.68:
            return f"$n = 0; while $n < 5 {{ $n = $n + 1; {self.statement(depth + 1)} }}"
        if choice < 0.8:
            return f"try {self.block(depth)} catch $e {{ echo $e.message }}"
        if choice < 0.88:
            return f"fn f{depth}($x) {{ return {self.value()} }}; echo (f{depth}({self.value()}))"
        if choice < 0.9:
            return f"exit {rng.randint(0, 3)}"
        return self.value()

    def program(self):
        self.variables = ["$a", "$b"]
        return "$a = [1, {k0: 2, k1: [3]}]; $b = {k0: \"x\", k1: 2}; " + "; ".join(
            self.statement() for _ in range(self.rng.randint(1, 6)))
