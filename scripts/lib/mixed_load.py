"""`scripts/reliability --long`: a 60 s mixed load (logins, key creations, usage reads) from eight
clients, against one server on SQLite or two replicas over PostgreSQL."""
import json, os, subprocess, threading, time
from urllib.parse import urlencode


def form(fields):
    return urlencode(fields).encode()


def run(Server, check, binary, work, seconds, database=None):
    """Logins, key creations and usage reads from 8 clients for `seconds`; one server on SQLite,
    or two replicas over `database`. Returns a summary line."""
    label = "two PostgreSQL replicas" if database else "SQLite"
    print(f"== {seconds} s mixed load against {label}")
    shared = []
    if database:
        key_file = os.path.join(work, "kek-" + str(time.time()))
        jwt_file = key_file + "-jwt"
        with open(key_file, "wb") as handle:
            handle.write(os.urandom(32))
        with open(jwt_file, "wb") as handle:
            handle.write(os.urandom(48))
        shared = ["--database", database, "--key-encryption-key-file", key_file]
    directory = os.path.join(work, "mixed-" + ("pg" if database else "sqlite"))
    for index in range(8):
        subprocess.run([binary, "admin", "add-user", f"load{index}", f"load{index}@example.com", "--password-stdin",
                        "--verified", "--tier", "partner", "--data-dir", directory, *shared],
                       input="a long password\n", capture_output=True, text=True, check=True)
    extra = shared + (["--jwt-secret-file", jwt_file] if database else [])
    if database:
        servers = [Server(binary, directory + f"-{n}", "--rate-limit", "0", *extra) for n in range(2)]
    else:
        servers = [Server(binary, directory, "--rate-limit", "0")]
    latencies, errors, counts = [], [], {"login": 0, "key": 0, "usage": 0}
    lock = threading.Lock()
    end = time.time() + seconds

    def client(index):
        server = servers[index % len(servers)]
        login = json.dumps({"username": f"load{index}", "password": "a long password"}).encode()
        token, made, step = None, 0, 0
        while time.time() < end:
            step += 1
            kind = "login" if token is None or step % 20 == 0 else ("key" if step % 10 == 0 and made < 190 else "usage")
            begin = time.time()
            try:
                if kind == "login":
                    status, body = server.request("POST", "/v2/auth/login", login)
                    if status == 200:
                        token = json.loads(body)["token"]
                elif kind == "key":
                    status, _ = server.request("POST", "/v2/account/key/ipfs/new", form([
                        ("key_type", "ed25519"), ("key_bits", "256"), ("key_name", f"k{made}")]),
                        {"Authorization": f"Bearer {token}", "Content-Type": "application/x-www-form-urlencoded"})
                    made += status == 200
                else:
                    status, _ = server.request("GET", "/v2/account/usage", headers={"Authorization": f"Bearer {token}"})
            except Exception as error:
                status = str(error)
            with lock:
                latencies.append((time.time() - begin) * 1000)
                counts[kind] += 1
                if status != 200:
                    errors.append(f"{kind}: {status}")

    threads = [threading.Thread(target=client, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for server in servers:
        server.stop()
    latencies.sort()
    total = len(latencies)
    line = (f"{label}: {total} requests ({counts['login']} logins, {counts['key']} key creations, {counts['usage']} "
            f"usage reads) in {seconds} s, {total / seconds:.0f} requests/s, p50 {latencies[total // 2]:.1f} ms, "
            f"p99 {latencies[int(total * 0.99)]:.1f} ms, {len(errors)} errors")
    print("  " + line)
    check(not errors, f"mixed load against {label}: {errors[:5]}")
    return line
