#!/usr/bin/env bash
# Load benchmark of the open API: getUserInfo against a bare endpoint of the same host that returns a constant body of
# the same size. Starts the portal (Program.cs, through the benchmark host in this folder, which adds the bare endpoint
# the product does not have) on loopback with a fresh database and the document's example client, runs wrk with the
# same connections and duration against both, in rounds that alternate which endpoint goes first, and prints throughput,
# p99 and the ratio: the median of the rounds' ratios, with their spread (target >= 0.8), then "figure openapi-ratio X".
# It also reads the portal process's CPU time (/proc/PID/stat) around each wrk run and prints the CPU per request of each
# endpoint: on a shared machine that moves much less than throughput.
#
#   benchmarks/OpenApiLoad/run.sh [seconds-per-endpoint=30] [connections=32] [threads=2] [rounds=6]
#
# BENCH_NO_BUILD=1 skips the build (benchmarks/run.sh builds the solution once).
set -euo pipefail

DURATION="${1:-30}"
CONNECTIONS="${2:-32}"
THREADS="${3:-2}"
ROUNDS="${4:-6}"
PORT="${OPENAPI_BENCH_PORT:-5791}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$(mktemp -d /tmp/openapi-bench.XXXXXX)"
BASE="http://127.0.0.1:${PORT}"
# The document's test client and token (seeded because OpenApi__SeedDocumentExamples=true below).
BASIC="Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU"
TOKEN="9106c9fd1e138a042d4aedf94cede7a766e0"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  if command -v apt-get >/dev/null; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || { echo "wrk is required (Debian: apt-get install wrk)" >&2; exit 1; }
fi

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  echo "Building the portal and the benchmark host (Release)..."
  dotnet build "$ROOT/benchmarks/OpenApiLoad" -c Release -v q -nologo >/dev/null
fi

PORTAL_PID=""
cleanup() {
  if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# The host sets Development (the example seed is refused in Production by design), the seed and an unlimited budget.
(cd "$ROOT/benchmarks/OpenApiLoad" && exec dotnet "bin/Release/net10.0/OpenApiLoad.Benchmarks.dll" --port "$PORT" --data "$DATA") \
  >"$DATA/portal.log" 2>&1 &
PORTAL_PID=$!

for _ in $(seq 1 120); do
  curl -fs "$BASE/apis/openapi.json" >/dev/null 2>&1 && break
  if ! kill -0 "$PORTAL_PID" 2>/dev/null; then cat "$DATA/portal.log" >&2; exit 1; fi
  sleep 0.5
done

stamp() {
  local t; t=$(date +%s%3N)
  echo "t_=${t}&p_=$(( t % 10000 * 3 + 2345 ))"
}

CODE=$(curl -fs -H "Authorization: $BASIC" "$BASE/apis/rest/authService/authorize/json?access_token=$TOKEN&$(stamp)" \
  | sed -n 's/.*"auth_code":"\([0-9a-f]\{40\}\)".*/\1/p')
if [ -z "$CODE" ]; then echo "authorize failed" >&2; cat "$DATA/portal.log" >&2; exit 1; fi

# One stamp for the whole run: it stays fresh for five minutes.
USER_URL="$BASE/apis/rest/userService/getUserInfo/json?access_token=$TOKEN&client_id=1102084294&auth_code=$CODE&$(stamp)"
BARE_URL="$BASE/apis/bench/bare/json"

USER_SIZE=$(curl -fs -H "Authorization: $BASIC" "$USER_URL" | wc -c)
BARE_SIZE=$(curl -fs "$BARE_URL" | wc -c)
echo "Body sizes: getUserInfo ${USER_SIZE} B, bare ${BARE_SIZE} B"
curl -fs -H "Authorization: $BASIC" "$USER_URL" | grep -q '"code":200' || { echo "getUserInfo does not answer 200" >&2; exit 1; }

# The machine may be shared, so its load drifts: the two endpoints are measured in alternating rounds and compared by
# their totals, so a busy moment hurts both alike.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "Authorization: $BASIC" "$USER_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$BARE_URL" >/dev/null

ROUND_SECONDS=$(( DURATION / ROUNDS > 0 ? DURATION / ROUNDS : 1 ))
USER_REQS=0; BARE_REQS=0; USER_P99S=(); BARE_P99S=(); USER_TICKS=0; BARE_TICKS=0
TICKS_PER_SECOND=$(getconf CLK_TCK)
# The portal's user + system CPU time so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PORTAL_PID/stat"; }
requests() { echo "$1" | awk '/requests in/ {print $1}'; }
p99() { echo "$1" | awk '$1 == "99%" {print $2}'; }
check() { if echo "$1" | grep -q "Non-2xx"; then echo "Some responses were not 2xx:" >&2; echo "$1" >&2; exit 1; fi; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else printf "%.2f", v * 1000 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

echo "== ${ROUNDS} rounds of ${ROUND_SECONDS}s each: ${CONNECTIONS} connections, ${THREADS} threads =="
RATIOS=()
run_user() {
  local before; before=$(cpu_ticks)
  USER_OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_SECONDS}s" --latency -H "Authorization: $BASIC" "$USER_URL")
  USER_TICKS=$(( USER_TICKS + $(cpu_ticks) - before ))
}
run_bare() {
  local before; before=$(cpu_ticks)
  BARE_OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_SECONDS}s" --latency -H "Authorization: $BASIC" "$BARE_URL")
  BARE_TICKS=$(( BARE_TICKS + $(cpu_ticks) - before ))
}
for round in $(seq 1 "$ROUNDS"); do
  # Odd rounds measure getUserInfo first, even rounds the bare endpoint.
  if [ $(( round % 2 )) = 1 ]; then
    FIRST=getUserInfo; run_user; run_bare
  else
    FIRST=bare; run_bare; run_user
  fi
  check "$USER_OUT"; check "$BARE_OUT"
  USER_REQS=$(( USER_REQS + $(requests "$USER_OUT") )); BARE_REQS=$(( BARE_REQS + $(requests "$BARE_OUT") ))
  USER_P99S+=("$(to_ms "$(p99 "$USER_OUT")")"); BARE_P99S+=("$(to_ms "$(p99 "$BARE_OUT")")")
  RATIOS+=("$(awk -v a="$(requests "$USER_OUT")" -v b="$(requests "$BARE_OUT")" 'BEGIN { printf "%.3f", a / b }')")
  echo "round ${round} (${FIRST} first): getUserInfo $(requests "$USER_OUT") requests (p99 $(p99 "$USER_OUT")), bare $(requests "$BARE_OUT") requests (p99 $(p99 "$BARE_OUT")), ratio ${RATIOS[-1]}"
done

TOTAL_SECONDS=$(( ROUND_SECONDS * ROUNDS ))
RATIO=$(median "${RATIOS[@]}")
SPREAD="$(printf '%s\n' "${RATIOS[@]}" | sort -g | head -n 1)–$(printf '%s\n' "${RATIOS[@]}" | sort -g | tail -n 1)"
echo
echo "getUserInfo: $(( USER_REQS / TOTAL_SECONDS )) req/s, median p99 $(median "${USER_P99S[@]}") ms"
echo "bare:        $(( BARE_REQS / TOTAL_SECONDS )) req/s, median p99 $(median "${BARE_P99S[@]}") ms"
echo "throughput ratio getUserInfo/bare: median of ${ROUNDS} rounds $(printf '%.2f' "$RATIO") (spread ${SPREAD}; totals $(awk -v a="$USER_REQS" -v b="$BARE_REQS" 'BEGIN { printf "%.2f", a / b }'); target >= 0.8)"
cpu_us() { awk -v t="$1" -v n="$2" -v hz="$TICKS_PER_SECOND" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
echo "portal CPU per request: getUserInfo $(cpu_us "$USER_TICKS" "$USER_REQS") µs, bare $(cpu_us "$BARE_TICKS" "$BARE_REQS") µs (ratio $(awk -v u="$USER_TICKS" -v un="$USER_REQS" -v b="$BARE_TICKS" -v bn="$BARE_REQS" 'BEGIN { printf "%.2f", (u / un) / (b / bn) }'))"
echo "figure openapi-ratio $(printf '%.2f' "$RATIO")"
