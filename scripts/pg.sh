#!/usr/bin/env bash
# Throwaway PostgreSQL (the test oracle) on 127.0.0.1.
#
#   scripts/pg.sh start   # initdb + start, create role root and database dev, print URL
#   scripts/pg.sh stop    # stop and remove the instance
#   scripts/pg.sh url     # print the URL
#
# Port: $PGPORT_ORACLE (default 55432). The instance lives in /tmp/tributary-pg-$PORT,
# owned by the postgres OS user when run as root (initdb refuses root).
set -euo pipefail

PORT="${PGPORT_ORACLE:-55432}"
DIR="${TRIBUTARY_PG_DIR:-/tmp/tributary-pg-$PORT}"
URL="postgres://root@127.0.0.1:$PORT/dev?sslmode=disable"

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  for v in 15 16 17 14; do
    if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$v/bin"; return; fi
  done
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  echo "pg.sh: PostgreSQL server binaries not found (run scripts/deps.sh)" >&2
  exit 1
}

# as_pg runs a command as the postgres OS user when we are root, else as ourselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_user() {
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
}

do_stop() {
  local bin
  if [ -d "$DIR" ]; then
    bin="$(find_bin)"
    if [ -f "$DIR/data/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
      # A stale pid file whose process is gone, or a stop that failed: kill the postmaster by pid.
      if [ -f "$DIR/data/postmaster.pid" ]; then
        local pid
        pid="$(head -1 "$DIR/data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
          kill -9 "$pid" 2>/dev/null || true
          sleep 0.5
        fi
      fi
    fi
    rm -rf "$DIR"
  fi
}

do_start() {
  local bin
  bin="$(find_bin)"
  ensure_user
  do_stop
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
  chmod 700 "$DIR"
  as_pg "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --locale=C --encoding=UTF8 \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; rm -rf "$DIR"; exit 1; }
  cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
timezone = 'UTC'
lc_messages = 'C'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
CONF
  if ! as_pg "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c timezone=UTC -c lc_messages=C" start >/dev/null; then
    echo "pg.sh: PostgreSQL failed to start on port $PORT:" >&2
    cat "$DIR/server.log" >&2 || true
    rm -rf "$DIR"
    exit 1
  fi
  local psql="$bin/psql"
  [ -x "$psql" ] || psql="psql"
  as_pg "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE root SUPERUSER LOGIN" -c "CREATE DATABASE dev OWNER root" >/dev/null
  echo "$URL"
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
