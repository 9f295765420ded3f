#!/usr/bin/env bash
# For operators: creates the accounts of a JSON file (by default examples/accounts.json) in a
# server's data directory with `tshell admin add-user`, verified and in their tiers, each with
# the password in $SEED_PASSWORD. Run it before `tshell serve --data-dir DIR` (or while the
# server is stopped); accounts that exist already are reported and skipped.
#
#   SEED_PASSWORD=… examples/seed-accounts.sh DATA-DIR [FILE]
#
# Example:
#   $ SEED_PASSWORD='demo password' examples/seed-accounts.sh /srv/tshell
#   ann (paid): created
#   bob (free): created
#   cy (paid): created
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tshell="${TSHELL:-tshell}"
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: SEED_PASSWORD=… $0 DATA-DIR [FILE]" >&2; exit 2; }
[ -n "${SEED_PASSWORD:-}" ] || { echo "$0: set SEED_PASSWORD to the accounts' password" >&2; exit 2; }
data_dir="$1"
file="${2:-$here/accounts.json}"
failed=0
# One line per account, "tier name", read by tshell itself.
accounts="$("$tshell" -c 'for $a in read($1) | json { echo ($a.tier ?? "free") $a.name }' "$file")"
while read -r tier name; do
  if message="$(printf '%s\n' "$SEED_PASSWORD" | "$tshell" admin add-user "$name" "$name@example.com" \
    --password-stdin --verified --tier "$tier" --data-dir "$data_dir" 2>&1)"; then
    echo "$name ($tier): created"
  else
    message="${message#tshell admin add-user: }"
    case "$message" in
      *"exists already"* | *"is taken"*) echo "$name ($tier): exists already, skipped" ;;
      *) echo "$name ($tier): $message"; failed=1 ;;
    esac
  fi
done <<<"$accounts"
exit "$failed"
