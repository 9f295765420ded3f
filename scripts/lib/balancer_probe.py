"""`scripts/reliability --long --database URL`: two PostgreSQL replicas behind a real HAProxy
(health checks on /health), a steady mixed load through it; one replica is drained (SIGTERM) and
restarted, then the other is killed (SIGKILL) and restarted. Reports the errors clients saw in
each phase (the drain must cause none), the acknowledged key creations lost (none), and the
replicas' request counters scraped from their metrics listeners."""
import json, os, re, shutil, signal, socket, subprocess, tempfile, threading, time, urllib.request
from urllib.parse import urlencode


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Replica:
    def __init__(self, binary, directory, port, arguments):
        self.binary, self.directory, self.port, self.arguments = binary, directory, port, arguments
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port), "--metrics-port", "0", "--data-dir", self.directory,
             "--quiet", *self.arguments], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.process.stdout.readline()
        self.metrics = self.process.stdout.readline().split("metrics on ")[1].strip()

    def requests_total(self):
        text = urllib.request.urlopen(self.metrics, timeout=10).read().decode()
        return sum(float(value) for value in re.findall(r"^tshell_http_requests_total\{[^}]*\} (\S+)$", text, re.M))


def run(binary, work, database, seconds, check):
    if not shutil.which("haproxy"):
        print("== balancer: skipped (haproxy is not installed)")
        return None
    print(f"== {seconds} s mixed load through HAProxy over two PostgreSQL replicas: drain one, kill one")
    # A database of its own: the one given already holds the mixed load's accounts, under its key.
    name = f"tshell_balancer_{os.getpid()}"
    created = subprocess.run(["psql", database, "-c", f"CREATE DATABASE {name}"], capture_output=True, text=True)
    if created.returncode != 0:
        print("  skipped: cannot create a database for it with psql: " + created.stderr.strip())
        return None
    database = database.rsplit("/", 1)[0] + "/" + name
    key_file = os.path.join(work, "balancer-kek")
    jwt_file = os.path.join(work, "balancer-jwt")
    with open(key_file, "wb") as handle:
        handle.write(os.urandom(32))
    with open(jwt_file, "wb") as handle:
        handle.write(os.urandom(48))
    shared = ["--database", database, "--key-encryption-key-file", key_file]
    users = [f"lb{os.getpid()}x{index}" for index in range(8)]
    for user in users:
        subprocess.run([binary, "admin", "add-user", user, f"{user}@example.com", "--password-stdin", "--verified",
                        "--tier", "partner", "--data-dir", os.path.join(work, "balancer-admin"), *shared],
                       input="a long password\n", capture_output=True, text=True, check=True)
    arguments = shared + ["--jwt-secret-file", jwt_file, "--rate-limit", "0", "--drain-timeout", "10",
                          "--trusted-proxy", "127.0.0.1"]
    replicas = [Replica(binary, os.path.join(work, f"balancer-{name}"), free_port(), arguments) for name in "ab"]
    front = free_port()
    config = os.path.join(work, "haproxy.cfg")
    with open(config, "w") as handle:
        handle.write(
            "defaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\n"
            "  retries 3\n  option redispatch\n  retry-on conn-failure empty-response response-timeout\n"
            f"frontend api\n  bind 127.0.0.1:{front}\n  default_backend tshell\n"
            "backend tshell\n  option forwardfor\n  option httpchk GET /health\n  http-check expect status 200\n"
            "  default-server inter 500ms fall 2 rise 2\n"
            + "".join(f"  server {name} 127.0.0.1:{replica.port} check\n" for name, replica in zip("ab", replicas)))
    balancer = subprocess.Popen(["haproxy", "-f", config, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{front}"
    phase = ["steady"]
    errors = {"steady": [], "drain": [], "kill": []}
    made = {user: 0 for user in users}
    counted = [0]
    lock = threading.Lock()
    end = time.time() + seconds

    def call(method, path, body=None, headers=None):
        request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError as error:
            return str(error), b""

    def client(user):
        login = json.dumps({"username": user, "password": "a long password"}).encode()
        token, step = None, 0
        while time.time() < end:
            step += 1
            current = phase[0]
            if token is None or step % 25 == 0:
                status, body = call("POST", "/v2/auth/login", login)
                if status == 200:
                    token = json.loads(body)["token"]
            elif step % 10 == 0 and made[user] < 190:  # the partner tier's limit is 200 keys
                with lock:
                    name = f"k{made[user]}-{step}"
                status, _ = call("POST", "/v2/account/key/ipfs/new", urlencode(
                    [("key_type", "ed25519"), ("key_bits", "256"), ("key_name", name)]).encode(),
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/x-www-form-urlencoded"})
                if status == 200:
                    with lock:
                        made[user] += 1
            else:
                status, _ = call("GET", "/v2/account/usage", headers={"Authorization": f"Bearer {token}"})
            with lock:
                counted[0] += 1
                if status != 200:
                    errors[current].append(status)

    def until_up(deadline=30):
        stop = time.time() + deadline
        while time.time() < stop:
            if call("GET", "/health")[0] == 200:
                return
            time.sleep(0.2)

    until_up()
    before = [replica.requests_total() for replica in replicas]
    threads = [threading.Thread(target=client, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    try:
        time.sleep(seconds * 0.2)
        phase[0] = "drain"
        replicas[0].process.send_signal(signal.SIGTERM)
        replicas[0].process.wait(timeout=30)
        drained = replicas[0].process.returncode
        replicas[0].start()
        time.sleep(3)  # rise 2 at inter 500ms: back in the balancer
        phase[0] = "steady"
        time.sleep(seconds * 0.2)
        phase[0] = "kill"
        replicas[1].process.kill()
        replicas[1].process.wait()
        time.sleep(3)
        replicas[1].start()
        phase[0] = "steady"
    finally:
        for thread in threads:
            thread.join()
    after = [replica.requests_total() for replica in replicas]
    lost = 0
    for user in users:
        status, body = call("POST", "/v2/auth/login", json.dumps({"username": user, "password": "a long password"}).encode())
        token = json.loads(body)["token"]
        status, body = call("GET", "/v2/account/key/ipfs/get", headers={"Authorization": f"Bearer {token}"})
        stored = len(json.loads(body)["response"]["key_names"]) if status == 200 else 0
        lost += max(0, made[user] - stored)
    balancer.terminate()
    balancer.wait()
    for replica in replicas:
        replica.process.terminate()
        replica.process.wait(timeout=30)
    line = (f"HAProxy, two replicas: {counted[0]} requests in {seconds} s; drain (SIGTERM, exit {drained}): "
            f"{len(errors['drain'])} client errors; kill -9: {len(errors['kill'])} client errors; other times: "
            f"{len(errors['steady'])}; {sum(made.values())} acknowledged key creations, {lost} lost; requests counted "
            f"by the replicas' metrics since the scrape before: {sum(after) - sum(before):.0f} (restarted replicas "
            "count from zero)")
    print("  " + line)
    check(drained == 0, f"the drained replica exited {drained}")
    check(not errors["drain"], f"errors during the drain: {errors['drain'][:5]}")
    check(not errors["steady"], f"errors outside the drain and the kill: {errors['steady'][:5]}")
    check(lost == 0, f"{lost} acknowledged key creations lost")
    check(len(errors["kill"]) <= counted[0] * 0.05, f"too many errors during the kill: {len(errors['kill'])}")
    return line
