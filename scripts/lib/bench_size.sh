#!/usr/bin/env bash
# What the release binary is made of: its size (whole, stripped), and the bytes each module and
# library adds, from the linker's map of a relink (the binary itself is not changed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
binary="$root/.build/x86_64-unknown-linux-gnu/release/tshell"
# The link command, as SwiftPM runs it: it shows with -v when the executable is missing.
mv "$binary" "$work/tshell.kept"
. "$root/scripts/lib/setup.sh"
tshell_build_release -v 2>&1 | grep -E "swiftc .* -o $binary " | tail -n 1 >"$work/link" || true
[ -f "$binary" ] || mv "$work/tshell.kept" "$binary"
[ -s "$work/link" ] || { echo "bench size: the link command was not found" >&2; exit 1; }
eval "$(sed "s| -o $binary | -o $work/mapped |" "$work/link") -Xlinker -Map=$work/tshell.map" >/dev/null 2>&1
strip -o "$work/stripped" "$work/mapped"
read -r text data bss _ < <(size "$work/mapped" | tail -n 1)
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
