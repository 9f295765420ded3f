# A throwaway PostgreSQL for the tests: `tshell_postgres_start` initialises a cluster in a
# temporary folder, starts it on a free loopback port and exports TSHELL_TEST_POSTGRES_URL;
# `tshell_postgres_stop` stops it and removes the folder. PostgreSQL does not run as root, so a
# dedicated system user owns the cluster then.

tshell_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && echo "$dir"; done | sort -V | tail -1
}

tshell_postgres_start() {
  local bin user port
  bin="$(tshell_postgres_bin)"
  if [ -z "$bin" ]; then
    tshell_apt postgresql >/dev/null 2>&1 || true
    bin="$(tshell_postgres_bin)"
  fi
  if [ -z "$bin" ]; then
    tshell_log "PostgreSQL's server binaries cannot be installed: the PostgreSQL runs of the tests are skipped"
    return 0
  fi
  TSHELL_POSTGRES_DIR="$(mktemp -d /tmp/tshell-postgres.XXXXXX)"
  chmod 755 "$TSHELL_POSTGRES_DIR"
  user="$(id -un)"
  if [ "$(id -u)" = 0 ]; then
    user=tshellpg
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    chown "$user" "$TSHELL_POSTGRES_DIR"
  fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
  as_pg "$bin/initdb" -D "$TSHELL_POSTGRES_DIR/data" -U tshell --auth=trust -E UTF8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$TSHELL_POSTGRES_DIR/data" -l "$TSHELL_POSTGRES_DIR/log" -w \
    -o "-p $port -k $TSHELL_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  TSHELL_POSTGRES_BIN="$bin"
  TSHELL_POSTGRES_USER="$user"
  export TSHELL_TEST_POSTGRES_URL="postgres://tshell@127.0.0.1:$port/postgres"
  tshell_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port"
}

tshell_postgres_stop() {
  [ -n "${TSHELL_POSTGRES_DIR:-}" ] || return 0
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$TSHELL_POSTGRES_USER" -- "$TSHELL_POSTGRES_BIN/pg_ctl" -D "$TSHELL_POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  else
    "$TSHELL_POSTGRES_BIN/pg_ctl" -D "$TSHELL_POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TSHELL_POSTGRES_DIR"
  TSHELL_POSTGRES_DIR=
  unset TSHELL_TEST_POSTGRES_URL
}
