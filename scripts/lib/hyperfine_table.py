#!/usr/bin/env python3
"""Prints a hyperfine JSON export as one Markdown table row per command, with each command's mean
and its ratio to the first command (how many times slower than it the command is).

usage: hyperfine_table.py EXPORT.json LABEL [LABEL…]   (one label per command, in order)
"""
import json
import sys


def duration(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def main():
    results = json.load(open(sys.argv[1]))["results"]
    labels = sys.argv[2:]
    base = results[0]["mean"]
    for label, result in zip(labels, results):
        ratio = result["mean"] / base
        print(f"| {label} | {duration(result['mean'])} ± {duration(result['stddev'])} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
