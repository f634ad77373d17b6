#!/usr/bin/env bash
# The portal's refresh-sweep and print throughput on SQLite next to PostgreSQL (README.md in this folder).
#
#   benchmarks/Databases/run.sh [--test-server] [benchmark options: --tokens 5000 --prints 1000 --rounds 3 --latency 20 ...]
#
# With PORTAL_BENCH_POSTGRES set (a connection string to a database on a server where the benchmark may create and drop
# databases, e.g. Database=postgres), that server is used. Otherwise a throw-away PostgreSQL 15 starts on a loopback
# port (tests/postgres/server.sh, which installs Debian's package when missing) with PostgreSQL's durability defaults,
# as a deployed server has them, or with the tests' settings (fsync off) under --test-server; it is stopped and deleted
# however the run ends. PORTAL_BENCH_POSTGRES_OPTIONS adds Npgsql settings to the connection string either way (e.g.
# "No Reset On Close=true;Max Auto Prepare=64"): the portal's database gets them too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVER_DIR=""
BENCH_PID=""
ARGS=()
DURABLE=1
for arg in "$@"; do
  if [ "$arg" = "--test-server" ]; then DURABLE=""; else ARGS+=("$arg"); fi
done

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    # The benchmark drops its database on TERM and exits; after 20 s it is killed (the server goes anyway).
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_DIR" ]; then "$ROOT/tests/postgres/server.sh" stop "$SERVER_DIR" || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# BENCH_NO_BUILD=1 skips the build (benchmarks/run.sh builds the solution once).
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  echo "Building the benchmark (Release)..."
  BUILD_LOG="$(mktemp)"
  if ! dotnet build "$ROOT/benchmarks/Databases" -c Release -v q -nologo >"$BUILD_LOG" 2>&1; then
    cat "$BUILD_LOG" >&2; rm -f "$BUILD_LOG"; exit 1
  fi
  rm -f "$BUILD_LOG"
fi

if [ -z "${PORTAL_BENCH_POSTGRES:-}" ]; then
  SERVER_DIR="$(mktemp -u /tmp/portal-bench-pg.XXXXXX)"
  echo "Starting a throw-away PostgreSQL 15 ($([ -n "$DURABLE" ] && echo "durability defaults" || echo "the tests' settings: fsync off"))..."
  PORTAL_BENCH_POSTGRES="$(POSTGRES_DURABLE="$DURABLE" "$ROOT/tests/postgres/server.sh" start "$SERVER_DIR")"
  export PORTAL_BENCH_POSTGRES
  # The postmaster's pid, so the benchmark can count the server's CPU time too.
  ARGS+=(--postgres-pid "$(head -n 1 "$SERVER_DIR/data/postmaster.pid")")
elif [ -z "$DURABLE" ]; then
  echo "--test-server applies only to the server this script starts; PORTAL_BENCH_POSTGRES is set, so it is used as it is." >&2
fi

if [ -n "${PORTAL_BENCH_POSTGRES_OPTIONS:-}" ]; then
  PORTAL_BENCH_POSTGRES="${PORTAL_BENCH_POSTGRES%;};${PORTAL_BENCH_POSTGRES_OPTIONS#;}"
  export PORTAL_BENCH_POSTGRES
fi

# In the background, so a TERM or Ctrl-C reaches the cleanup at once rather than after the run.
dotnet "$ROOT/benchmarks/Databases/bin/Release/net10.0/Databases.Benchmarks.dll" "${ARGS[@]}" &
BENCH_PID=$!
wait "$BENCH_PID"
