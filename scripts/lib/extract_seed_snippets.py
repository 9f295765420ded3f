#!/usr/bin/env python3
"""Extracts the JavaScript examples of the API documentation (the seed documents) into
Tests/Seeds/snippets.json: one entry per distinct snippet, with the document it came from.

usage: extract_seed_snippets.py SEEDS_DIR > Tests/Seeds/snippets.json
"""
import glob
import json
import os
import re
import sys


def snippets(text):
    found = re.findall(r"```javascript\n(.*?)```", text, re.S)
    if not found:
        # Documents rendered from HTML carry the code without fences: a snippet starts with a
        # handler definition or a bare request and ends after its `xhr.send(…);` or `fetch` chain.
        lines = text.split("\n")
        start = None
        for index, line in enumerate(lines):
            starts = re.match(r"^(handle\w+ = |handle\w+ => |let data = new FormData|let xhr = new XMLHttpRequest)", line)
            if starts and start is None:
                start = index
            if start is not None and re.match(r"^(};|    };|xhr\.send\(.*\);)$", line):
                found.append("\n".join(lines[start:index + 1]) + "\n")
                start = None
    return [s for s in found if "code here" not in s.lower()]


def main():
    seen = {}
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.txt"))):
        for snippet in snippets(open(path, encoding="utf-8").read()):
            key = re.sub(r"https://(dev\.)?api\.temporal\.cloud", "BASE", snippet).strip()
            seen.setdefault(key, {"source": os.path.basename(path), "code": snippet})
    json.dump(list(seen.values()), sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
