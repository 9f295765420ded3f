#!/usr/bin/env python3
"""Checks that every module a target imports is declared in Package.swift as one of its
dependencies (a product, or another target), so that no target builds only because another one
happened to bring the module in. Exits 1 and names the target and the modules otherwise."""
import glob
import os
import re
import sys

SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch",
          "Synchronization", "Testing", "XCTest", "_Concurrency"}

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
package = open(os.path.join(root, "Package.swift")).read()
blocks = re.split(r"\n\s*\.(?=target\(|executableTarget\(|testTarget\(|systemLibrary\()", package)
problems = []
for block in blocks:
    match = re.match(r"(?:target|executableTarget|testTarget)\(\s*name:\s*\"([^\"]+)\"(.*)", block, re.S)
    if not match:
        continue
    name, body = match.groups()
    path = re.search(r"path:\s*\"([^\"]+)\"", body)
    folder = path.group(1) if path else ("Tests/" + name if name.endswith("Tests") else "Sources/" + name)
    declared = set(re.findall(r"\"([A-Za-z0-9_]+)\"", body)) | {name}
    imported = set()
    for file in glob.glob(os.path.join(root, folder, "**", "*.swift"), recursive=True):
        for line in open(file, encoding="utf-8"):
            found = re.match(r"\s*(?:@testable |@_exported )?import\s+(\w+)", line)
            if found:
                imported.add(found.group(1))
    missing = sorted(imported - declared - SYSTEM)
    if missing:
        problems.append(f"{name} imports {', '.join(missing)} without declaring it in Package.swift")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
