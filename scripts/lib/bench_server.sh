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
cleanup() {
  for pid in ${server:-} ${replicas:-}; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  tshell_postgres_stop
  rm -rf "$work"
}
. "$root/scripts/lib/setup.sh"
. "$root/scripts/lib/postgres.sh"
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

# The same route with the accounts in PostgreSQL: one replica, then two (wrk on each at once).
tshell_postgres_start >/dev/null 2>&1 || true
[ -n "${TSHELL_TEST_POSTGRES_URL:-}" ] || { echo; echo "(PostgreSQL unavailable: no PostgreSQL rows)"; exit 0; }
database="$TSHELL_TEST_POSTGRES_URL"
head -c 48 /dev/urandom >"$work/jwt"
head -c 32 /dev/urandom >"$work/kek"
shared=(--database "$database" --jwt-secret-file "$work/jwt" --key-encryption-key-file "$work/kek")
echo "bench-password" | "$TSHELL" admin add-user pgbench pgbench@example.com --password-stdin --verified \
  --data-dir "$work/pg-admin" --database "$database" --key-encryption-key-file "$work/kek" 2>/dev/null
start_replica() { # name, extra arguments…; prints the base URL
  local name="$1"
  shift
  "$TSHELL" serve --port 0 --data-dir "$work/$name" --quiet "${shared[@]}" "$@" >"$work/$name.out" 2>/dev/null &
  replicas="${replicas:-} $!"
  for _ in $(seq 100); do grep -q '^listening on' "$work/$name.out" 2>/dev/null && break; sleep 0.05; done
  sed -n 's/^listening on //p' "$work/$name.out"
}
first="$(start_replica pg-a --rate-limit 0)"
token="$(curl -s -d '{"username":"pgbench","password":"bench-password"}' "$first/v2/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
second="$(start_replica pg-b --rate-limit 0)"
limited="$(start_replica pg-c --rate-limit 1000000000)"
pg_run() { # label, base, path, threads, connections, extra…
  local label="$1" url="$2$3" threads="$4" conns="$5"
  shift 5
  wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" "$url" >"$work/$label.txt"
}
parse() {
  python3 - "$@" <<'PY'
import re, sys
total, errors = 0.0, 0
for path in sys.argv[1:]:
    text = open(path).read()
    total += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(m.group(1)) if m else 0
print(f"{total:.0f}\t{errors}")
PY
}
auth=(-H "Authorization: Bearer $token")
pg_run pg1 "$first" /v2/account/usage 2 "$connections" "${auth[@]}"
pg_run pg2a "$first" /v2/account/usage 1 $((connections / 2)) "${auth[@]}" &
pg_run pg2b "$second" /v2/account/usage 1 $((connections / 2)) "${auth[@]}"
wait %% 2>/dev/null || true
pg_run hello-open "$first" /hello 2 "$connections"
pg_run hello-limited "$limited" /hello 2 "$connections"
one="$(parse "$work/pg1.txt")"
two="$(parse "$work/pg2a.txt" "$work/pg2b.txt")"
open="$(parse "$work/hello-open.txt")"
counted="$(parse "$work/hello-limited.txt")"
echo
echo "With the accounts in PostgreSQL $("$(tshell_postgres_bin)/postgres" --version | awk '{print $3}') (same machine, fsync off as in the tests):"
echo
echo "| server | requests/s | non-2xx |"
echo "|---|---|---|"
echo "| one replica, \`GET /v2/account/usage\` | ${one%%$'\t'*} | ${one##*$'\t'} |"
echo "| two replicas (wrk on each at once, summed) | ${two%%$'\t'*} | ${two##*$'\t'} |"
echo "| \`GET /hello\`, rate limit off | ${open%%$'\t'*} | ${open##*$'\t'} |"
echo "| \`GET /hello\`, rate limit counted in PostgreSQL | ${counted%%$'\t'*} | ${counted##*$'\t'} |"
