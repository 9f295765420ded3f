#!/usr/bin/env python3
"""A real Prometheus scrapes `tshell serve --metrics-port`: its query API must return the request
counter and the latency histogram of a route that was called; `promtool check metrics` must accept
the exposition and `promtool check rules` the alert rules of packaging/prometheus.

Usage: check_prometheus.py TSHELL
"""
import json, os, pathlib, re, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
binary = sys.argv[1]


def get(url, data=None):
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as response:
        return response.read().decode()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fail(message):
    print("prometheus check: " + message, file=sys.stderr)
    sys.exit(1)


with tempfile.TemporaryDirectory() as work:
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--metrics-port", "0", "--data-dir", work + "/data", "--quiet", "--bcrypt-cost", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    prometheus = None
    try:
        api = server.stdout.readline().split("listening on ")[1].strip()
        metrics = server.stdout.readline().split("metrics on ")[1].strip()
        for _ in range(3):
            get(api + "/hello")
        try:
            get(api + "/v2/auth/login", data=b'{"username":"nobody","password":"x"}')
        except urllib.error.HTTPError as error:
            assert error.code == 401, error.code
        exposition = get(metrics)
        checked = subprocess.run(["promtool", "check", "metrics"], input=exposition, capture_output=True, text=True)
        if checked.returncode != 0:
            fail("promtool check metrics refuses the exposition:\n" + checked.stdout + checked.stderr)
        rules = subprocess.run(
            ["promtool", "check", "rules", str(ROOT / "packaging" / "prometheus" / "tshell-alerts.yml")],
            capture_output=True, text=True)
        if rules.returncode != 0:
            fail("promtool check rules refuses the alert rules:\n" + rules.stdout + rules.stderr)

        target = urllib.parse.urlparse(metrics).netloc
        port = free_port()
        config = pathlib.Path(work, "prometheus.yml")
        config.write_text(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: tshell\n    static_configs:\n"
            "      - targets: ['%s']\n" % target)
        prometheus = subprocess.Popen(
            ["prometheus", "--config.file", str(config), "--storage.tsdb.path", work + "/tsdb",
             "--web.listen-address", "127.0.0.1:%d" % port],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        query = "http://127.0.0.1:%d/api/v1/query?query=" % port
        wanted = {
            "requests": 'tshell_http_requests_total{endpoint="/hello",method="GET",status="200"}',
            "histogram": 'tshell_http_request_duration_seconds_count{endpoint="/hello"}',
            "refused logins": "tshell_logins_refused_total",
        }
        found = {}
        deadline = time.monotonic() + 90
        while len(found) < len(wanted) and time.monotonic() < deadline:
            for name, expression in wanted.items():
                try:
                    answer = json.loads(get(query + urllib.parse.quote(expression)))
                except OSError:
                    continue
                results = answer.get("data", {}).get("result", [])
                if results:
                    found[name] = float(results[0]["value"][1])
            time.sleep(0.5)
        if found != {"requests": 3.0, "histogram": 3.0, "refused logins": 1.0}:
            fail("Prometheus's query API answered %r" % found)
        print("prometheus %s scraped tshell serve: 3 requests of /hello counted, their latency histogram, 1 refused "
              "login; promtool accepts the exposition and the %d alert rules"
              % (re.search(r"version (\S+)", subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stdout
                           + subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stderr).group(1),
                 len(re.findall(r"- alert:", (ROOT / "packaging" / "prometheus" / "tshell-alerts.yml").read_text()))))
    finally:
        for process in (prometheus, server):
            if process:
                process.terminate()
                process.wait(timeout=30)
