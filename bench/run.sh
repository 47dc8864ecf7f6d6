#!/usr/bin/env bash
# Benchmark harness, one command:  bash bench/run.sh
# Builds Release, starts the real service on SQLite (default 210,000 hash iterations), seeds users and
# measures side by side: the raw PasswordHasher, SetHumanInitialPassword over REST and gRPC (with 1,000
# and with 1,000,000 users), the service's overhead beyond the hash, peak memory, overload at many
# times the sustainable rate, and the in-process pipeline without the hash (BenchmarkDotNet).
# Load comes from h2load (Debian's nghttp2-client): REST over HTTP/1.1, gRPC over h2c.
# Environment: BENCH_SECONDS (default 30) per load run, BENCH_WARMUP (default 15) unmeasured seconds first, BENCH_SKIP_MILLION=1 to skip the 1,000,000-user run,
# BENCH_SKIP_PIPELINE=1 to skip BenchmarkDotNet.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/.out"
SECONDS_PER_RUN=${BENCH_SECONDS:-30}
WARMUP=${BENCH_WARMUP:-15}
P=$(nproc)
PASSWORD='Correct-Horse-42!'
rm -rf "$OUT" && mkdir -p "$OUT" "$ROOT/bench/results"

log() { printf '== %s\n' "$*" >&2; }

if ! command -v h2load >/dev/null; then
  log "installing h2load (nghttp2-client)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null
fi

log "building Release"
dotnet publish src/Api -c Release -o "$OUT/api" --nologo -v q >/dev/null
dotnet build bench/Identity.Bench -c Release -o "$OUT/tool" --nologo -v q >/dev/null
tool() { dotnet "$OUT/tool/Identity.Bench.dll" "$@"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REST_PORT=$(free_port); GRPC_PORT=$(free_port)
REST="http://127.0.0.1:$REST_PORT"; GRPC="http://127.0.0.1:$GRPC_PORT"
PID=""

# start_service DATA_DIR [extra VAR=value ...]
start_service() {
  local data=$1; shift
  ( cd "$OUT/api" && exec env \
      Identity__Database__ConnectionString="Data Source=$data/identity.db" \
      Identity__Bootstrap__TokenFile="$data/admin.pat" \
      Kestrel__Endpoints__Rest__Url="$REST" Kestrel__Endpoints__Grpc__Url="$GRPC" \
      Logging__LogLevel__Default=Warning "$@" \
      dotnet Identity.Api.dll >"$data/service.log" 2>&1 ) &
  PID=$!
  for _ in $(seq 1 300); do
    curl -fs "$REST/debug/ready" >/dev/null 2>&1 && return
    sleep 0.2
  done
  cat "$data/service.log" >&2; exit 1
}
stop_service() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; PID=""; }
trap stop_service EXIT
peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status"; }

# prepare DATA_DIR USERS: migrated database with USERS seeded users; sets TOKEN, ORG, IDS
prepare() {
  local data=$1 users=$2
  mkdir -p "$data"
  start_service "$data"
  TOKEN=$(cat "$data/admin.pat")
  ORG=$(curl -fs -H "Authorization: Bearer $TOKEN" "$REST/management/v1/orgs/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["org"]["id"])')
  stop_service
  log "seeding $users users"
  tool seed --db "$data/identity.db" --org "$ORG" --users "$users" --ids-out "$data/ids.txt" --ids 2000 >/dev/null
  IDS="$data/ids.txt"
}

# load NAME PROTOCOL CLIENTS [RPS_PER_CLIENT] [DURATION]: CLIENTS h2load processes, each with one connection
# and its own users; closed loop, or RPS_PER_CLIENT requests per second per client
load() {
  local name=$1 protocol=$2 clients=$3 rps=${4:-0} duration=${5:-$SECONDS_PER_RUN} dir="$OUT/$1" pace=()
  [ "$rps" -gt 0 ] && pace=(--rps "$rps")
  mkdir -p "$dir"
  printf '{"password":"%s"}' "$PASSWORD" > "$dir/body.json"
  for i in $(seq 0 $((clients - 1))); do
    if [ "$protocol" = rest ]; then
      awk -v c="$clients" -v i="$i" -v base="$REST" 'NR % c == i { print base "/management/v1/users/" $1 "/password/_initialize" }' "$IDS" > "$dir/uris.$i"
      h2load --h1 -D "$duration" "${pace[@]}" -c 1 -m 1 -d "$dir/body.json" -i "$dir/uris.$i" --log-file "$dir/log.$i" \
        -H "authorization: Bearer $TOKEN" -H "x-zitadel-orgid: $ORG" -H "content-type: application/json" >/dev/null 2>&1 &
    else
      tool frame --user "$(sed -n "$((i + 1))p" "$IDS")" --password "$PASSWORD" --out "$dir/frame.$i"
      h2load -D "$duration" "${pace[@]}" -c 1 -m 1 -d "$dir/frame.$i" --log-file "$dir/log.$i" \
        -H "authorization: Bearer $TOKEN" -H "x-zitadel-orgid: $ORG" -H "content-type: application/grpc" -H "te: trailers" \
        "$GRPC/zitadel.management.v1.ManagementService/SetHumanInitialPassword" >/dev/null 2>&1 &
    fi
  done
  local job; for job in $(jobs -p); do [ "$job" = "$PID" ] || wait "$job" || true; done
  cat "$dir"/log.* > "$dir/all.log"
  tool percentiles --h2load-log "$dir/all.log" --ok-only
}
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }

log "raw PasswordHasher, $P threads, ${SECONDS_PER_RUN}s"
HASH=$(tool hash --parallel "$P" --iterations 210000 --seconds "$SECONDS_PER_RUN")
HASH_RATE=$(field hashes_per_second "$HASH"); HASH_MS=$(field mean_ms "$HASH")
HASH_P50=$(field p50_ms "$HASH"); HASH_P99=$(field p99_ms "$HASH")

declare -A R
measure() { # measure LABEL USERS
  local label=$1 users=$2 data="$OUT/data-$1"
  prepare "$data" "$users"
  start_service "$data" Identity__Limits__PasswordCallsPerCallerPerMinute=0
  load "$label-warmup" rest "$P" 0 "$WARMUP" >/dev/null  # tiered JIT, pools and caches settle; not measured
  # The raw hasher is measured again right before each load run (the service idle), so that each
  # row compares with the machine as it is at that moment: shared machines drift by several ms.
  R[$label.rest.hash]=$(tool hash --parallel "$P" --iterations 210000 --seconds 10)
  log "$label: REST, $P clients"; R[$label.rest]=$(load "$label-rest" rest "$P")
  R[$label.grpc.hash]=$(tool hash --parallel "$P" --iterations 210000 --seconds 10)
  log "$label: gRPC, $P clients"; R[$label.grpc]=$(load "$label-grpc" grpc "$P")
  R[$label.mem]=$(peak_mb)
  stop_service
}
measure k 1000
if [ "${BENCH_SKIP_MILLION:-0}" != 1 ]; then measure m 1000000; fi

OVER_CLIENTS=$((16 * P))
OVER_RPS=$(awk -v h="$HASH_RATE" -v c="$OVER_CLIENTS" 'BEGIN { r = 4 * h / c; print (r == int(r)) ? r : int(r) + 1 }')
log "overload: $OVER_CLIENTS clients at $OVER_RPS calls/s each (4x the raw hasher rate) against $P hashing slots"
data="$OUT/data-overload"; prepare "$data" 1000
start_service "$data" Identity__Limits__PasswordCallsPerCallerPerMinute=0
load overload-warmup rest "$P" 0 "$WARMUP" >/dev/null
OVER=$(load overload rest "$OVER_CLIENTS" "$OVER_RPS")
OVER_MEM=$(peak_mb)
stop_service

PIPE="(skipped)"
if [ "${BENCH_SKIP_PIPELINE:-0}" != 1 ]; then
  log "BenchmarkDotNet: in-process pipeline without the hash"
  ( cd "$OUT" && dotnet "$OUT/tool/Identity.Bench.dll" pipeline > "$OUT/pipeline.txt" 2>&1 ) || true
  PIPE=$(grep -E "^\| *'?SetHumanInitialPassword" "$OUT/pipeline.txt" | head -n 1 | awk -F'|' '{ gsub(/ +/, " "); print "mean" $4 ", allocated" $(NF-1) }' || true)
  [ -n "$PIPE" ] || PIPE="(BenchmarkDotNet failed: see bench/.out/pipeline.txt)"
fi

row() { # row LABEL RESULT RAW_HASH_RESULT
  local r=$2 h=$3 ok p50 p99 rate hrate hp50 hp99
  ok=$(field ok "$r"); p50=$(field p50_ms "$r"); p99=$(field p99_ms "$r")
  hrate=$(field hashes_per_second "$h"); hp50=$(field p50_ms "$h"); hp99=$(field p99_ms "$h")
  rate=$(calc "$ok / $SECONDS_PER_RUN" 2)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |\n' "$1" "$rate" "$hrate" "$(calc "$rate / $hrate" 2)" \
    "$p50" "$(field p95_ms "$r")" "$p99" "$hp50" "$hp99" "$(calc "$p50 - $hp50")" "$(calc "$p99 - $hp99")"
}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
report="$ROOT/bench/results/$(date -u +%Y-%m-%d)-$commit.md"
{
  echo "# Benchmark $(date -u +%Y-%m-%dT%H:%MZ), commit $commit"
  echo
  echo "Machine: $P cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB. SQLite, 210,000 PBKDF2 iterations, $P concurrent clients, ${SECONDS_PER_RUN}s per run."
  echo
  echo "Raw PasswordHasher at parallelism $P, ${SECONDS_PER_RUN}s on an idle machine: **$(calc "$HASH_RATE" 2) hashes/s**; per hash: mean $HASH_MS ms, p50 $HASH_P50 ms, p99 $HASH_P99 ms."
  echo
  echo "| SetHumanInitialPassword | calls/s | raw hashes/s | x raw | p50 ms | p95 ms | p99 ms | raw hash p50 / p99 ms | overhead p50 ms | overhead p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  row "REST, 1,000 users" "${R[k.rest]}" "${R[k.rest.hash]}"
  row "gRPC, 1,000 users" "${R[k.grpc]}" "${R[k.grpc.hash]}"
  if [ -n "${R[m.rest]:-}" ]; then
    row "REST, 1,000,000 users" "${R[m.rest]}" "${R[m.rest.hash]}"
    row "gRPC, 1,000,000 users" "${R[m.grpc]}" "${R[m.grpc.hash]}"
  fi
  echo
  echo "Raw hashes/s and raw hash p50/p99 are measured for 10 s right before each row's load run, at the same parallelism; overhead = the endpoint's percentile minus the raw hash's (the load generator shares the cores, so this includes its CPU). The pipeline's own cost, without HTTP and the hash, is the BenchmarkDotNet line below. Peak memory (VmHWM): $(printf '%s MB' "${R[k.mem]}") with 1,000 users${R[m.mem]:+, ${R[m.mem]} MB with 1,000,000 users}."
  echo
  echo "Overload, $OVER_CLIENTS clients at $OVER_RPS calls/s each against $P hashing slots (REST): $(field total "$OVER") calls, $(field ok "$OVER") accepted ($(calc "$(field ok "$OVER") / $SECONDS_PER_RUN" 2)/s), $(field refused "$OVER") refused with 429/503, $(field other "$OVER") other; accepted p50 $(field p50_ms "$OVER") ms, p99 $(field p99_ms "$OVER") ms; offered $(calc "$(field total "$OVER") / $SECONDS_PER_RUN / $HASH_RATE" 1)x the raw hasher rate; peak memory $OVER_MEM MB."
  echo
  echo "In-process pipeline without the hash (BenchmarkDotNet, SQLite file, 1,000 users): $PIPE."
  for name in k-rest k-grpc m-rest m-grpc; do
    [ -f "$OUT/$name/all.log" ] && echo && echo "Non-OK statuses in $name: $(tool percentiles --h2load-log "$OUT/$name/all.log" | sed -n 's/.*refused=\([0-9]*\) other=\([0-9]*\).*/refused \1, other \2/p')"
  done
} > "$report"
cat "$report"
echo
log "written to ${report#$ROOT/}"
