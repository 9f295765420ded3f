#!/usr/bin/env bash
# `scripts/bench repl`: how long `tshell` takes from start to its prompt on a terminal (the
# embedded server starts only on the first API command), next to `python3 -q -i` and `bash -i`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
rounds=30
[ "${1:-}" = "--quick" ] && rounds=5
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="$(tshell_real_command python3)"
export TSHELL_HOME="$work/home" TERM=xterm LANG=C.UTF-8 NO_COLOR=1 EDITRC=/dev/null PS1='bash> '
# A history file, as after the first run (the first run also prints a banner).
mkdir -p "$TSHELL_HOME" && printf '_HiStOrY_V2_\nusage\n' >"$TSHELL_HOME/history"
"$python" "$root/scripts/lib/bench_repl.py" "$rounds" \
  "tshell=embedded> =$TSHELL" \
  "python3 -q -i=>>> =$python -q -i" \
  "bash --norc -i=bash> =bash --norc --noprofile -i"
