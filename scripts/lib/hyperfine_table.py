#!/usr/bin/env python3
"""Prints a hyperfine JSON export as one Markdown table row per command, with each command's mean
and its ratio to the first command (how many times slower than it the command is).

usage: hyperfine_table.py EXPORT.json LABEL [LABEL…] [--versus N…]
  One label per command, in order. Each --versus N (1-based) adds a column with every command's
  mean divided by command N's (below 1: faster than it).
"""
import json
import sys


def duration(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def main():
    arguments = sys.argv[2:]
    versus = []
    while "--versus" in arguments:
        at = arguments.index("--versus")
        versus.append(int(arguments[at + 1]) - 1)
        del arguments[at : at + 2]
    results = json.load(open(sys.argv[1]))["results"]
    base = results[0]["mean"]
    for label, result in zip(arguments, results):
        cells = [label, f"{duration(result['mean'])} ± {duration(result['stddev'])}", f"{result['mean'] / base:.2f}x"]
        cells += [f"{result['mean'] / results[other]['mean']:.2f}x" for other in versus]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
