#!/usr/bin/env python3
"""What each module and library adds to the release binary, from the linker's map: the bytes of
the sections kept from each input (code, read-only data, data; debug and symbol sections aside),
summed by tshell module, Swift package target, toolchain library or system library. Prints a
Markdown table, largest first.

    scripts/lib/binary_sizes.py MAP-FILE [--top N]

The map comes from relinking the release binary with `-Xlinker -Map=FILE` (scripts/bench size).
"""
import argparse
import collections
import os
import re

KEPT = (".text", ".rodata", ".data", ".eh_frame", ".gcc_except_table", ".init_array", ".tbss", ".tdata",
        ".bss", "__swift", "swift5_", ".lrodata", ".ldata")


def kept(section):
    """Whether a section is code or data the binary carries (not debug info or symbols)."""
    return any(section.startswith(prefix) or prefix in section for prefix in KEPT)


def owner(path):
    """The module, package target or library an input file belongs to."""
    if path == "<internal>":
        return "(sections the linker makes: unwind tables, their index)"
    match = re.search(r"/([A-Za-z0-9_]+)\.build/", path)
    if match:
        return match.group(1)
    match = re.search(r"lib([A-Za-z0-9_+]+)\.a\(", path) or re.search(r"lib([A-Za-z0-9_+]+)\.a$", path)
    if match:
        return "lib" + match.group(1)
    return os.path.basename(path.split("(")[0]) or path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("map")
    parser.add_argument("--top", type=int, default=30)
    options = parser.parse_args()
    sizes = collections.Counter()
    section = None
    pending = None
    with open(options.map, errors="replace") as lines:
        for line in lines:
            # lld: "VMA LMA size align" in hex, then the input as path:(section).
            match = re.match(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+(\S.*):\(([^)]+)\)$", line)
            if match:
                size, path, name = int(match.group(1), 16), match.group(2), match.group(3)
                if size and kept(name):
                    sizes[owner(path)] += size
                continue
            # GNU ld and gold: an input section line holds its name, address, size and file.
            match = re.match(r"^\s*(\.[A-Za-z0-9_.$]+|__swift[A-Za-z0-9_]*|swift5_[a-z_]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+.*)$", line)
            if match:
                name = match.group(1) or pending
                pending = None
                size = int(match.group(3), 16)
                path = match.group(4).strip()
                if name and size and ("/" in path or path.endswith(".o") or ".a(" in path):
                    if kept(name):
                        sizes[owner(path)] += size
                continue
            lone = re.match(r"^\s*(\.[A-Za-z0-9_.$]+|__swift[A-Za-z0-9_]*|swift5_[a-z_]+)\s*$", line)
            pending = lone.group(1) if lone else None
    total = sum(sizes.values())
    print("| module or library | bytes | share |")
    print("|---|---:|---:|")
    for name, size in sizes.most_common(options.top):
        print(f"| `{name}` | {size:,} | {size * 100 / total:.1f}% |")
    rest = total - sum(size for _, size in sizes.most_common(options.top))
    if rest:
        print(f"| the other {len(sizes) - options.top} | {rest:,} | {rest * 100 / total:.1f}% |")
    print(f"| **all** | **{total:,}** | |")


if __name__ == "__main__":
    main()
