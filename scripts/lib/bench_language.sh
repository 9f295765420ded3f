#!/usr/bin/env bash
# `scripts/bench language`: the interpreter against jq and python3 on the same work, plus startup.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=10
[ "${1:-}" = "--quick" ] && runs=3
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
table() { python3 "$root/scripts/lib/hyperfine_table.py" "$@"; }
. "$root/scripts/lib/setup.sh"
python="$(tshell_real_command python3)"

echo "## Language ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "Mean of $runs runs; the ratio is each command's time over tshell's (above 1: slower than tshell)."
echo

loop=1000000
echo "### Interpreter loop: sum of range(0, $loop)"
echo
echo "| command | mean | vs tshell |"
echo "|---|---|---|"
hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$results/loop.json" --output null \
  "$TSHELL -c '\$s = 0; for \$i in range(0, $loop) { \$s = \$s + \$i }; \$s'" \
  "jq -n 'reduce range(0;$loop) as \$i (0; . + \$i)'" \
  "$python -c 's = 0
for i in range($loop): s = s + i
print(s)'" >/dev/null 2>&1
table "$results/loop.json" "tshell \`\$s = \$s + \$i\`" "jq \`reduce range\`" "python3 \`for\` loop"
echo

build=1000000
echo "### String building: $build appends of one character"
echo
echo "| command | mean | vs tshell |"
echo "|---|---|---|"
hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$results/string.json" --output null \
  "$TSHELL -c '\$s = \"\"; for \$i in range(0, $build) { \$s = \$s + \"x\" }; length(\$s)'" \
  "jq -n 'reduce range(0;$build) as \$i (\"\"; . + \"x\") | length'" \
  "$python -c 'def build():
    s = \"\"
    for i in range($build): s = s + \"x\"
    return len(s)
print(build())'" >/dev/null 2>&1
table "$results/string.json" "tshell \`\$s = \$s + \"x\"\`" "jq \`reduce … . + \"x\"\`" "python3 (in a function)"
echo

echo "### Startup"
echo
echo "| command | mean | vs tshell |"
echo "|---|---|---|"
hyperfine -N --style none --warmup 20 --runs 100 --export-json "$results/startup.json" --output null \
  "$TSHELL -c 1" "jq -n 1" "$python -c 1" >/dev/null 2>&1
table "$results/startup.json" "\`tshell -c 1\`" "\`jq -n 1\`" "\`python3 -c 1\`"
