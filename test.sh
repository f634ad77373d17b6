#!/usr/bin/env bash
# Runs every test of the portal: unit, in-process integration and browser E2E, on SQLite and on a real PostgreSQL 15.
# On a bare machine it first installs what is missing (Debian's Chromium and a Chinese font for the browser tests,
# Debian's PostgreSQL 15 for the database tests).
# Ends with the line "N passed, N failed[, N skipped]" and exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's chromium for the browser tests, and a Chinese font so the 中文 screenshots show characters, not boxes
# (fc-list comes with chromium's fontconfig). The font is a nicety: failing to get it does not stop the run.
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
# Debian's nginx, which the two-instance test runs in front of two portals with docs/deploy.md's configuration.
if [ ! -x /usr/sbin/nginx ]; then
    echo "Installing Debian's nginx for the two-instance test..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
fi
if [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "Installing a Chinese font for the screenshots..."
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-wqy-microhei >/dev/null; } \
        || echo "No Chinese font could be installed; the 中文 screenshots will show boxes."
fi

# A throw-away PostgreSQL 15 cluster (Debian's package, installed when missing) on a loopback port, run by an
# unprivileged user, for the PostgreSQL tests; stopped and deleted when this script ends, however it ends.
pg_dir=$(mktemp -d -u "${TMPDIR:-/tmp}/portal-pg.XXXXXX")
trap 'tests/postgres/server.sh stop "$pg_dir"' EXIT
PORTAL_TEST_POSTGRES=$(tests/postgres/server.sh start "$pg_dir")
export PORTAL_TEST_POSTGRES

results="TestResults/trx"
rm -rf "$results" TestResults/trx-postgres
dotnet build Portal.sln -c Release -warnaserror --nologo -v quiet

# One test project after another: run side by side, the unit tests' bursts (concurrency tests, killed processes)
# starved the browser tests' portal on a 2-core machine past the 15 s a flow waits, and the run took no less time.
status=0
for project in tests/Yilianyun.Tests tests/Portal.UnitTests tests/Portal.E2E; do
    dotnet test "$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$(basename "$project").trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
done

# The whole service and integration suite again on PostgreSQL: every ServiceHarness, open API host and whole-app host
# (PortalAppFactory, DeployedPortalFactory) gets a fresh database on the server instead of a SQLite file. Tests about
# SQLite itself carry [Trait("Database", "Sqlite")] and ran in the first pass only.
pg_pass_started=$SECONDS
PORTAL_TEST_DATABASE=Postgres dotnet test tests/Portal.UnitTests -c Release --no-build --nologo \
    --filter "Database!=Sqlite" \
    --logger "trx;LogFileName=postgres.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
echo "The PostgreSQL pass took $((SECONDS - pg_pass_started)) s."

# With a server at hand no PostgreSQL test may skip: a skip here would pass for a success. Nor may the PostgreSQL pass
# end without its results (a test run cut short), which the counts below would not show.
if grep -l "PORTAL_TEST_POSTGRES is not set" "$results"/*.trx >/dev/null 2>&1; then
    echo "PostgreSQL tests were skipped although PORTAL_TEST_POSTGRES was set."
    status=1
fi
if [ ! -f "$results/postgres.trx" ]; then
    echo "The PostgreSQL pass wrote no results."
    status=1
fi

# Add up every test assembly's counters into the one closing line.
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$(value total); executed=$(value executed); ok=$(value passed); bad=$(value failed)
    passed=$((passed + ${ok:-0}))
    failed=$((failed + ${bad:-0}))
    skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$files" -eq 0 ]; then
    echo "No test results were written."
    status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A test host crashed or a project failed to run: count it, so the summary never claims success.
    failed=1
fi

if [ "$failed" -gt 0 ] && [ "$files" -gt 0 ]; then
    # Repeated at the end, where a CI log cut to its last lines still shows which test failed and why.
    echo
    echo "Failed tests:"
    for trx in "$results"/*.trx; do
        grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/  \1/p' || true
        # The first line of each failure message (the XML keeps them inside <Message>...</Message>).
        grep -h '<Message>' "$trx" | sed -n 's/.*<Message>\(.\{0,400\}\).*/    \1/p' || true
        # Where in the tests it stopped: the test sources' lines in the stack traces.
        grep -oE 'tests/[A-Za-z0-9_./-]+\.cs:line [0-9]+' "$trx" | sort -u | sed 's/^/    at /' || true
    done
fi

echo
echo "Screenshots and the portal's log of the browser tests: TestResults/screenshots/"
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit "$status"
