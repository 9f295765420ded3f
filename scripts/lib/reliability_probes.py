"""Server probes of scripts/reliability for what clients can hold and what reaches the disk:
clients that never read their replies, urlencoded floods, the modes files are born with under
umask 000, and the fsync calls behind each commit (with strace, when it is installed)."""
import os
import select
import shutil
import signal
import socket
import stat
import statistics
import subprocess
import threading
import time

POLLRDHUP = 0x2000


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def health_median_ms(server, count=20):
    times = []
    for _ in range(count):
        begin = time.time()
        status, _ = server.request("GET", "/health", timeout=30)
        times.append((time.time() - begin) * 1000 if status == 200 else 30_000)
    return statistics.median(times)


def wait_until(condition, seconds):
    """Polls `condition` until it holds or `seconds` pass (a bound, not a pause)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def slow_readers(Server, check, binary, work, scale):
    """Clients that pipeline requests and never read: memory stays flat, others are served,
    and every such connection is reset after --write-timeout."""
    count = 20 * scale // 2 if scale > 1 else 20
    server = Server(binary, os.path.join(work, "slow-readers"), "--write-timeout", "2", "--rate-limit", "0")
    idle_rss = rss_mb(server.process.pid)
    request = b"GET /v2/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"
    readers = []
    for index in range(count):
        connection = socket.create_connection(("127.0.0.1", server.port), source_address=(f"127.0.1.{index % 200 + 1}", 0))
        connection.setblocking(False)
        for _ in range(2000):
            try:
                connection.send(request)
            except BlockingIOError:
                break
        readers.append(connection)
    loaded_latency = health_median_ms(server)
    loaded_rss = rss_mb(server.process.pid)

    def all_ended():
        for connection in readers:
            poller = select.poll()
            poller.register(connection, POLLRDHUP | select.POLLHUP | select.POLLERR)
            if not poller.poll(0):
                return False
        return True

    ended = wait_until(all_ended, 30)
    after_rss = rss_mb(server.process.pid)
    for connection in readers:
        connection.close()
    server.stop()
    line = (f"{count} clients that never read: /health median {loaded_latency:.1f} ms meanwhile; server memory "
            f"{idle_rss:.0f} MB idle, {loaded_rss:.0f} MB with them, {after_rss:.0f} MB after; all reset: {ended}")
    print("  " + line)
    check(ended, "a client that never reads its replies was not closed within 30 s of a 2 s --write-timeout")
    check(loaded_latency < 1000, f"/health took {loaded_latency:.0f} ms (median) while clients did not read")
    # A few replies per such client at most (the debug build's are larger): a few MB each, not
    # the hundreds of replies a client could once make the server build.
    check((loaded_rss - idle_rss) / count < 5, f"server memory grew by {loaded_rss - idle_rss:.0f} MB with {count} clients that do not read")
    check(after_rss <= loaded_rss + 50, "server memory went on growing after the clients that do not read were reset")
    return line


def urlencoded_flood(Server, check, binary, work, scale):
    """Senders of 1 MB `f=v&` bodies get 413 before anything is decoded; /health stays fast."""
    server = Server(binary, os.path.join(work, "flood"), "--rate-limit", "0")
    body = b"f=v&" * (1_000_000 // 4)
    stop = threading.Event()
    statuses = []

    def sender():
        while not stop.is_set():
            status, _ = server.request("POST", "/v2/auth/register", body,
                                       {"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
            statuses.append(status)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(statuses) >= 4, 30)
    latency = health_median_ms(server, 20 * scale)
    stop.set()
    for thread in threads:
        thread.join()
    server.stop()
    refused = sum(1 for status in statuses if status == 413)
    line = f"4 senders of 1 MB urlencoded forms: {refused}/{len(statuses)} got 413; /health median {latency:.1f} ms meanwhile"
    print("  " + line)
    check(refused == len(statuses) and statuses, f"urlencoded floods were answered {sorted(set(statuses))}, not 413")
    check(latency < 200, f"/health took {latency:.0f} ms (median) during an urlencoded flood")
    return line


def file_modes(Server, check, binary, work):
    """Under umask 000 the data and mail folders are 0700 and every file in them 0600."""
    directory = os.path.join(work, "modes")
    previous = os.umask(0)
    try:
        server = Server(binary, directory)
    finally:
        os.umask(previous)
    server.request("POST", "/v2/auth/register", b"username=mo&password=pw&email_address=mo@x.io",
                   {"Content-Type": "application/x-www-form-urlencoded"})
    server.request("POST", "/v2/forgot/password", b"email_address=mo@x.io",
                   {"Content-Type": "application/x-www-form-urlencoded"})
    server.stop()
    wrong = []
    for folder, _, files in os.walk(directory):
        if stat.S_IMODE(os.stat(folder).st_mode) != 0o700:
            wrong.append(f"{folder} {oct(stat.S_IMODE(os.stat(folder).st_mode))}")
        for name in files:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            if mode != 0o600:
                wrong.append(f"{name} {oct(mode)}")
    line = f"files under umask 000: {'all folders 0700 and files 0600' if not wrong else ', '.join(wrong)}"
    print("  " + line)
    check(not wrong, f"files not born private: {wrong}")
    return line


def fsync_per_commit(Server, check, binary, work):
    """With synchronous = FULL each registration (one commit) syncs the write-ahead log."""
    if shutil.which("strace") is None:
        print("  fsync per commit: strace is not installed; skipped")
        return "skipped"
    server = Server(binary, os.path.join(work, "fsync"), "--rate-limit", "0")
    trace = os.path.join(work, "fsync.trace")
    # Attached to the running server: its start-up (migrations) is not counted.
    tracer = subprocess.Popen(
        ["strace", "-f", "-y", "-e", "trace=fsync,fdatasync", "-o", trace, "-p", str(server.process.pid)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    attached = tracer.stderr.readline()

    def synced():
        with open(trace) as lines:
            return sum(1 for line in lines if "temporal.sqlite" in line and " = 0" in line)

    commits = 3
    for index in range(commits):
        server.request("POST", "/v2/auth/register", f"username=fs{index}&password=pw&email_address=fs{index}@x.io".encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    enough = "attached" in attached and wait_until(lambda: synced() >= commits, 10)
    count = synced() if os.path.exists(trace) else 0
    tracer.send_signal(signal.SIGINT)
    tracer.wait(timeout=30)
    server.stop()
    line = f"fsync per commit: {count} fsync/fdatasync calls on temporal.sqlite* for {commits} registrations"
    print("  " + line)
    check(enough, f"only {count} syncs for {commits} commits: synchronous = FULL is not in force")
    return line


def release_package(check, binary, work):
    """The Debian package of `binary` (scripts/package deb): lintian reports nothing beyond the
    package's stated overrides."""
    if not shutil.which("lintian") or not shutil.which("dpkg-deb"):
        print("== the Debian package: skipped (lintian or dpkg-deb missing)")
        return
    print("== the Debian package of this binary (lintian)")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    made = subprocess.run([os.path.join(root, "scripts", "package"), "deb", "--binary", binary, "--out", work],
                          capture_output=True, text=True)
    check(made.returncode == 0, "scripts/package deb failed: " + made.stderr[-500:])
    if made.returncode != 0:
        return
    deb = made.stdout.strip().splitlines()[-1]
    report = subprocess.run(["lintian", "--tag-display-limit", "0", deb], capture_output=True, text=True).stdout
    problems = [line for line in report.splitlines() if line[:2] in ("E:", "W:")]
    print(f"  {os.path.basename(deb)}: lintian {'reports ' + str(len(problems)) + ' errors or warnings' if problems else 'reports no error or warning (overrides: statically-linked-binary, embedded-library)'}")
    check(not problems, "lintian: " + "; ".join(problems[:5]))
