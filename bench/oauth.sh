#!/usr/bin/env bash
# OAuth benchmark, one command:  bash bench/oauth.sh
# Builds Release, starts the real service on SQLite and makes a machine user (ORG_USER_MANAGER) with a key and a
# secret, then measures with h2load, closed loop, one connection per client:
#   - a read (GET /management/v1/users/{id}) with a personal access token and with an OAuth access token: what
#     authenticating each kind costs (the token's signature, its user and key read at every call);
#   - the token endpoint: client_credentials (secret lookup, RS256 signature) and jwt-bearer (one assertion without
#     jti, reused as ZITADEL's SDKs reuse theirs within its hour: RS256 verification, key lookup, RS256 signature).
# Environment: BENCH_SECONDS (default 20) per run, BENCH_WARMUP (default 5) unmeasured seconds first,
# BENCH_CLIENTS (default: the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/.out-oauth"
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-5}
CLIENTS=${BENCH_CLIENTS:-$(nproc)}
rm -rf "$OUT" && mkdir -p "$OUT" "$ROOT/bench/results"

source "$ROOT/bench/service.sh"

if ! command -v h2load >/dev/null; then
  log "installing h2load (nghttp2-client)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null
fi

data="$OUT/data"; mkdir -p "$data"
start_service "$data"
TOKEN=$(cat "$data/admin.pat")
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
BOT=$(api -d '{"userName":"bench-bot","name":"Bench"}' "$REST/management/v1/users/machine" | json '["userId"]')
api -d '{"userId":"'"$BOT"'","roles":["ORG_USER_MANAGER"]}' "$REST/management/v1/orgs/me/members" >/dev/null
(umask 077; api -d '{"type":"KEY_TYPE_JSON"}' "$REST/management/v1/users/$BOT/keys" \
  | python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["keyDetails"]))' > "$OUT/key.json")
SECRET=$(api -X PUT "$REST/management/v1/users/$BOT/secret" | json '["clientSecret"]')
ASSERTION=$(tool assertion --key "$OUT/key.json" --audience "$REST")
printf 'grant_type=client_credentials&client_id=bench-bot&client_secret=%s' "$SECRET" > "$OUT/client-credentials.form"
printf 'grant_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Agrant-type%%3Ajwt-bearer&assertion=%s' "$ASSERTION" > "$OUT/jwt-bearer.form"
ACCESS=$(curl -fs "$REST/oauth/v2/token" --data-binary "@$OUT/client-credentials.form" | json '["access_token"]')

# run NAME SECONDS [h2load arguments ...]: one h2load with CLIENTS connections; prints the percentiles line
run() {
  local name=$1 seconds=$2; shift 2
  h2load --h1 -D "$seconds" -c "$CLIENTS" -m 1 --log-file "$OUT/$name.log" "$@" >/dev/null 2>&1 || true
  tool percentiles --h2load-log "$OUT/$name.log" --ok-only
}
measure() { # measure NAME [h2load arguments ...]: WARMUP unmeasured seconds, then SECONDS_PER_RUN measured
  local name=$1; shift
  run "$name-warmup" "$WARMUP" "$@" >/dev/null
  log "$name: $CLIENTS clients, ${SECONDS_PER_RUN}s"
  run "$name" "$SECONDS_PER_RUN" "$@"
}
READ="$REST/management/v1/users/$BOT"
PAT_READ=$(measure read-pat -H "authorization: Bearer $TOKEN" "$READ")
OAUTH_READ=$(measure read-oauth -H "authorization: Bearer $ACCESS" "$READ")
FORM=(-H "content-type: application/x-www-form-urlencoded")
CC=$(measure token-client-credentials "${FORM[@]}" -d "$OUT/client-credentials.form" "$REST/oauth/v2/token")
JB=$(measure token-jwt-bearer "${FORM[@]}" -d "$OUT/jwt-bearer.form" "$REST/oauth/v2/token")
MEM=$(peak_mb)
stop_service

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
row() { # row LABEL LINE
  local ok; ok=$(field ok "$2")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$ok" "$(awk -v n="$ok" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%.0f", n / s }')" \
    "$(field p50_ms "$2")" "$(field p99_ms "$2")" "$(field statuses "$2")"
}
REV=$(git rev-parse --short HEAD)
RESULT="$ROOT/bench/results/$(date -u +%F)-$REV-oauth.md"
{
  echo "# OAuth: token endpoint and access-token authentication ($REV)"
  echo
  echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), SQLite, $CLIENTS clients closed loop (one connection each), ${SECONDS_PER_RUN}s per row after ${WARMUP}s of warm-up; h2load and the service on the same machine. Peak memory of the service: ${MEM} MB."
  echo
  echo "| what | answers 200 | per second | p50 ms | p99 ms | statuses |"
  echo "|---|---|---|---|---|---|"
  row "GetUserByID, personal access token" "$PAT_READ"
  row "GetUserByID, OAuth access token" "$OAUTH_READ"
  row "token endpoint, client_credentials" "$CC"
  row "token endpoint, jwt-bearer (one assertion, no jti)" "$JB"
} > "$RESULT"
cat "$RESULT"
