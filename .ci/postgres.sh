#!/usr/bin/env bash
# A throw-away PostgreSQL server for the team-store tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints `export TEMA_TEST_PG_URL=…` lines on stdout
#   bash .ci/postgres.sh stop              # stops the server and removes its data directory
#
# Installs PostgreSQL from Debian packages when no `initdb` is found (root, no
# standard input needed), runs it as the `postgres` OS user on 127.0.0.1 on a
# free port under a temporary data directory, and creates a role with a
# password (allowed to create databases, so each test gets a fresh one) and a
# database. Everything except the export lines goes to stderr.
set -euo pipefail

STATE_FILE="${TEMA_PG_STATE:-${TMPDIR:-/tmp}/tema-ci-postgres.state}"
ROLE=tema
DB=tema_test

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; fi
  done | sort -V | tail -n 1
  if command -v initdb >/dev/null 2>&1 && [ ! -d /usr/lib/postgresql ]; then
    dirname "$(command -v initdb)"
  fi
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and this is not root; install the 'postgresql' package"
    return 1
  fi
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null >&2
  # Do not let the package create and start its own default cluster.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/tema-ci.conf
  apt-get install -y -qq --no-install-recommends postgresql </dev/null >&2
}

as_pg() {
  # Run a command as the unprivileged OS user when we are root (postgres refuses root).
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

start() {
  if [ -f "$STATE_FILE" ]; then
    log "a server from an earlier run is recorded in $STATE_FILE; stopping it first"
    stop || true
  fi
  local bindir
  bindir="$(find_bindir)"
  if [ -z "$bindir" ]; then
    install_postgres
    bindir="$(find_bindir)"
  fi
  if [ -z "$bindir" ]; then
    log "no initdb found after installing PostgreSQL"
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi

  local datadir sockdir port password
  datadir="$(mktemp -d "${TMPDIR:-/tmp}/tema-pg-XXXXXX")"
  sockdir="$datadir/socket"
  mkdir -p "$sockdir"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$datadir"
  fi
  chmod 700 "$datadir"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  port="$(free_port)"
  # Record the data directory at once so `stop` can clean up after a failed start.
  printf 'BINDIR=%q\nDATADIR=%q\nPORT=%q\n' "$bindir" "$datadir" "$port" > "$STATE_FILE"

  local pwfile="$datadir/pw"
  printf '%s\n' "$password" > "$pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
  as_pg "$bindir/initdb" -D "$datadir/data" --username=postgres --auth=scram-sha-256 \
    --pwfile="$pwfile" --encoding=UTF8 --no-locale --no-sync >&2 </dev/null
  rm -f "$pwfile"
  cat >> "$datadir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
  # Local socket for this script (peer/trust), password over TCP for everyone else.
  cat > "$datadir/data/pg_hba.conf" <<HBA
local   all all                 trust
host    all all 127.0.0.1/32    scram-sha-256
HBA
  as_pg "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 60 start >&2 </dev/null \
    || { log "server did not start; its log:"; cat "$datadir/server.log" >&2 || true; return 1; }

  local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$port" -U postgres -d postgres)
  as_pg "${psql[@]}" >&2 </dev/null -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$password'"
  as_pg "${psql[@]}" >&2 </dev/null -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $datadir)"

  echo "export TEMA_TEST_PG_URL='postgresql+psycopg://$ROLE:$password@127.0.0.1:$port/$DB'"
  echo "export TEMA_TEST_PG_DATADIR='$datadir'"
}

stop() {
  if [ ! -f "$STATE_FILE" ]; then
    log "no server recorded ($STATE_FILE); nothing to stop"
    return 0
  fi
  local BINDIR DATADIR PORT
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  if [ -f "$DATADIR/data/postmaster.pid" ]; then
    as_pg "$BINDIR/pg_ctl" -D "$DATADIR/data" -m immediate -w -t 60 stop >&2 </dev/null || true
  fi
  case "$DATADIR" in
    */tema-pg-*) rm -rf "$DATADIR" ;;
  esac
  rm -f "$STATE_FILE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
