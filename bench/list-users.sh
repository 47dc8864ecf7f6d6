#!/usr/bin/env bash
# ListUsers at scale, one command:  bash bench/list-users.sh   (as root: it runs PostgreSQL as the postgres user)
# Seeds 1,000,000 users (BENCH_USERS) into one org of the real service, on SQLite and on PostgreSQL (a throw-away
# server from Debian's packages, as .ci/run starts one), then measures ListUsers over REST one request at a time
# (BENCH_REQUESTS per query kind, at most BENCH_MAX_SECONDS each) and writes the latencies and the query plans to
# bench/results/<date>-<commit>-list-users.md. BENCH_SKIP_POSTGRES=1 measures SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/.out-list-users"
USERS=${BENCH_USERS:-1000000}
REQUESTS=${BENCH_REQUESTS:-500}
MAX_SECONDS=${BENCH_MAX_SECONDS:-30}
rm -rf "$OUT" && mkdir -p "$OUT" "$ROOT/bench/results"
RESULT="$ROOT/bench/results/$(date -u +%F)-$(git rev-parse --short HEAD)-list-users.md"

source "$ROOT/bench/service.sh"

{
  echo "# ListUsers at $USERS users ($(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo). Command: \`bash bench/list-users.sh\`."
  echo
} > "$RESULT"

# measure NAME DATA_DIR PROVIDER CONNECTION [extra service settings ...]
measure() {
  local name=$1 data=$2 provider=$3 connection=$4; shift 4
  mkdir -p "$data"
  start_service "$data" "$@"
  local token org domain
  token=$(cat "$data/admin.pat")
  read -r org domain < <(curl -fs -H "Authorization: Bearer $token" "$REST/management/v1/orgs/me" | python3 -c 'import json,sys; o = json.load(sys.stdin)["org"]; print(o["id"], o["primaryDomain"])')
  stop_service
  log "$name: seeding $USERS users"
  tool search-seed --provider "$provider" --connection "$connection" --org "$org" --users "$USERS" >&2
  start_service "$data" "$@"
  log "$name: measuring"
  tool search --provider "$provider" --connection "$connection" --url "$REST" --token "$token" --org "$org" --domain "$domain" \
    --users "$USERS" --requests "$REQUESTS" --max-seconds "$MAX_SECONDS" --out "$RESULT" >/dev/null
  echo "peak memory of the service: $(peak_mb) MB" >> "$RESULT"; echo >> "$RESULT"
  stop_service
}

measure SQLite "$OUT/sqlite" sqlite "Data Source=$OUT/sqlite/identity.db"

if [ "${BENCH_SKIP_POSTGRES:-0}" != 1 ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA=$(mktemp -d /tmp/bench-pg.XXXXXX); PGPORT=$(free_port); PGPASS=bench
  echo "$PGPASS" > "$PGDATA/pwfile"; chown -R postgres:postgres "$PGDATA"
  as_postgres() { su postgres -s /bin/bash -c "$*"; }
  stop_all() { stop_service; as_postgres "'$PGBIN/pg_ctl' -D '$PGDATA/db' -m fast stop" >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
  trap stop_all EXIT
  as_postgres "'$PGBIN/initdb' -D '$PGDATA/db' -U postgres -A scram-sha-256 --pwfile='$PGDATA/pwfile' >/dev/null"
  as_postgres "'$PGBIN/pg_ctl' -D '$PGDATA/db' -l '$PGDATA/server.log' -w -t 60 -o \"-h 127.0.0.1 -p $PGPORT -k '$PGDATA' -c shared_buffers=1GB\" start >/dev/null"
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), shared_buffers 1GB, otherwise defaults." >> "$RESULT"; echo >> "$RESULT"
  PGPASSWORD=$PGPASS "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres identity_bench
  CONNECTION="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=$PGPASS;Database=identity_bench"
  measure PostgreSQL "$OUT/postgres" postgres "$CONNECTION" Identity__Database__Provider=Postgres Identity__Database__ConnectionString="$CONNECTION"
fi

log "written: $RESULT"
cat "$RESULT"
