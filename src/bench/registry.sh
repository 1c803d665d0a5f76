#!/usr/bin/env bash
# Benchmark: field registration through /api/v1/sync and bulk import (issue "Beneficiary registry").
#   bash src/bench/registry.sh [SYNC_COUNT=10000] [IMPORT_ROWS=100000]
# Builds the packaged service (dev build profile, for demo tokens), runs it on 127.0.0.1:8090 against a
# throwaway database ansinh_bench, drives it from a separate JVM on loopback, samples the server's
# resident memory, and appends the figures to docs/benchmarks.md. Bounded: every request has a timeout.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
SYNC_COUNT="${1:-10000}"
IMPORT_ROWS="${2:-100000}"
PORT=8090
DB=ansinh_bench
HEAP="${BENCH_HEAP:--Xmx700m}"

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
  java $HEAP -jar target/quarkus-app/quarkus-run.jar > target/bench-registry-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
token() { curl -sf -X POST "http://127.0.0.1:$PORT/dev/tokens/$1" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }

rss_peak_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER/status; }
IDLE_RSS=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)

SYNC=$(java src/bench/RegistryBench.java sync "http://127.0.0.1:$PORT" "$(token field.tinhkhe)" "$SYNC_COUNT" 100 | grep RESULT)
echo "$SYNC"
IMPORT=$(java src/bench/RegistryBench.java import "http://127.0.0.1:$PORT" "$(token commune.tinhkhe)" "$IMPORT_ROWS" | grep RESULT)
echo "$IMPORT"
PEAK=$(rss_peak_mb)
echo "server RSS: idle ${IDLE_RSS} MB, peak ${PEAK} MB (heap flag $HEAP)"

append_run "Registry" "$SYNC
$IMPORT
server RSS: idle ${IDLE_RSS} MB, peak ${PEAK} MB (JVM $HEAP)"
