#!/usr/bin/env bash
# A throwaway PostgreSQL for trying `selfdata cluster demo` by hand: initdb in a temporary folder (as the postgres user
# when run as root, which initdb refuses), trust authentication, listening on 127.0.0.1 and a free port only.
#   eval "$(bash eng/throwaway-postgres.sh start)"   # sets SELFDATA_PG (connection string) and SELFDATA_PG_DATA
#   selfdata cluster demo --demo DIR --pg "$SELFDATA_PG"
#   bash eng/throwaway-postgres.sh stop "$SELFDATA_PG_DATA"
# Installs Debian's postgresql with apt when it is missing (with sudo unless root).
set -euo pipefail
bin="${SELFDATA_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
      $sudo apt-get update >&2
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postgresql >&2
      bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    data="$(mktemp -d /tmp/selfdata-pg-XXXXXX)"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >&2
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300" start >&2
    echo "export SELFDATA_PG='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres' SELFDATA_PG_DATA='$data'"
    ;;
  stop)
    data="${2:?the data folder start printed (SELFDATA_PG_DATA)}"
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
    rm -rf "$data"
    ;;
  *) echo "usage: $0 start | stop DATA" >&2; exit 2 ;;
esac
