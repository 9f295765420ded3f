#!/usr/bin/env python3
"""`scripts/bench attacks`: what abusive clients cost `tshell serve`, for docs/reliability.md.

Usage: bench_attacks.py TSHELL [--label NAME] [--hardened]

Starts the server, then measures: login time for a known name with a wrong password against an
unknown name; /health latency while 15,000-part multipart bodies arrive; /health latency while
300 slow clients trickle their headers, and how many of them are still connected later; the
server's CPU and a new client's wait with idle connections at the open-file limit; sequential
key creations per second. --hardened passes the timeout flags (--idle-timeout 5), which an older
binary does not know.
"""
import json, os, re, resource, socket, statistics, subprocess, sys, tempfile, threading, time, http.client

binary = sys.argv[1]
label = sys.argv[sys.argv.index("--label") + 1] if "--label" in sys.argv else binary
hardened = "--hardened" in sys.argv


def launch(data, extra=(), nofile=None):
    def limit():
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    args = [binary, "serve", "--port", "0", "--data-dir", data, "--quiet", "--rate-limit", "0"] + list(extra)
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=limit)
    line = process.stdout.readline()
    port = int(re.search(r":(\d+)", line.split("http://")[1]).group(1))
    return process, port


def call(port, method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def form(fields):
    from urllib.parse import urlencode
    return urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"}


def onboard(port, data, name):
    body, headers = form([("username", name), ("password", "pw-" + name), ("email_address", name + "@example.com")])
    call(port, "POST", "/v2/auth/register", body, headers)
    mail = os.path.join(data, "mail")
    for file in sorted(os.listdir(mail), reverse=True):
        content = json.load(open(os.path.join(mail, file)))["content"]
        found = re.search(r"(/v2/account/email/verify/%s/[^\"<]+)" % name, content)
        if found:
            call(port, "GET", found.group(1))
            break
    status, answer = call(port, "POST", "/v2/auth/login", json.dumps({"username": name, "password": "pw-" + name}))
    return json.loads(answer)["token"]


def health_latencies(port, stop, results):
    while not stop.is_set():
        start = time.monotonic()
        try:
            call(port, "GET", "/health", timeout=60)
            results.append((time.monotonic() - start) * 1000)
        except Exception:
            results.append(60000.0)
        time.sleep(0.02)


def measure_health_during(port, attack):
    stop, results = threading.Event(), []
    watcher = threading.Thread(target=health_latencies, args=(port, stop, results))
    watcher.start()
    try:
        attack()
    finally:
        stop.set()
        watcher.join()
    return results


def ms(value):
    return "%.1f ms" % value


def main():
    rows = []
    extra = ["--idle-timeout", "5", "--request-timeout", "5"] if hardened else []
    with tempfile.TemporaryDirectory() as data:
        process, port = launch(data, extra)
        try:
            onboard(port, data, "ann")
            # Login: a known name with a wrong password against an unknown name.
            def login_time(name):
                times = []
                for _ in range(15):
                    start = time.monotonic()
                    call(port, "POST", "/v2/auth/login", json.dumps({"username": name, "password": "wrong"}))
                    times.append((time.monotonic() - start) * 1000)
                return statistics.median(times)
            known, unknown = login_time("ann"), login_time("nobody")
            rows.append(("login, known name, wrong password (median of 15)", ms(known)))
            rows.append(("login, unknown name (median of 15)", ms(unknown)))

            # Multipart: 15,000 tiny parts, five times in a row.
            parts = "".join('--B\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nx\r\n' % i for i in range(15000))
            body = parts + "--B--\r\n"
            multipart_times = []
            def sender():
                for _ in range(5):
                    start = time.monotonic()
                    call(port, "POST", "/v2/auth/register", body, {"Content-Type": "multipart/form-data; boundary=B"}, timeout=120)
                    multipart_times.append((time.monotonic() - start) * 1000)
            def multipart():
                # Two senders, one per event loop of a two-core machine.
                senders = [threading.Thread(target=sender) for _ in range(2)]
                for thread in senders:
                    thread.start()
                for thread in senders:
                    thread.join()
            latencies = measure_health_during(port, multipart)
            rows.append(("multipart body of 15,000 parts (%d KB), two senders: answer (median of 10)" % (len(body) // 1000), ms(statistics.median(multipart_times))))
            rows.append(("`/health` while they arrive: median / max", "%s / %s" % (ms(statistics.median(latencies)), ms(max(latencies)))))

            # Slow clients: 300 connections trickling header lines, one a second, for 12 s.
            sockets = []
            for _ in range(300):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                sockets.append(s)
            def trickle():
                for second in range(12):
                    for s in sockets:
                        try:
                            s.sendall(b"X-Slow-%d: a\r\n" % second)
                        except OSError:
                            pass
                    time.sleep(1)
            latencies = measure_health_during(port, trickle)
            open_count = 0
            for s in sockets:
                s.setblocking(False)
                try:
                    open_count += 0 if s.recv(1) == b"" else 1
                except BlockingIOError:
                    open_count += 1
                except OSError:
                    pass
                s.close()
            rows.append(("`/health` while 300 slow clients trickle headers: median / max", "%s / %s" % (ms(statistics.median(latencies)), ms(max(latencies)))))
            rows.append(("slow clients still connected after 12 s", "%d of 300" % open_count))

            # Writes: sequential key creations on a paid account (each commit synced to disk).
            token = onboard(port, data, "kim")
            call(port, "POST", "/v2/account/upgrade", headers={"Authorization": "Bearer " + token})
            start = time.monotonic()
            for index in range(100):
                body_text, headers = form([("key_type", "ed25519"), ("key_bits", "0"), ("key_name", "k%d" % index)])
                headers["Authorization"] = "Bearer " + token
                call(port, "POST", "/v2/account/key/ipfs/new", body_text, headers)
            elapsed = time.monotonic() - start
            rows.append(("100 sequential key creations", "%.0f ms (%.0f/s)" % (elapsed * 1000, 100 / elapsed)))
        finally:
            process.terminate()
            process.wait()

    # At the open-file limit: 1,100 idle connections against a limit of 1,024 descriptors.
    with tempfile.TemporaryDirectory() as data:
        process, port = launch(data, extra, nofile=1024)
        try:
            def cpu():
                fields = open("/proc/%d/stat" % process.pid).read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            idle = []
            for _ in range(1100):
                try:
                    idle.append(socket.create_connection(("127.0.0.1", port), timeout=2))
                except OSError:
                    break
            time.sleep(0.5)
            before = cpu()
            start = time.monotonic()
            try:
                call(port, "GET", "/health", timeout=15)
                waited = "answered after %.1f s" % (time.monotonic() - start)
            except Exception:
                waited = "no answer in %.0f s" % (time.monotonic() - start)
            used = cpu() - before
            rows.append(("1,100 idle connections, file limit 1,024: a new client", waited))
            rows.append(("server CPU meanwhile", "%.0f%% of a core" % (100 * used / max(time.monotonic() - start, 0.001))))
            for s in idle:
                s.close()
        finally:
            process.terminate()
            process.wait()

    print("| %s | |" % label)
    print("|---|---|")
    for name, value in rows:
        print("| %s | %s |" % (name, value))


main()
