#!/usr/bin/env python3
"""How long `tshell serve` takes to print `listening on`, with a data directory made by an earlier
start (the usual restart). Prints the median and the minimum over ROUNDS starts.

usage: bench_serve_start.py TSHELL ROUNDS
"""
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def start_once(tshell, data):
    began = time.perf_counter()
    server = subprocess.Popen(
        [tshell, "serve", "--port", "0", "--data-dir", data, "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    elapsed = time.perf_counter() - began
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=10)
    if not line.startswith("listening on"):
        sys.exit(f"tshell serve printed {line!r} instead of its address")
    return elapsed


def main():
    tshell, rounds = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "data")
        start_once(tshell, data)  # makes the database, the secret files and the outbox
        times = sorted(start_once(tshell, data) for _ in range(rounds))
    print("| command | start to `listening on` (median) | min |")
    print("|---|---:|---:|")
    print(f"| `tshell serve --port 0` | {statistics.median(times) * 1000:.1f} ms | {times[0] * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
