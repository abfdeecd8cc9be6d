#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for the tests (Debian's package; installed if absent) and
# prints the connection string to export as ConnectionStrings__Postgres. Loopback only, its own port,
# trust authentication, data in a temporary folder that `.ci/postgres.sh stop <folder>` removes.
#   usage: eval "$(bash .ci/postgres.sh start)"    then    bash .ci/postgres.sh stop "$INCIDENTBOT_PG_DIR"
set -uo pipefail
bin=/usr/lib/postgresql/15/bin
port=${INCIDENTBOT_PG_PORT:-55432}

case "${1:-start}" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "installing postgresql 15 for the PostgreSQL tests" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "WARNING: postgresql could not be installed; the PostgreSQL tests will fail and say so" >&2; exit 0; }
    fi
    # Another cluster (a developer's, an earlier run's) may hold the port: take the next free one.
    for _ in $(seq 1 20); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
      port=$((port + 1))
    done
    dir=$(mktemp -d /tmp/incidentbot-pg.XXXXXX)
    # initdb refuses to run as root: the cluster belongs to the package's postgres user.
    owner=$(id -un)
    run() { if [ "$owner" = root ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [ "$owner" = root ] && chown postgres "$dir"
    run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { echo "WARNING: initdb failed (see $dir/initdb.log)" >&2; exit 0; }
    # Tests, not production: no fsync, so a run does not wait on the disk; many connections for the replica tests.
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >&2 \
      || { echo "WARNING: PostgreSQL did not start (see $dir/server.log)" >&2; exit 0; }
    echo "export INCIDENTBOT_PG_DIR=$dir"
    echo "export ConnectionStrings__Postgres='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
    ;;
  stop)
    dir=${2:?the folder start printed}
    owner=$(id -un)
    if [ "$owner" = root ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1; else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1; fi
    rm -rf "$dir"
    ;;
esac
