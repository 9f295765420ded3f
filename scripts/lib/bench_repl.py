"""Start-to-prompt time of interactive shells on a pseudo-terminal: spawn, then wait until the
prompt is on the screen. Prints a Markdown table (median of the rounds, and the ratio to tshell).

usage: bench_repl.py ROUNDS NAME=PROMPT=COMMAND... (COMMAND split on spaces; env from os.environ)
"""
import os
import pty
import select
import statistics
import sys
import time


def start_to_prompt(argv, prompt):
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    try:
        while prompt not in seen:
            ready, _, _ = select.select([fd], [], [], 5)
            if not ready:
                raise RuntimeError(f"no prompt from {argv}: {seen!r}")
            seen += os.read(fd, 4096)
        return time.perf_counter() - started
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    rounds = int(sys.argv[1])
    tools = [spec.split("=", 2) for spec in sys.argv[2:]]
    times = {name: [] for name, _, _ in tools}
    for _ in range(rounds):
        # Alternate the tools within each round, so a noisy moment hurts all alike.
        for name, prompt, command in tools:
            times[name].append(start_to_prompt(command.split(" "), prompt.encode()))
    first = statistics.median(times[tools[0][0]])
    print("| shell | start to prompt (median) | min | vs first row |")
    print("|---|---:|---:|---:|")
    for name, _, _ in tools:
        median = statistics.median(times[name])
        print(f"| {name} | {median * 1000:.1f} ms | {min(times[name]) * 1000:.1f} ms | {median / first:.2f}x |")


if __name__ == "__main__":
    main()
