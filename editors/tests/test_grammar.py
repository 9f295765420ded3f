"""The TextMate grammar (editors/tshell.tmLanguage.json) on a real tokenizer: textmate-grammar-python,
a port of vscode-textmate on Oniguruma. Every example and golden script tokenizes, and fixed
snippets get the scopes an editor colours them by."""
import json
import logging
import sys

import pytest
from textmate_grammar.parsers.base import LanguageParser

from conftest import ROOT

sys.path.insert(0, str(ROOT / "editors"))

logging.getLogger("textmate_grammar").setLevel(logging.CRITICAL)
# The tokenizer recurses once per open bracket; the golden scripts nest 250 deep.
sys.setrecursionlimit(20000)
GRAMMAR = LanguageParser(json.loads((ROOT / "editors" / "tshell.tmLanguage.json").read_text()))


def tokens(text):
    """(token text, its innermost scope) for every token of `text`."""
    element = GRAMMAR.parse_string(text + "\n")
    assert element is not None, "the grammar did not tokenize %r" % text
    return [(token, scopes[-1]) for (_, token, scopes) in element.flatten()]


def scope_of(text, token):
    """The innermost scope of the first token `token` in `text`."""
    for found, scope in tokens(text):
        if found.strip() == token:
            return scope
    raise AssertionError("no token %r in %r: %r" % (token, text, tokens(text)))


SCRIPTS = sorted(
    str(path.relative_to(ROOT))
    for folder in ("examples", "Tests/Golden", "Tests/Formatting")
    for path in (ROOT / folder).rglob("*.tmp")
)


def test_there_are_scripts_to_tokenize():
    assert len(SCRIPTS) >= 250


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_tokenizes(script):
    text = (ROOT / script).read_text(encoding="utf-8", errors="replace")
    element = GRAMMAR.parse_string(text)
    assert element is not None
    # The tokens cover the text: nothing is lost between them.
    assert "".join(token for (_, token, _) in element.flatten()).replace("\n", "") == text.replace("\n", "")


SNIPPETS = [
    # Interpolation inside strings: variables and ${…} code, the rest string.
    ('echo "key $name made"', "$name", "variable.other.tshell"),
    ('echo "key $name made"', "made", "string.quoted.double.tshell"),
    ('echo "${length($keys) + 1} keys"', "length", "support.function.tshell"),
    ('echo "${length($keys) + 1} keys"', "${", "punctuation.section.interpolation.begin.tshell"),
    ('echo "${e.message}"', "e", "variable.other.tshell"),
    ('echo "a \\"b\\" \\$c"', '\\"', "constant.character.escape.tshell"),
    ("echo 'raw $x ${y}'", "raw $x ${y}", "string.quoted.single.tshell"),
    # Paths after variables, `@` and filters.
    ("$keys[0].name", "$keys", "variable.other.tshell"),
    ("$keys[0].name", "[0].name", "variable.other.member.tshell"),
    ("$r = $keys[?@.type == 'rsa'].name", "@", "variable.language.current.tshell"),
    ("$r = $keys[?@.type == 'rsa'].name", ".name", "variable.other.member.tshell"),
    ("$r = $keys[?@.type == 'rsa'].name", "[?", "punctuation.section.filter.begin.tshell"),
    ("$ | length()", "$", "variable.other.tshell"),
    # Comments, and `#` inside strings.
    ("echo 1 # the count", "# the count", "comment.line.number-sign.tshell"),
    ('echo "#not a comment"', "#not a comment", "string.quoted.double.tshell"),
    ("echo '# raw'", "# raw", "string.quoted.single.tshell"),
    # Keywords, against command words.
    ("if $n > 1 { echo big }", "if", "keyword.control.tshell"),
    ("for $k in $keys { key export $k }", "in", "keyword.control.tshell"),
    ("for $k in $keys { key export $k }", "key export", "entity.name.function.command.tshell"),
    ("try { login ann } catch $e { exit 1 }", "catch", "keyword.control.tshell"),
    ("try { login ann } catch $e { exit 1 }", "login", "entity.name.function.command.tshell"),
    ("key list | length()", "key list", "entity.name.function.command.tshell"),
    ("register ann ann@example.com", "register", "entity.name.function.command.tshell"),
    ("echo if-else", "if-else", "source.tshell"),
    ("$ok = true", "true", "constant.language.tshell"),
    # Functions, flags, numbers, operators.
    ("fn double($x) { return $x * 2 }", "double", "entity.name.function.tshell"),
    ("fn double($x) { return $x * 2 }", "return", "keyword.control.tshell"),
    ("key new k1 --type rsa --bits=2048", "--type", "constant.other.option.tshell"),
    ("key new k1 --type rsa --bits=2048", "--bits", "constant.other.option.tshell"),
    ("$x = -1.5e3", "-1.5e3", "constant.numeric.tshell"),
    ("key new batch-1", "batch-1", "source.tshell"),
    ("$x = $a ?? 0", "??", "keyword.operator.logical.tshell"),
    ("$x = $a >= 0 && $b != 1", ">=", "keyword.operator.comparison.tshell"),
    ("$x = $a + 1", "=", "keyword.operator.assignment.tshell"),
    ("$x = $a + 1", "+", "keyword.operator.arithmetic.tshell"),
    ("key list | length()", "|", "keyword.operator.pipe.tshell"),
]


@pytest.mark.parametrize("text,token,scope", SNIPPETS)
def test_snippet_scopes(text, token, scope):
    assert scope_of(text, token) == scope


def test_the_vscode_extension_folder_is_complete():
    folder = ROOT / "editors" / "vscode"
    package = json.loads((folder / "package.json").read_text())
    [grammar] = package["contributes"]["grammars"]
    assert (folder / grammar["path"]).read_text() == (ROOT / "editors" / "tshell.tmLanguage.json").read_text()
    [language] = package["contributes"]["languages"]
    assert language["extensions"] == [".tmp"]
    configuration = json.loads((folder / language["configuration"]).read_text())
    assert configuration["comments"]["lineComment"] == "#"
    assert (folder / package["main"]).exists()
    assert "vscode-languageclient" in package["dependencies"]


def test_the_rendered_example_in_the_docs_is_current():
    import render

    page = (ROOT / "docs" / "editors-example.html").read_text()
    assert page == render.render("examples/keygen.tmp"), "run: editors/render.py examples/keygen.tmp > docs/editors-example.html"
