#!/usr/bin/env bash
# `scripts/bench server`: wrk against an authenticated GET /v2/account/usage and against a
# hello-world route of the same server, side by side; then the same route with the accounts in
# PostgreSQL (one replica in the same alternating rounds, then two replicas and the shared rate
# limit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${BENCH_DURATION:-5s}"
rounds=5
[ "${1:-}" = "--quick" ] && { duration=3s; rounds=1; }
connections=32
accounts=16
work="$(mktemp -d)"
cleanup() {
  # start_server runs in a command substitution's subshell: its servers are listed in a file.
  local pid
  if [ -f "$work/servers" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$work/servers"
    while read -r pid; do
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    done <"$work/servers"
  fi
  tshell_postgres_stop
  rm -rf "$work"
}
. "$root/scripts/lib/setup.sh"
. "$root/scripts/lib/postgres.sh"
trap cleanup EXIT

add_accounts() { # prefix, admin arguments…: the accounts the authenticated rows spread over
  local prefix="$1" i
  shift
  for i in $(seq "$accounts"); do
    echo "bench-password" | "$TSHELL" admin add-user "$prefix$i" "$prefix$i@example.com" --password-stdin --verified "$@" >/dev/null 2>&1
  done
}
login_all() { # prefix, base URL, tokens file
  local i
  for i in $(seq "$accounts"); do
    curl -s -d "{\"username\":\"$1$i\",\"password\":\"bench-password\"}" "$2/v2/auth/login" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
  done >"$3"
}
start_server() { # name, serve arguments…; prints the base URL
  local name="$1"
  shift
  "$TSHELL" serve --port 0 --data-dir "$work/$name" --quiet "$@" >"$work/$name.out" 2>/dev/null &
  echo "$!" >>"$work/servers"
  for _ in $(seq 100); do grep -q '^listening on' "$work/$name.out" 2>/dev/null && break; sleep 0.05; done
  sed -n 's/^listening on //p' "$work/$name.out"
}
run() { # label, URL, threads, connections, extra wrk arguments…; appends a line to results
  local label="$1" url="$2" threads="$3" conns="$4"
  shift 4
  wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" "$url" >"$work/$label.txt"
  python3 "$root/scripts/lib/wrk_summary.py" "$label" "$work/$label.txt" >>"$work/results"
}
spread() { # tokens file: wrk arguments spreading the requests over its accounts
  echo "-s $root/scripts/lib/wrk_tokens.lua"
}

add_accounts bench --data-dir "$work/sqlite"
base="$(start_server sqlite --rate-limit 0)"
login_all bench "$base" "$work/tokens"

# The same route with the accounts in PostgreSQL, in the same rounds.
tshell_postgres_start >/dev/null 2>&1 || true
if [ -n "${TSHELL_TEST_POSTGRES_URL:-}" ]; then
  head -c 48 /dev/urandom >"$work/jwt"
  head -c 32 /dev/urandom >"$work/kek"
  shared=(--database "$TSHELL_TEST_POSTGRES_URL" --jwt-secret-file "$work/jwt" --key-encryption-key-file "$work/kek")
  add_accounts pgbench --data-dir "$work/pg-admin" --database "$TSHELL_TEST_POSTGRES_URL" --key-encryption-key-file "$work/kek"
  first="$(start_server pg-a --rate-limit 0 "${shared[@]}")"
  second="$(start_server pg-b --rate-limit 0 "${shared[@]}")"
  limited="$(start_server pg-c --rate-limit 1000000000 "${shared[@]}")"
  login_all pgbench "$first" "$work/pg-tokens"
fi

# Alternate the routes so that the machine's ups and downs fall on all alike.
for round in $(seq "$rounds"); do
  run hello "$base/hello" 2 "$connections"
  TOKENS="$work/tokens" run usage "$base/v2/account/usage" 2 "$connections" $(spread)
  [ -z "${first:-}" ] || TOKENS="$work/pg-tokens" run pg-usage "$first/v2/account/usage" 2 "$connections" $(spread)
done
if [ -n "${first:-}" ]; then
  TOKENS="$work/pg-tokens" run pg-two-a "$first/v2/account/usage" 1 $((connections / 2)) $(spread) &
  TOKENS="$work/pg-tokens" run pg-two-b "$second/v2/account/usage" 1 $((connections / 2)) $(spread)
  wait %% 2>/dev/null || true
  run pg-hello "$first/hello" 2 "$connections"
  run pg-hello-limited "$limited/hello" 2 "$connections"
fi

echo "## Server ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "wrk, 2 threads, $connections connections, $rounds alternating rounds of $duration per route (medians shown),"
echo "client and server on the same machine; the authenticated requests spread over $accounts accounts."
echo
postgres_version=""
[ -z "${first:-}" ] || postgres_version="$("$(tshell_postgres_bin)/postgres" --version | awk '{print $3}')"
python3 "$root/scripts/lib/bench_server_report.py" "$work/results" "$postgres_version"
