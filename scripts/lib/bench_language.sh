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

# The standard library on 100,000 elements, each next to the same work in python3 (idiomatic:
# dict.fromkeys, sorted with a key, a dict of lists, list.append).
size=100000
pair() { # NAME TSHELL-CODE PYTHON-CODE LABEL…
  local name="$1"
  printf '%s\n' "$2" >"$results/$name.tmp"
  printf '%s\n' "$3" >"$results/$name.py"
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$results/$name.json" --output null \
    "$TSHELL $results/$name.tmp" "$python $results/$name.py" >/dev/null 2>&1
  table "$results/$name.json" "$4" "$5"
}
objects_tmp="\$o = map(range(0, $size), {n: (@ * 7919) % $size, s: \"k\${@ % 100}\"})"
objects_py="o = [{'n': (i * 7919) % $size, 's': 'k%d' % (i % 100)} for i in range($size)]"
echo "### The standard library: $size elements"
echo
echo "| command | mean | vs tshell |"
echo "|---|---|---|"
pair unique "\$a = map(range(0, $size), \"k\${@ % 50000}\")
echo (length(unique(\$a)))" "a = ['k%d' % (i % 50000) for i in range($size)]
print(len(list(dict.fromkeys(a))))" "tshell \`unique\` of $size strings" "python3 \`dict.fromkeys\`"
pair sort_by "$objects_tmp
echo (sort_by(\$o, @.n)[0].n)" "$objects_py
print(sorted(o, key=lambda x: x['n'])[0]['n'])" "tshell \`sort_by(\$o, @.n)\`" "python3 \`sorted(key=…)\`"
pair group_by "$objects_tmp
echo (length(keys(group_by(\$o, @.s))))" "$objects_py
groups = {}
for x in o: groups.setdefault(x['s'], []).append(x)
print(len(groups))" "tshell \`group_by(\$o, @.s)\`" "python3 dict of lists"
pair append "\$a = []
for \$i in range(0, $size) { \$a = \$a + [\$i] }
echo (length(\$a))" "def build():
    a = []
    for i in range($size): a.append(i)
    return len(a)
print(build())" "tshell \`\$a = \$a + [\$i]\`" "python3 \`a.append(i)\`"
pair member_append "\$o = {list: []}
for \$i in range(0, $size) { \$o.list = \$o.list + [\$i] }
echo (length(\$o.list))" "def build():
    o = {'list': []}
    for i in range($size): o['list'].append(i)
    return len(o['list'])
print(build())" "tshell \`\$o.list = \$o.list + [\$i]\`" "python3 \`o['list'].append(i)\`"
echo

echo "### Startup"
echo
echo "| command | mean | vs tshell |"
echo "|---|---|---|"
hyperfine -N --style none --warmup 20 --runs 100 --export-json "$results/startup.json" --output null \
  "$TSHELL -c 1" "jq -n 1" "$python -c 1" >/dev/null 2>&1
table "$results/startup.json" "\`tshell -c 1\`" "\`jq -n 1\`" "\`python3 -c 1\`"
