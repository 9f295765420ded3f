#!/usr/bin/env python3
"""Renders a tshell script as HTML with the TextMate grammar's scopes coloured, the way an editor
shows it (docs/editors-example.html is examples/keygen.tmp rendered so).

Usage: editors/render.py SCRIPT > page.html
"""
import html
import json
import logging
import pathlib
import sys

from textmate_grammar.parsers.base import LanguageParser

ROOT = pathlib.Path(__file__).resolve().parents[1]
logging.getLogger("textmate_grammar").setLevel(logging.CRITICAL)
sys.setrecursionlimit(20000)

# A light theme: the first matching scope prefix decides a token's colour.
COLOURS = [
    ("comment", "#6a737d; font-style: italic"),
    ("constant.character.escape", "#005cc5"),
    ("punctuation.section.interpolation", "#d73a49"),
    ("source.tshell.embedded", None),
    ("string", "#032f62"),
    ("keyword.control", "#d73a49; font-weight: bold"),
    ("keyword.operator", "#d73a49"),
    ("entity.name.function.command", "#6f42c1; font-weight: bold"),
    ("entity.name.function", "#6f42c1"),
    ("support.function", "#005cc5"),
    ("variable.other.member", "#e36209"),
    ("variable", "#e36209"),
    ("constant.other.option", "#22863a"),
    ("constant", "#005cc5"),
]


def colour(scopes):
    for scope in reversed(scopes):
        for prefix, style in COLOURS:
            if scope.startswith(prefix) and style:
                return style
    return None


def render(path):
    text = pathlib.Path(path).read_text()
    grammar = LanguageParser(json.loads((ROOT / "editors" / "tshell.tmLanguage.json").read_text()))
    lines = [[] for _ in text.split("\n")]
    for (line, _), token, scopes in grammar.parse_string(text).flatten():
        style = colour(scopes)
        escaped = html.escape(token)
        lines[line].append('<span style="color: %s">%s</span>' % (style, escaped) if style else escaped)
    body = "\n".join("".join(parts) for parts in lines).rstrip("\n")
    name = html.escape(str(pathlib.Path(path)))
    return (
        "<!doctype html>\n<meta charset=\"utf-8\">\n<title>%s, as an editor colours it</title>\n"
        "<pre style=\"font: 13px/1.45 ui-monospace, monospace; background: #fafbfc; padding: 1em\">\n%s\n</pre>\n"
        % (name, body)
    )


if __name__ == "__main__":
    sys.stdout.write(render(sys.argv[1]))
