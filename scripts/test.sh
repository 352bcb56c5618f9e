#!/usr/bin/env bash
# The body of `make test` (after deps and lint): starts the oracle PostgreSQL, runs every
# Go test, and always stops PostgreSQL again.
#
#   - packages among internal/pgwire internal/stream internal/connector/... internal/server
#     that exist run with -race;
#   - all other packages run normally (fuzz targets run their seed corpora);
#   - the harnesses under test/ run last with -count=1 (they build and run the server,
#     which the test cache cannot see), with TRIBUTARY_PG_URL pointing at the oracle.
set -uo pipefail
cd "$(dirname "$0")/.."

GO="${GO:-go}"
TIMEOUT="${TEST_TIMEOUT:-15m}"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${TRIBUTARY_PG_URL:-}" ]; then
  # Someone else's server on the port (not a stale instance of ours, which pg.sh
  # replaces): move to the next free port.
  port="${PGPORT_ORACLE:-55432}"
  for _ in $(seq 1 20); do
    if port_busy "$port" && [ ! -e "/tmp/tributary-pg-$port/data/postmaster.pid" ]; then
      port=$((port + 1))
    else
      break
    fi
  done
  export PGPORT_ORACLE="$port"
  if ! TRIBUTARY_PG_URL="$(scripts/pg.sh start)"; then
    echo "test.sh: could not start the oracle PostgreSQL" >&2
    exit 1
  fi
  trap 'scripts/pg.sh stop' EXIT
fi
export TRIBUTARY_PG_URL
echo "oracle: $TRIBUTARY_PG_URL"

all_pkgs="$("$GO" list ./... 2>/dev/null)" || all_pkgs="$("$GO" list -e ./...)"
race_pkgs=""
for p in ./internal/pgwire ./internal/stream ./internal/connector/... ./internal/server; do
  if out="$("$GO" list "$p" 2>/dev/null)" && [ -n "$out" ]; then
    race_pkgs="$race_pkgs $out"
  fi
done
module="$("$GO" list -m)"
other_pkgs=""
harness_pkgs=""
for p in $all_pkgs; do
  case " $race_pkgs " in *" $p "*) continue ;; esac
  case "$p" in
    "$module"/test/*) harness_pkgs="$harness_pkgs $p" ;;
    *) other_pkgs="$other_pkgs $p" ;;
  esac
done

rc=0
if [ -n "${race_pkgs// /}" ]; then
  echo "== go test -race$race_pkgs" | sed "s#$module/##g"
  "$GO" test -race -timeout "$TIMEOUT" $race_pkgs || rc=1
fi
if [ -n "${other_pkgs// /}" ]; then
  echo "== go test (other packages)"
  "$GO" test -timeout "$TIMEOUT" $other_pkgs || rc=1
fi
if [ -n "${harness_pkgs// /}" ]; then
  echo "== go test -count=1 (harnesses:$(echo "$harness_pkgs" | sed "s#$module/##g"))"
  "$GO" test -count=1 -timeout "$TIMEOUT" $harness_pkgs || rc=1
fi
exit $rc
