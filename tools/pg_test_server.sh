#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the test suite: private socket folder, no TCP, data thrown away.
#   tools/pg_test_server.sh start DIR [PORT]   prints the exports for the suite (eval them)
#   tools/pg_test_server.sh stop DIR           stops the server and removes DIR
# initdb refuses to run as root: as root the server runs as the postgres user.
set -euo pipefail
cmd=${1:?start or stop}
dir=$(realpath -m "${2:?a folder for the server}")  # absolute: the commands run from /
port=${3:-5499}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_pg() {
    # From /: the postgres user may not enter the caller's folder (a mktemp clone is private).
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    chmod 700 "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # fsync off: a test server's data is thrown away; a clean restart (pg_ctl restart -m fast) still keeps it.
    as_pg "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=60" \
        start >/dev/null
    echo "export HOTEL_PHONE_TEST_PG='postgresql://postgres@/postgres?host=$dir&port=$port'"
    echo "export HOTEL_PHONE_TEST_PGDATA='$dir/data'"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
