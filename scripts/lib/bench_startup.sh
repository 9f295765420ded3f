#!/usr/bin/env bash
# `scripts/bench startup`: how long tshell takes to start and do almost nothing (`-c 1`, a
# one-line script, `jsonpath '$'`), side by side with gojq, jaq and jq; then `tshell serve` to
# `listening on`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
runs=300
[ "${1:-}" = "--quick" ] && runs=50
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
table() { python3 "$root/scripts/lib/hyperfine_table.py" "$@"; }
jaq="$(tshell_real_command jaq)"
printf '1\n' >"$work/one.tmp"
printf '1\n' >"$work/one.json"
# A fresh home with nothing in it: the run must not depend on a profile or a token.
export TSHELL_HOME="$work/home"

echo "## Start-up ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "Mean of $runs runs each, all in one hyperfine run; the ratios are each command's time over"
echo "tshell's first row, over gojq's and over jaq's (below 1: faster)."
echo
echo "| command | mean | vs \`tshell -c 1\` | vs gojq | vs jaq |"
echo "|---|---|---|---|---|"
hyperfine -N --style none --warmup 30 --runs "$runs" --export-json "$work/startup.json" --output null \
  "$TSHELL -c 1" "$TSHELL $work/one.tmp" "$TSHELL jsonpath \$ $work/one.json" \
  "gojq -n 1" "$jaq -n 1" "jq -n 1" >/dev/null 2>&1
table "$work/startup.json" "\`tshell -c 1\`" "\`tshell one.tmp\`" "\`tshell jsonpath '\$' one.json\`" \
  "\`gojq -n 1\`" "\`jaq -n 1\`" "\`jq -n 1\`" --versus 4 --versus 5
echo
echo "The same with the document on standard input (through \`sh -c\`, whose own start hyperfine"
echo "subtracts):"
echo
echo "| command | mean | vs tshell | vs gojq | vs jaq |"
echo "|---|---|---|---|---|"
hyperfine --style none --warmup 30 --runs "$runs" --export-json "$work/stdin.json" --output null \
  "$TSHELL jsonpath '\$' < $work/one.json" "gojq . < $work/one.json" "$jaq . < $work/one.json" \
  "jq . < $work/one.json" >/dev/null 2>&1
table "$work/stdin.json" "\`tshell jsonpath '\$' <<< 1\`" "\`gojq . <<< 1\`" "\`jaq . <<< 1\`" "\`jq . <<< 1\`" \
  --versus 2 --versus 3
echo
echo "### \`tshell serve\` to \`listening on\` (existing data directory)"
echo
python3 "$root/scripts/lib/bench_serve_start.py" "$TSHELL" "$((runs / 10))"
