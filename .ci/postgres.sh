#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the store's tests, idempotently.
#
#   eval "$(bash .ci/postgres.sh)"     # exports EVENTCODER_TEST_PG_URL
#
# Installs the OS package if missing (as root: apt-get), initializes a cluster in a temporary
# folder (as the postgres user when run as root), starts it on loopback only, creates the test
# database, and prints `export EVENTCODER_TEST_PG_URL=...` on stdout; everything else goes to
# stderr. Running it again reuses the server that is already up.
set -euo pipefail

PORT="${EVENTCODER_PG_PORT:-54329}"
DATA="${EVENTCODER_PG_DIR:-/tmp/eventcoder-pg}"
DB="${EVENTCODER_PG_DB:-eventcoder_test}"
log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

if ! BIN="$(find_bindir)"; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and this is not root: cannot apt-get install it"; exit 1
  fi
  log "installing PostgreSQL from the OS packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bindir)" || { log "PostgreSQL binaries not found after install"; exit 1; }
fi

# Run server commands as the postgres user when we are root (the server refuses to run as root).
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DATA" --shell /bin/bash postgres
  as_pg() { runuser -u postgres -- "$@"; }
  OWNER=postgres
else
  as_pg() { "$@"; }
  OWNER="$(id -un)"
fi

mkdir -p "$DATA"
chown "$OWNER" "$DATA" 2>/dev/null || true
chmod 700 "$DATA"
if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initializing a cluster in $DATA"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 >&2
fi

if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "server already running in $DATA"
else
  log "starting the server on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >&2 \
    || { log "server did not start; its log:"; tail -n 30 "$DATA/server.log" >&2; exit 1; }
fi

if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi

URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
log "ready: $URL"
echo "export EVENTCODER_TEST_PG_URL=$URL"
