#!/usr/bin/env bash
# Installs what the tests need, only when something is missing.
# Idempotent and quiet when everything is already present (apt is not touched).
set -euo pipefail

# package -> command or file proving it is installed
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

pg_bin=""
for v in 15 16 17; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
done
if [ -z "$pg_bin" ]; then need+=(postgresql); fi
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
if ! command -v kcat >/dev/null 2>&1 && ! command -v kafkacat >/dev/null 2>&1; then
  need+=(kcat)
fi
have_pkg python3-psycopg2 || need+=(python3-psycopg2)
[ -e /usr/share/java/postgresql.jar ] || have_pkg libpostgresql-jdbc-java || need+=(libpostgresql-jdbc-java)
# test/clients runs the JDBC driver with a Java 17+ single-file program.
command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps.sh: missing ${need[*]} and not root (no sudo)" >&2; exit 1
  fi
else
  SUDO=""
fi

echo "deps.sh: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# kcat is called kafkacat on older releases.
if [[ " ${need[*]} " == *" kcat "* ]] && ! apt-cache show kcat >/dev/null 2>&1; then
  need=("${need[@]/kcat/kafkacat}")
fi
# Don't let the postgresql package start a cluster service: tests run their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "deps.sh: done" >&2
