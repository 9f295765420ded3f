#!/usr/bin/env python3
"""Measures the playground with N visitors at once (docs/playground.md): the time from a
visitor's connection to the prompt, the round trip of a typed statement to its answer, and the
memory of each session's process (with its embedded server, an account and a key) and of the
playground itself.

    scripts/lib/playground_probe.py [--binary PATH] [--sessions N] [--rounds N]
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time

import websocket

PROMPT = b"embedded\x1b[0m> "


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        found += [int(child) for child in open(f"/proc/{pid}/task/{task}/children").read().split()]
    return found


class Visitor:
    def __init__(self, url):
        started = time.monotonic()
        self.socket = websocket.create_connection(url.replace("http://", "ws://") + "/ws", timeout=120)
        self.received = b""
        self.until(PROMPT)
        self.to_prompt = time.monotonic() - started

    def until(self, marker):
        while marker not in self.received:
            opcode, data = self.socket.recv_data()
            if opcode == 8:
                raise RuntimeError("closed: " + self.received[-300:].decode(errors="replace"))
            self.received += data
        self.received = self.received[self.received.index(marker) + len(marker):]

    def run(self, line):
        started = time.monotonic()
        self.socket.send_binary((line + "\r").encode())
        self.until(PROMPT)
        return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/tshell")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tshell-probe-")
    server = subprocess.Popen(
        [options.binary, "playground", "--port", "0", "--max-sessions", str(options.sessions)],
        stdout=subprocess.PIPE, env=dict(os.environ, TMPDIR=folder), text=True)
    url = server.stdout.readline().split()[-1]
    idle_server = rss_kib(server.pid)
    visitors, latencies, errors = [None] * options.sessions, [], []
    lock = threading.Lock()

    def visit(index):
        try:
            visitor = Visitor(url)
            visitors[index] = visitor
            name = f"user{index}"
            for line in (f"register {name} {name}@example.com --password-env DEMO_PW | $.UserName", "verify",
                         f"login {name} --password-env DEMO_PW | $.expire", "key new laptop | $.name"):
                visitor.run(line)
            times = [visitor.run(f"{index} * {round}") for round in range(options.rounds)]
            with lock:
                latencies.extend(times)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(f"visitor {index}: {error}")

    started = time.monotonic()
    threads = [threading.Thread(target=visit, args=(index,)) for index in range(options.sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    sessions = [rss_kib(child) for child in children(server.pid)]
    busy_server = rss_kib(server.pid)
    server.terminate()
    server.wait()
    prompts = [visitor.to_prompt for visitor in visitors if visitor]
    latencies.sort()
    print(f"{options.sessions} sessions at once ({options.binary}), {elapsed:.1f} s in all; errors: {len(errors)}")
    for error in errors:
        print("  " + error)
    print(f"connection to prompt: median {statistics.median(prompts) * 1000:.0f} ms, max {max(prompts) * 1000:.0f} ms")
    print(f"statement round trip ({len(latencies)}): median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"session process (embedded server, an account, a key): median {statistics.median(sessions) / 1024:.1f} MiB, "
          f"max {max(sessions) / 1024:.1f} MiB resident")
    print(f"playground process: {idle_server / 1024:.1f} MiB idle, {busy_server / 1024:.1f} MiB with the sessions")


if __name__ == "__main__":
    main()
