#!/usr/bin/env bash
# What the release binary is made of: its size (whole, stripped), and the bytes each module and
# library adds, from the linker's map (the build links the binary again, with the same result).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
binary="$root/.build/release/tshell"
# A link flag changes only the link step: the binary is linked again, the same, with a map (the
# next build links it once more, without). `-v` instead would show the link command, but it
# changes every compile command too, and the whole release build would run twice.
. "$root/scripts/lib/setup.sh"
tshell_build_release -Xlinker -Map="$work/tshell.map" >/dev/null 2>&1
[ -s "$work/tshell.map" ] || { echo "bench size: the linker wrote no map" >&2; exit 1; }
strip -o "$work/stripped" "$binary"
read -r text data bss _ < <(size "$binary" | tail -n 1)
echo "### The release binary, $(date +%F)"
echo
echo "| | bytes |"
echo "|---|---:|"
echo "| \`.build/release/tshell\` (symbols, no debug info) | $(stat -c %s "$binary") |"
echo "| stripped | $(stat -c %s "$work/stripped") |"
echo "| code (text) / data / zero-filled (bss) | $text / $data / $bss |"
echo
echo "### What each module and library adds (code and data kept by the linker, largest first)"
echo
python3 "$root/scripts/lib/binary_sizes.py" "$work/tshell.map" --top 30
