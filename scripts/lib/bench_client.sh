#!/usr/bin/env bash
# `scripts/bench client`: 2,000 authenticated `usage` calls made by a tshell script (sequential,
# and with `for --parallel 8`), by a bash loop of curl, and by a Python http.client keep-alive loop;
# and, for comparison, by tshell with AsyncHTTPClient carrying plain HTTP too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
calls=2000
rounds=5
[ "${1:-}" = "--quick" ] && { calls=500; rounds=1; }
work="$(mktemp -d)"
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python="$(tshell_real_command python3)"

echo "bench-password" | "$TSHELL" admin add-user bench bench@example.com --password-stdin --verified --data-dir "$work/data" 2>/dev/null
"$TSHELL" serve --port 0 --data-dir "$work/data" --rate-limit 0 --quiet >"$work/out" 2>/dev/null &
server=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/out" 2>/dev/null && break; sleep 0.05; done
base="$(sed -n 's/^listening on //p' "$work/out")"
export TSHELL_HOME="$work/home" BENCH_PASSWORD="bench-password"
"$TSHELL" --api "$base" -c 'login bench --password-env BENCH_PASSWORD' >/dev/null
token="$(curl -s -d '{"username":"bench","password":"bench-password"}' "$base/v2/auth/login" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
port="${base##*:}"

cat >"$work/curl-loop.sh" <<SH
for i in \$(seq $calls); do curl -s -H "Authorization: Bearer $token" "$base/v2/account/usage" >/dev/null; done
SH
cat >"$work/python-loop.py" <<PY
import http.client
connection = http.client.HTTPConnection("127.0.0.1", $port)
for _ in range($calls):
    connection.request("GET", "/v2/account/usage", headers={"Authorization": "Bearer $token"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200
PY

# The machine is shared and noisy: every round runs each client once, and the table shows the
# median round, so a slow moment hurts all clients alike.
for round in $(seq "$rounds"); do
  hyperfine -N --style none --warmup "$([ "$round" = 1 ] && echo 1 || echo 0)" --runs 1 \
    --export-json "$work/round-$round.json" --output null \
    "$TSHELL --api $base -c 'for \$i in range(0, $calls) { usage }'" \
    "$TSHELL --api $base -c 'for --parallel 8 \$i in range(0, $calls) { usage }'" \
    "bash $work/curl-loop.sh" \
    "$python $work/python-loop.py" \
    "env TSHELL_HTTP_CLIENT=async-http-client $TSHELL --api $base -c 'for \$i in range(0, $calls) { usage }'" >/dev/null 2>&1
done

echo "## Client ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "$calls authenticated \`GET /v2/account/usage\` calls against \`tshell serve\` on the same machine; median of $rounds rounds, each running every client once."
echo
"$python" - "$work" "$rounds" "$calls" <<'PY'
import json, statistics, sys
work, rounds, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
times = list(zip(*[[r["mean"] for r in json.load(open(f"{work}/round-{n}.json"))["results"]] for n in range(1, rounds + 1)]))
results = [{"mean": statistics.median(t), "all": t} for t in times]
labels = ["tshell script, sequential", "tshell script, `for --parallel 8`", "bash loop of curl", "Python http.client keep-alive loop",
          "tshell script, sequential, `TSHELL_HTTP_CLIENT=async-http-client`"]
rates = [calls / r["mean"] for r in results]
print("| client | time (median) | all rounds | calls/s | vs curl loop |")
print("|---|---|---|---|---|")
for label, r, rate in zip(labels, results, rates):
    rounds_text = ", ".join(f"{t:.2f}" for t in r["all"])
    print(f"| {label} | {r['mean']:.2f} s | {rounds_text} | {rate:.0f} | {rate / rates[2]:.1f}x |")
print(f"\nSequential tshell makes {rates[0] / rates[2]:.0f}x the curl loop's calls per second and {rates[0] / rates[3]:.2f}x "
      f"Python's; `--parallel 8` makes {rates[1] / rates[0]:.1f}x sequential.")
PY
