#!/usr/bin/env python3
"""`scripts/bench durability`: what syncing every commit costs `tshell serve`, for docs/benchmarks.md.

Usage: bench_durability.py [--rounds N] LABEL=TSHELL [LABEL=TSHELL ...]

Each round starts every binary's server in turn (a fresh data directory on the same disk), makes a
paid account, then times 100 sequential key creations (ed25519, one commit each) and 50 sequential
registrations (bcrypt cost 4, one commit and one mail file each). Prints the medians over the
rounds, so an older binary (one whose commits were not synced) can be compared with this build.
"""
import json, os, re, statistics, subprocess, sys, tempfile, time, http.client
from urllib.parse import urlencode


def launch(binary, data):
    args = [binary, "serve", "--port", "0", "--data-dir", data, "--quiet", "--rate-limit", "0", "--bcrypt-cost", "4"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    return process, int(re.search(r":(\d+)", line.split("http://")[1]).group(1))


def call(connection, method, path, fields=None, token=None, body=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    if fields is not None:
        body = urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def register(connection, name):
    return call(connection, "POST", "/v2/auth/register",
                [("username", name), ("password", "pw-" + name), ("email_address", name + "@example.com")])


def paid_account(connection, data, name):
    register(connection, name)
    mail = os.path.join(data, "mail")
    for file in sorted(os.listdir(mail)):
        found = re.search(r"(/v2/account/email/verify/%s/[^\"<]+)" % name, json.load(open(os.path.join(mail, file)))["content"])
        if found:
            call(connection, "GET", found.group(1))
    _, answer = call(connection, "POST", "/v2/auth/login", body=json.dumps({"username": name, "password": "pw-" + name}))
    token = json.loads(answer)["token"]
    call(connection, "POST", "/v2/account/upgrade", token=token)
    return token


def one_round(binary):
    with tempfile.TemporaryDirectory(dir=os.environ.get("TSHELL_BENCH_DIR", "/var/tmp")) as data:
        process, port = launch(binary, data)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            token = paid_account(connection, data, "kim")
            start = time.monotonic()
            for index in range(100):
                status, _ = call(connection, "POST", "/v2/account/key/ipfs/new", token=token,
                                 fields=[("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k%d" % index)])
                assert status == 200, status
            keys = time.monotonic() - start
            start = time.monotonic()
            for index in range(50):
                status, _ = register(connection, "user%d" % index)
                assert status == 200, status
            registrations = time.monotonic() - start
            return keys * 1000, registrations * 1000
        finally:
            process.terminate()
            process.wait()


def main():
    arguments = sys.argv[1:]
    rounds = 5
    if arguments[:1] == ["--rounds"]:
        rounds, arguments = int(arguments[1]), arguments[2:]
    binaries = [argument.split("=", 1) for argument in arguments]
    results = {label: [] for label, _ in binaries}
    for _ in range(rounds):
        for label, binary in binaries:
            results[label].append(one_round(binary))
    print("| build | 100 key creations | 50 registrations |")
    print("|---|---|---|")
    for label, _ in binaries:
        keys = statistics.median(result[0] for result in results[label])
        registrations = statistics.median(result[1] for result in results[label])
        print("| %s | %.0f ms | %.0f ms |" % (label, keys, registrations))


main()
