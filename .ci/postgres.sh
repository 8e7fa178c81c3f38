#!/usr/bin/env bash
# Start a private, throwaway PostgreSQL server on 127.0.0.1 for the store tests.
# Usage: source .ci/postgres.sh   (exports NEWSWEAVE_TEST_PG_URL and PGROOT; stop with pg_stop)
# Needs the Debian package `postgresql` (installed by .ci/run). initdb refuses root, so the
# server runs as the `postgres` user.
# A free port unless told: a developer's own server may already hold the usual one.
PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d)
chown postgres:postgres "$PGROOT"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth-local=trust \
  --auth-host=scram-sha-256 --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
runuser -u postgres -- "$PGBIN/psql" -h "$PGROOT" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE newsweave LOGIN PASSWORD 'newsweave_pw'" \
  -c "CREATE DATABASE newsweave_test OWNER newsweave"
export NEWSWEAVE_TEST_PG_URL="postgresql://newsweave:newsweave_pw@127.0.0.1:$PG_PORT/newsweave_test"
export PGROOT PGBIN
pg_stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null || true
  rm -rf "$PGROOT"
}
