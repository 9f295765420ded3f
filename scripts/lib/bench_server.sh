#!/usr/bin/env bash
# `scripts/bench server`: wrk against an authenticated GET /v2/account/usage and against a
# hello-world route of the same server, side by side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${BENCH_DURATION:-5s}"
rounds=5
[ "${1:-}" = "--quick" ] && { duration=3s; rounds=1; }
connections=32
work="$(mktemp -d)"
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "bench-password" | "$TSHELL" admin add-user bench bench@example.com --password-stdin --verified --data-dir "$work/data" 2>/dev/null
"$TSHELL" serve --port 0 --data-dir "$work/data" --rate-limit 0 --quiet >"$work/out" 2>/dev/null &
server=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/out" 2>/dev/null && break; sleep 0.05; done
base="$(sed -n 's/^listening on //p' "$work/out")"
token="$(curl -s -d '{"username":"bench","password":"bench-password"}' "$base/v2/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
curl -sf -H "Authorization: Bearer $token" "$base/v2/account/usage" >/dev/null

run() { # label, path, extra wrk arguments…
  local label="$1" path="$2"
  shift 2
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$base$path" >"$work/$label.txt"
  python3 - "$work/$label.txt" "$label" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def latency(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else (value * 1000 if unit == "s" else value)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[2]}\t{rps:.0f}\t{latency(50):.2f}\t{latency(99):.2f}\t{errors.group(1) if errors else 0}")
PY
}

# Alternate the two routes so that the machine's ups and downs fall on both alike.
for round in $(seq "$rounds"); do
  run hello /hello >>"$work/results"
  run usage /v2/account/usage -H "Authorization: Bearer $token" >>"$work/results"
done
echo "## Server ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "wrk, 2 threads, $connections connections, $rounds alternating rounds of $duration per route (medians shown),"
echo "client and server on the same machine."
echo
python3 - "$work/results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, rps, p50, p99, errors = line.split("\t")
    rows.setdefault(label, []).append((float(rps), float(p50), float(p99), int(errors)))
names = {"hello": "`GET /hello` (hello world)", "usage": "`GET /v2/account/usage` (JWT, account check, usage row)"}
print("| route | requests/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|")
median = {}
for label in ("hello", "usage"):
    runs = rows[label]
    median[label] = statistics.median(r[0] for r in runs)
    print(f"| {names[label]} | {median[label]:.0f} | {statistics.median(r[1] for r in runs):.2f} ms | "
          f"{statistics.median(r[2] for r in runs):.2f} ms | {sum(r[3] for r in runs)} |")
ratios = [u[0] / h[0] for h, u in zip(rows["hello"], rows["usage"])]
print(f"\nThe authenticated route serves {median['usage'] / median['hello'] * 100:.0f}% of hello world's requests per second "
      f"(per round: {', '.join(f'{r * 100:.0f}%' for r in ratios)}).")
PY
