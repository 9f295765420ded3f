#!/usr/bin/env python3
"""Writes Sources/TShellPlayground/EmbeddedFiles.swift: the playground's page (Page/) and the
vendored xterm.js files (Vendor/), base64-encoded, so that the tshell binary alone serves them.
Run it after changing a file there; a test (PlaygroundAssetsTests) fails while it is stale."""
import base64
import os

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
module = os.path.join(root, "Sources", "TShellPlayground")
lines = [
    "// swift-format-ignore-file",
    "// Written by scripts/lib/embed_playground.py from Page/ and Vendor/; run it after changing them.",
    "",
    "/// The playground's files by their path under the module (`Page/index.html`), base64-encoded.",
    "enum EmbeddedFiles {",
    "  static let base64: [String: String] = [",
]
for folder in ("Page", "Vendor"):
    for name in sorted(os.listdir(os.path.join(module, folder))):
        with open(os.path.join(module, folder, name), "rb") as file:
            encoded = base64.b64encode(file.read()).decode("ascii")
        lines.append(f'    "{folder}/{name}": "{encoded}",')
lines += ["  ]", "}", ""]
with open(os.path.join(module, "EmbeddedFiles.swift"), "w") as output:
    output.write("\n".join(lines))
