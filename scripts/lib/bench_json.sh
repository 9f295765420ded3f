#!/usr/bin/env bash
# `scripts/bench json`: tshell jsonpath against jq (and jaq, gojq when installed) on generated
# API-like documents of ~100 MB and ~1 MB, plus process startup and peak memory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$root/bench-data"
mkdir -p "$data"
runs=5
[ "${1:-}" = "--quick" ] && runs=2

for size in 100 1; do
  file="$data/records-${size}mb.json"
  [ -s "$file" ] || { echo "generating $file" >&2; python3 "$root/scripts/lib/make_records.py" "$size" >"$file"; }
done

# The other tools, by their real binaries (pyenv shims would add their own start-up time).
tools=(jq)
. "$root/scripts/lib/setup.sh"
jaq_bin="$(tshell_real_command jaq || true)"
[ -n "$jaq_bin" ] && tools+=(jaq)
command -v gojq >/dev/null 2>&1 && tools+=(gojq)

binary() { case "$1" in jaq) echo "$jaq_bin" ;; *) command -v "$1" ;; esac; }

# Each query as JSONPath and as the same filter in jq's language (same output: one compact array).
names=("ids" "paid ids" "all names" "whole document")
paths=('$[*].id' '$[?@.tier=="paid"].id' '$..name' '$')
filters=('[.[].id]' '[.[] | select(.tier=="paid") | .id]' '[.. | objects | select(has("name")) | .name]' '.')

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

echo "## JSON queries ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
for size in 100 1; do
  file="$data/records-${size}mb.json"
  bytes=$(stat -c %s "$file")
  echo "### ${size} MB document ($bytes bytes), mean of $runs runs"
  echo
  printf '| query | tshell |'; for tool in "${tools[@]}"; do printf ' %s |' "$tool"; done
  for tool in "${tools[@]}"; do printf ' vs %s |' "$tool"; done; echo
  printf '|---|---|'; for tool in "${tools[@]}"; do printf -- '---|---|'; done; echo
  for index in "${!paths[@]}"; do
    commands=("$TSHELL jsonpath '${paths[$index]}' $file")
    for tool in "${tools[@]}"; do commands+=("$(binary "$tool") -c '${filters[$index]}' $file"); done
    hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$results/q$index.json" --output null "${commands[@]}" >/dev/null 2>&1
    python3 - "$results/q$index.json" "${names[$index]}" "${paths[$index]}" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
means = [r["mean"] for r in runs]
cells = [f"{m * 1000:.0f} ms" if m < 10 else f"{m:.2f} s" for m in means]
ratios = [f"**{m / means[0]:.1f}x**" for m in means[1:]]
print(f"| {sys.argv[2]} `{sys.argv[3]}` | " + " | ".join(cells + ratios) + " |")
PY
  done
  echo
  if [ "$size" = 100 ]; then
    echo "Peak memory (max RSS) on the ${size} MB document, as a multiple of its size:"
    echo
    printf '| query | tshell |'; for tool in "${tools[@]}"; do printf ' %s |' "$tool"; done; echo
    printf '|---|---|'; for tool in "${tools[@]}"; do printf -- '---|'; done; echo
    for index in "${!paths[@]}"; do
      row="| ${names[$index]} |"
      kb=$(/usr/bin/time -f %M "$TSHELL" jsonpath "${paths[$index]}" "$file" 2>&1 >/dev/null | tail -n 1)
      row+=" $((kb / 1024)) MB ($(python3 -c "print(f'{$kb * 1024 / $bytes:.1f}')")x) |"
      for tool in "${tools[@]}"; do
        kb=$(/usr/bin/time -f %M "$(binary "$tool")" -c "${filters[$index]}" "$file" 2>&1 >/dev/null | tail -n 1)
        row+=" $((kb / 1024)) MB ($(python3 -c "print(f'{$kb * 1024 / $bytes:.1f}')")x) |"
      done
      echo "$row"
    done
    echo
  fi
done

echo "### Process startup (\`<<< 1\`), mean of 100 runs"
echo
commands=("$TSHELL jsonpath '\$' <<< 1")
for tool in "${tools[@]}"; do commands+=("$(binary "$tool") . <<< 1"); done
hyperfine -S bash --style none --warmup 20 --runs 100 --export-json "$results/startup.json" --output null "${commands[@]}" >/dev/null 2>&1
python3 - "$results/startup.json" "${tools[@]}" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
names = ["tshell"] + sys.argv[2:]
print("| command | mean | vs tshell |")
print("|---|---|---|")
for name, r in zip(names, runs):
    print(f"| {name} `{r['command'].split('/')[-1]}` | {r['mean'] * 1000:.1f} ms | {r['mean'] / runs[0]['mean']:.1f}x |")
PY
