# Shared by bench/run.sh and bench/list-users.sh (sourced; ROOT and OUT set by the caller): builds Release into
# $OUT, and starts and stops the real service on a data directory (SQLite unless extra settings say otherwise).
log() { printf '== %s\n' "$*" >&2; }

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
