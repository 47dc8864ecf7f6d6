#!/usr/bin/env bash
# Benchmark harness, one command:  bash bench/run.sh
# Builds Release, starts the real service on SQLite (default 210,000 hash iterations), seeds users and
# measures side by side: the raw PasswordHasher, SetHumanInitialPassword over REST and gRPC (with 1,000
# and with 1,000,000 users), the service's overhead beyond the hash, peak memory, overload at many
# times the sustainable rate, and the in-process pipeline without the hash (BenchmarkDotNet).
# Load comes from h2load (Debian's nghttp2-client): REST over HTTP/1.1, gRPC over h2c.
# Environment: BENCH_SECONDS (default 30) per load run, BENCH_WARMUP (default 15) unmeasured seconds first, BENCH_SKIP_MILLION=1 to skip the 1,000,000-user run,
# BENCH_SKIP_PIPELINE=1 to skip BenchmarkDotNet, BENCH_SKIP_SIGNIN=1 to skip sign-in (CreateSession with a password check).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/.out"
SECONDS_PER_RUN=${BENCH_SECONDS:-30}
WARMUP=${BENCH_WARMUP:-15}
P=$(nproc)
PASSWORD='Correct-Horse-42!'
rm -rf "$OUT" && mkdir -p "$OUT" "$ROOT/bench/results"

source "$ROOT/bench/service.sh"

if ! command -v h2load >/dev/null; then
  log "installing h2load (nghttp2-client)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null
fi


# prepare DATA_DIR USERS [SEED_ARGS ...]: migrated database with USERS seeded users; sets TOKEN, ORG, DOMAIN (the
# org's primary domain), IDS and NAMES (the first seeded users' ids and user names)
prepare() {
  local data=$1 users=$2; shift 2
  mkdir -p "$data"
  start_service "$data"
  TOKEN=$(cat "$data/admin.pat")
  read -r ORG DOMAIN < <(curl -fs -H "Authorization: Bearer $TOKEN" "$REST/management/v1/orgs/me" | python3 -c 'import json,sys; o = json.load(sys.stdin)["org"]; print(o["id"], o["primaryDomain"])')
  stop_service
  log "seeding $users users"
  tool seed --db "$data/identity.db" --org "$ORG" --users "$users" --ids-out "$data/ids.txt" --ids 2000 --names-out "$data/names.txt" "$@" >/dev/null
  IDS="$data/ids.txt"; NAMES="$data/names.txt"
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

# session_load NAME CLIENTS DURATION BODY_FN [RPS_PER_CLIENT]: CLIENTS h2load processes (one connection each) on
# POST /v2/sessions; client i sends the body "BODY_FN i" prints (h2load sends one body per process)
session_load() {
  local name=$1 clients=$2 duration=$3 body=$4 rps=${5:-0} dir="$OUT/$1" pace=()
  [ "$rps" -gt 0 ] && pace=(--rps "$rps")
  mkdir -p "$dir"
  for i in $(seq 0 $((clients - 1))); do
    "$body" "$i" > "$dir/body.$i"
    h2load --h1 -D "$duration" "${pace[@]}" -c 1 -m 1 -d "$dir/body.$i" --log-file "$dir/log.$i" \
      -H "authorization: Bearer $TOKEN" -H "content-type: application/json" "$REST/v2/sessions" >/dev/null 2>&1 &
  done
  local job; for job in $(jobs -p); do [ "$job" = "$PID" ] || wait "$job" || true; done
  cat "$dir"/log.* > "$dir/all.log"
}
session_body() { printf '{"checks":{"user":{"loginName":"%s@%s"},"password":{"password":"%s"}}}' "$1" "$DOMAIN" "$2"; }
# client i signs in as the i-th seeded user (each client on its own user: no two clients touch one user's rows)
right_body() { session_body "$(sed -n "$(($1 + 1))p" "$NAMES")" "$PASSWORD"; }
FLOOD_USER_LINE=1500  # a seeded user no other part uses
flood_body() { session_body "$(sed -n "${FLOOD_USER_LINE}p" "$NAMES")" "Wrong-Horse-42!"; }
wrong_body() { session_body "$(sed -n "$((1000 + $1 + 1))p" "$NAMES")" "Wrong-Horse-42!"; }
unknown_body() { session_body "nobody-$1-$RANDOM" "Wrong-Horse-42!"; }
# error ids of answers: STATUS ID per line, one call each, for the flood's tally (h2load logs only statuses)
probe_ids() { # probe_ids BODY_FN SECONDS OUT
  local end=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$end" ]; do
    curl -s -o "$3.body" -w '%{http_code}' -H "authorization: Bearer $TOKEN" -H "content-type: application/json" \
      -d "$("$1" 0)" "$REST/v2/sessions" >"$3.code" || true
    printf '%s %s\n' "$(cat "$3.code")" "$(python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1])); print(next((x.get("id") for x in d.get("details", []) if x.get("id")), "-"))
except Exception:
    print("-")' "$3.body")" >> "$3"
  done
}

SIGNIN=""
if [ "${BENCH_SKIP_SIGNIN:-0}" != 1 ]; then
  data="$OUT/data-signin"
  log "sign-in: seeding users with one real hash ($P clients, each on its own user)"
  prepare "$data" 2000 --password "$PASSWORD" --iterations 210000
  # budgets out of the way for the throughput and timing parts (successful checks take none anyway)
  start_service "$data" Identity__Limits__FailedChecksPerUserPerMinute=0 Identity__Limits__FailedChecksPerSourcePerMinute=0
  session_load signin-warmup "$P" "$WARMUP" right_body
  # The raw verify rate and the load alternate in BENCH_SIGNIN_ROUNDS rounds (default 3: 5 s of raw verifies,
  # then a third of BENCH_SECONDS of load), so that a shared machine's drift hits both sides alike.
  ROUNDS=${BENCH_SIGNIN_ROUNDS:-3}; SLICE=$(( (SECONDS_PER_RUN + ROUNDS - 1) / ROUNDS )); SIGNIN_SECONDS=$((ROUNDS * SLICE))
  SIGNIN_VERIFIES=()
  log "sign-in: CreateSession with a password check, REST, $P clients, $ROUNDS rounds of ${SLICE}s, raw verifies before each"
  for r in $(seq 1 "$ROUNDS"); do
    SIGNIN_VERIFIES+=("$(tool hash --verify --parallel "$P" --iterations 210000 --seconds 5)")
    session_load "signin-$r" "$P" "$SLICE" right_body
  done
  mkdir -p "$OUT/signin"; cat "$OUT"/signin-[0-9]*/all.log > "$OUT/signin/all.log"
  SIGNIN_OK=$(tool percentiles --h2load-log "$OUT/signin/all.log" --ok-only)
  # timing: unknown login names and a real user with a wrong password, at the same time, half the clients each
  half=$(( P / 2 > 0 ? P / 2 : 1 ))
  log "sign-in timing: unknown user vs wrong password, $half clients each"
  ( session_load timing-unknown "$half" "$SECONDS_PER_RUN" unknown_body ) & t1=$!
  ( session_load timing-wrong "$half" "$SECONDS_PER_RUN" wrong_body ) & t2=$!
  wait "$t1" "$t2" || true
  TIMING_UNKNOWN=$(tool percentiles --h2load-log "$OUT/timing-unknown/all.log" --status 400)
  TIMING_WRONG=$(tool percentiles --h2load-log "$OUT/timing-wrong/all.log" --status 400)
  SIGNIN_MEM=$(peak_mb)
  stop_service

  # flood: one user, many clients, wrong password, lockout after 10 in the bench org, default budgets
  start_service "$data"
  curl -fs -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H "x-zitadel-orgid: $ORG" -H "content-type: application/json" \
    -d '{"maxPasswordAttempts":10}' "$REST/management/v1/policies/lockout"
  FLOOD_ID=$(sed -n "${FLOOD_USER_LINE}p" "$IDS")
  FLOOD_CLIENTS=$((16 * P))
  log "sign-in flood: $FLOOD_CLIENTS clients, wrong password, one user, lockout policy 10, default budgets"
  probe_ids flood_body "$SECONDS_PER_RUN" "$OUT/flood-ids" & probe=$!
  session_load flood "$FLOOD_CLIENTS" "$SECONDS_PER_RUN" flood_body
  wait "$probe" || true
  FLOOD=$(tool percentiles --h2load-log "$OUT/flood/all.log")
  FLOOD_STATE=$(curl -fs -H "Authorization: Bearer $TOKEN" -H "x-zitadel-orgid: $ORG" "$REST/management/v1/users/$FLOOD_ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"].get("state", "?"))')
  FLOOD_PROBES=$(sort "$OUT/flood-ids" | uniq -c | awk '{ printf "%s%s %s x%s", sep, $2, $3, $1; sep = ", " }')
  FLOOD_MEM=$(peak_mb)
  stop_service

  # the same flood with the budgets off: only the hashing slots bound the hash work (the user is locked
  # after 10 failures, and a locked user's wrong password still costs a hash, so the flood goes on hashing)
  start_service "$data" Identity__Limits__FailedChecksPerUserPerMinute=0 Identity__Limits__FailedChecksPerSourcePerMinute=0
  FLOOD2_ID=$(sed -n "1600p" "$IDS")
  flood2_body() { session_body "$(sed -n "1600p" "$NAMES")" "Wrong-Horse-42!"; }
  log "sign-in flood without budgets: $FLOOD_CLIENTS clients, wrong password, one user"
  probe_ids flood2_body "$SECONDS_PER_RUN" "$OUT/flood2-ids" & probe=$!
  session_load flood2 "$FLOOD_CLIENTS" "$SECONDS_PER_RUN" flood2_body
  wait "$probe" || true
  FLOOD2=$(tool percentiles --h2load-log "$OUT/flood2/all.log")
  FLOOD2_STATE=$(curl -fs -H "Authorization: Bearer $TOKEN" -H "x-zitadel-orgid: $ORG" "$REST/management/v1/users/$FLOOD2_ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"].get("state", "?"))')
  FLOOD2_PROBES=$(sort "$OUT/flood2-ids" | uniq -c | awk '{ printf "%s%s %s x%s", sep, $2, $3, $1; sep = ", " }')
  stop_service
  SIGNIN=1
fi

signin_report() {
  local ok rate vrate=0 v rates="" f400 f2400
  ok=$(field ok "$SIGNIN_OK"); rate=$(calc "$ok / $SIGNIN_SECONDS" 2)
  for v in "${SIGNIN_VERIFIES[@]}"; do
    vrate=$(calc "$vrate + $(field hashes_per_second "$v") / ${#SIGNIN_VERIFIES[@]}" 4)
    rates="$rates${rates:+, }$(field hashes_per_second "$v")/s (p50 $(field p50_ms "$v") ms)"
  done
  vrate=$(calc "$vrate" 2)
  f400=$(sed -n 's/.*statuses=.*400:\([0-9]*\).*/\1/p' <<<"$FLOOD"); f400=${f400:-0}
  f2400=$(sed -n 's/.*statuses=.*400:\([0-9]*\).*/\1/p' <<<"$FLOOD2"); f2400=${f2400:-0}
  echo "## Sign-in: CreateSession with a password check (REST, \`POST /v2/sessions\`)"
  echo
  echo "Raw IdentityPasswordHasher.Verify (right password, hash made at 210,000 iterations) at parallelism $P, 5 s before each of the $ROUNDS load rounds: $rates; mean **$vrate verifies/s**."
  echo
  echo "| CreateSession + password, $P clients, each on its own user | calls/s | raw verifies/s | x raw | p50 ms | p95 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| REST, 2,000 users seeded, $ROUNDS x ${SLICE}s | $rate | $vrate | $(calc "$rate / $vrate" 2) | $(field p50_ms "$SIGNIN_OK") | $(field p95_ms "$SIGNIN_OK") | $(field p99_ms "$SIGNIN_OK") | $(( $(field total "$SIGNIN_OK") - ok )) |"
  echo
  echo "Failed checks, side by side ($half client(s) each, at the same time, failed-check budgets off): unknown login name p50 $(field p50_ms "$TIMING_UNKNOWN") ms, p99 $(field p99_ms "$TIMING_UNKNOWN") ms ($(field n "$TIMING_UNKNOWN") answers 400); real user, wrong password p50 $(field p50_ms "$TIMING_WRONG") ms, p99 $(field p99_ms "$TIMING_WRONG") ms ($(field n "$TIMING_WRONG") answers 400); statuses: unknown $(field statuses "$TIMING_UNKNOWN"), wrong $(field statuses "$TIMING_WRONG"). Peak memory (VmHWM) $SIGNIN_MEM MB."
  echo
  echo "Wrong-password flood of one user, $FLOOD_CLIENTS clients (closed loop), lockout policy 10 in the bench org, default failed-check budgets, ${SECONDS_PER_RUN}s: $(field total "$FLOOD") answers, by status $(field statuses "$FLOOD"); hash work accepted (400 answers: each verified a hash) $(calc "$f400 / $SECONDS_PER_RUN" 2)/s against $vrate verifies/s; the user ends $FLOOD_STATE. Error ids of a probe sending the same request one at a time during the flood: ${FLOOD_PROBES:-none}. Peak memory $FLOOD_MEM MB."
  echo
  echo "The same flood with the failed-check budgets off (only the hashing slots bound it; a locked user's wrong password still costs a hash): $(field total "$FLOOD2") answers, by status $(field statuses "$FLOOD2"); hash work accepted $(calc "$f2400 / $SECONDS_PER_RUN" 2)/s against $vrate verifies/s; 400 p50 $(field p50_ms "$(tool percentiles --h2load-log "$OUT/flood2/all.log" --status 400)") ms; the user ends $FLOOD2_STATE. Probe ids: ${FLOOD2_PROBES:-none}."
}

if [ "${BENCH_ONLY_SIGNIN:-0}" = 1 ]; then
  signin_report | tee "$OUT/signin.md"
  exit 0
fi

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
  if [ -n "$SIGNIN" ]; then echo; signin_report; fi
} > "$report"
cat "$report"
echo
log "written to ${report#$ROOT/}"
