#!/usr/bin/env bash
# Every benchmark of issue 16 in one command (benchmarks/README.md).
#
#   benchmarks/run.sh [--quick|--full]
#
# --quick (the default) fits in 15 minutes on a 2-core machine; --full runs more rounds and larger batches, and also
# the SQLite-vs-PostgreSQL (benchmarks/Databases) and typed-client (benchmarks/Yilianyun.Benchmarks) benchmarks, whose
# output is kept in the log folder but gives none of the figures below.
# The solution is built once in Release. Each benchmark's full output goes to a log folder (printed at the start and
# kept); the run ends with one "figure NAME VALUE" line per figure, "n/a" where nothing measures it yet.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:---quick}"
case "$MODE" in
  --quick|--full) ;;
  *) echo "usage: benchmarks/run.sh [--quick|--full]" >&2; exit 2 ;;
esac

# Sizes per mode. Prints and tokens are per side and round; the OpenAPI seconds are per endpoint, split over its rounds.
# The print warm-up is 20,000 submissions because tiered compilation goes on optimizing the print path that long: CPU
# per submission measured 1.78 ms after 3,000, 1.08 after 10,000 and 0.89 after 20,000 (benchmarks/Printing/README.md).
if [ "$MODE" = --quick ]; then
  PRINTS=1000; PRINT_ROUNDS=4; PRINT_WARMUP=20000
  TOKENS=2000; SWEEP_ROUNDS=4; SWEEP_WARMUP=5000
  OPENAPI_SECONDS=48; OPENAPI_ROUNDS=8
  CIRCUITS_HOLD=500
  PAGE_REQUESTS=7
  API_PRINTS=500; API_ROUNDS=4; API_WARMUP=1000
else
  PRINTS=2000; PRINT_ROUNDS=8; PRINT_WARMUP=20000
  TOKENS=5000; SWEEP_ROUNDS=6; SWEEP_WARMUP=5000
  OPENAPI_SECONDS=120; OPENAPI_ROUNDS=10
  CIRCUITS_HOLD=1000
  PAGE_REQUESTS=21
  API_PRINTS=1000; API_ROUNDS=8; API_WARMUP=2000
fi
CIRCUITS=500   # the protocol circuits open while a real page's clicks are timed (the figure's name says 500)
LATENCY=20   # the platform latency (ms) the -20ms figures hold at

LOGS="$(mktemp -d /tmp/portal-bench.XXXXXX)"
# The circuit benchmark times clicks in Debian's Chromium, as the browser tests do: installed here when missing.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "Installing Debian's chromium for the circuit benchmark..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

STARTED=$(date +%s)
echo "benchmarks/run.sh $MODE: logs in $LOGS"

echo "Building Portal.sln (Release)..."
dotnet build "$ROOT/Portal.sln" -c Release -warnaserror --nologo -v quiet >"$LOGS/build.log" 2>&1 \
  || { cat "$LOGS/build.log" >&2; exit 1; }

# bench NAME COMMAND...: runs one benchmark, its output to $LOGS/NAME.log, and says how long it took.
bench() {
  local name="$1"; shift
  local start; start=$(date +%s)
  echo "[$name] $*"
  if ! "$@" >"$LOGS/$name.log" 2>&1; then
    echo "[$name] failed; its output:" >&2; cat "$LOGS/$name.log" >&2; exit 1
  fi
  grep -E '^(round|service|bare|sweep|throughput|getUserInfo|1k|page|slowest|before|with|components|clicks|api|figure)' "$LOGS/$name.log" | sed "s/^/[$name]   /" || true
  echo "[$name] $(( $(date +%s) - start )) s"
}
dll() { echo "$ROOT/benchmarks/$1/bin/Release/net10.0/$2.dll"; }

# Print submissions vs bare print/index calls, at loopback and at the platform latency (alternating rounds, c=8).
bench printing-loopback dotnet "$(dll Printing Printing.Benchmarks)" \
  --prints "$PRINTS" --rounds "$PRINT_ROUNDS" --warm-up "$PRINT_WARMUP" --concurrency 8 --latency 0 --figures
bench printing-${LATENCY}ms dotnet "$(dll Printing Printing.Benchmarks)" \
  --prints "$PRINTS" --rounds "$PRINT_ROUNDS" --warm-up "$PRINT_WARMUP" --concurrency 8 --latency "$LATENCY" --figures

# A print through the print API (HTTP, key, JSON) vs the same print through the service layer, in one portal.
bench print-api dotnet "$(dll PrintApi PrintApi.Benchmarks)" \
  --prints "$API_PRINTS" --rounds "$API_ROUNDS" --warm-up "$API_WARMUP" --concurrency 8 --printers 20 --figures

# The printer list with 100k vs 1k printers, and the refresh sweep vs bare refresh grants at the platform latency.
bench printers dotnet "$(dll Printers Printers.Benchmarks)" \
  --tokens "$TOKENS" --rounds "$SWEEP_ROUNDS" --warm-up "$SWEEP_WARMUP" --concurrency 8 --latency "$LATENCY" --figures

# The open API's getUserInfo vs a bare endpoint of the same host, under wrk (installs wrk when missing).
bench openapi env BENCH_NO_BUILD=1 "$ROOT/benchmarks/OpenApiLoad/run.sh" "$OPENAPI_SECONDS" 32 2 "$OPENAPI_ROUNDS"

# Server memory per idle circuit on /printers (20 printers), and a click's re-render in one real Chromium page while
# $CIRCUITS protocol circuits are open; --full then holds $CIRCUITS_HOLD circuits.
bench circuits dotnet "$(dll Circuits Circuits.Benchmarks)" \
  --circuits "$CIRCUITS" --hold "$CIRCUITS_HOLD" --clicks 40 --concurrency 8 --printers 20 --figures

# Every page's server time with a company of 1,000 printers and 100,000 jobs, and 1,000 companies for the operator.
bench pages dotnet "$(dll Pages Pages.Benchmarks)" --requests "$PAGE_REQUESTS" --figures

if [ "$MODE" = --full ]; then
  bench yilianyun-client dotnet "$(dll Yilianyun.Benchmarks Yilianyun.Benchmarks)"
  bench databases env BENCH_NO_BUILD=1 "$ROOT/benchmarks/Databases/run.sh"
fi

# figure NAME FROM: the value the benchmarks printed as "figure FROM VALUE", or n/a.
figure() {
  local value
  value=$(cat "$LOGS"/*.log | awk -v n="$2" '$1 == "figure" && $2 == n { v = $3 } END { print v }')
  echo "figure $1 ${value:-n/a}"
}

echo
echo "# $MODE took $(( $(date +%s) - STARTED )) s on $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); logs in $LOGS"
echo "# print-*: PrintJobSubmitter at c=8; cpu/alloc per submission at loopback, the portal's process only (the sandbox runs in its own: *-sandbox-cpu-ms)"
echo "# print-ratio-*, sweep-ratio-*: medians of ${PRINT_ROUNDS}/${SWEEP_ROUNDS} rounds alternating portal and bare; -20ms = ${LATENCY} ms platform latency"
echo "# sweep-cpu-ms: per token at ${LATENCY} ms latency, the portal's process only; openapi-ratio: median of ${OPENAPI_ROUNDS} alternating wrk rounds, loopback"
echo "# circuit-kb: heap growth per idle circuit on /printers (20 printers) after full GCs, $(figure circuits-held circuits-held | cut -d' ' -f3) circuits held; circuit-click-p95-ms-500: in Chromium, ${CIRCUITS} protocol circuits open"
echo "# api-print-ratio: print API submissions/s ÷ PrintJobSubmitter submissions/s in one portal, median of ${API_ROUNDS} alternating rounds, c=8, in-process sandbox"
echo "# page-ms-max: the slowest page's median server time (prerendered response), 1,000 printers, 100,000 jobs, 1,000 companies"
figure print-cpu-ms print-cpu-ms-loopback
figure print-alloc-kb print-alloc-kb-loopback
figure print-ratio-20ms print-ratio-${LATENCY}ms
figure print-ratio-loopback print-ratio-loopback
figure sweep-cpu-ms sweep-cpu-ms-${LATENCY}ms
figure sweep-ratio-20ms sweep-ratio-${LATENCY}ms
figure openapi-ratio openapi-ratio
figure list-100k-vs-1k list-100k-vs-1k
figure circuit-kb circuit-kb
figure circuit-click-p95-ms-500 circuit-click-p95-ms-${CIRCUITS}
figure page-ms-max page-ms-max
figure api-print-ratio api-print-ratio
figure print-sandbox-cpu-ms print-sandbox-cpu-ms-loopback
figure sweep-sandbox-cpu-ms sweep-sandbox-cpu-ms-${LATENCY}ms
