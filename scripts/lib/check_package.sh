#!/usr/bin/env bash
# The Debian package test: packages BINARY (scripts/package deb --binary), installs it with
# dpkg -i, checks the binary, man page, completions and unit are in place, that
# `systemd-analyze verify` accepts the unit and that lintian reports no error beyond those stated,
# then purges the package. Needs root (dpkg).
#
#   scripts/lib/check_package.sh BINARY
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="$1"
out="$(mktemp -d)"
trap 'dpkg --purge tshell >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

deb="$("$root/scripts/package" deb --binary "$binary" --out "$out")"
dpkg -i "$deb" >/dev/null
fail() { echo "package test: $*" >&2; exit 1; }
[ "$(/usr/bin/tshell --version)" = "$("$binary" --version)" ] || fail "/usr/bin/tshell --version differs"
# Shipped stripped, its symbols in tshell.debug beside the package, linked by name.
[ -z "$(nm /usr/bin/tshell 2>/dev/null | head -1)" ] || fail "/usr/bin/tshell is not stripped"
# (Read through a process substitution: with pipefail, nm killed by grep -q's early exit fails.)
grep -q ' T main$' <(nm "$out/tshell.debug") || fail "tshell.debug holds no symbols"
readelf --string-dump=.gnu_debuglink /usr/bin/tshell | grep -q 'tshell.debug' || fail "/usr/bin/tshell does not name tshell.debug"
[ "$(/usr/bin/tshell -c '1 + 1')" = "2" ] || fail "/usr/bin/tshell does not run a program"
man -w tshell | grep -q '^/usr/share/man/man1/tshell.1.gz$' || fail "man -w tshell does not find the page"
for file in /usr/share/bash-completion/completions/tshell /usr/share/zsh/vendor-completions/_tshell \
  /usr/share/fish/vendor_completions.d/tshell.fish /usr/lib/systemd/system/tshell-serve.service /etc/default/tshell-serve; do
  [ -s "$file" ] || fail "$file is missing"
done
bash -c '. /usr/share/bash-completion/completions/tshell && complete -p tshell' >/dev/null || fail "the bash completion does not load"
systemd-analyze verify /usr/lib/systemd/system/tshell-serve.service || fail "systemd-analyze verify refuses the unit"
# The overrides the package ships (a static binary) do not cover a debug build's binary, which
# CI packages instead of building a release: its RUNPATH names the toolchain's libraries.
allowed='^E: tshell: custom-library-search-path RUNPATH /opt/swift/'
errors="$(lintian --tag-display-limit 0 "$deb" 2>/dev/null | grep '^E: ' | grep -v -E "$allowed" || true)"
[ -z "$errors" ] || fail "lintian reports errors:
$errors"
echo "$(basename "$deb"): installed binary, man page, completions and unit; systemd-analyze and lintian accept it"
