#!/usr/bin/env bash
# Benchmark: service-level figures on the generator's national data (issue "Scale harness"): the
# packaged service's startup time to ready (three starts), its idle memory, its memory and the
# payment-status lookup's throughput under load, and the throughput and latency of an authenticated
# list endpoint (a province officer's beneficiary list, a commune and page at a time).
#   bash src/bench/service.sh [DB=ansinh_generated] [SECONDS=60]
# The database comes from src/bench/generate.sh (run it first; run-all.sh does). Needs wrk
# (apt-get install wrk). Appends the figures to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
DB="${1:-ansinh_generated}"
SECONDS_RUN="${2:-60}"
PORT=8092
HEAP="${BENCH_HEAP:--Xmx700m}"
BASE="http://127.0.0.1:$PORT"
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
PEOPLE=$("${PSQL[@]}" -c "select count(*) from beneficiary" 2>/dev/null || echo 0)
[ "$PEOPLE" -gt 1000 ] || { echo "no generated data in $DB: run bash src/bench/generate.sh first"; exit 1; }
LINES=$("${PSQL[@]}" -c "select count(*) from payment_line")
ms() { date +%s%3N; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
# production-like: JSON logs, scheduler off (no job starts during the measurements), rate limit off
start() {
  QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_SCHEDULER_ENABLED=false \
    ANSINH_STATUS_RATE_LIMIT_ENABLED=false _DEV_QUARKUS_LOG_CONSOLE_JSON_ENABLED=true \
    java $HEAP -jar target/quarkus-app/quarkus-run.jar > target/bench-service-server.log 2>&1 &
  SERVER=$!
}
SERVER=
SAMPLER=
trap 'kill $SERVER 2>/dev/null || true; kill $SAMPLER 2>/dev/null || true' EXIT

# startup: from the command to the first "ready" answer (database reachable, migrations checked), three times
STARTS=()
for i in 1 2 3; do
  T0=$(ms)
  start
  until curl -sf -o /dev/null "$BASE/q/health/ready"; do sleep 0.05; done
  STARTS+=($(( $(ms) - T0 )))
  QUARKUS_SAYS=$(grep -o 'started in [0-9.]*s' target/bench-service-server.log | head -1 || true)
  if [ $i -lt 3 ]; then kill $SERVER; wait $SERVER 2>/dev/null || true; fi
done
STARTUP=$(printf '%s\n' "${STARTS[@]}" | sort -n | sed -n 2p)
echo "startup to ready: ${STARTS[*]} ms (median $STARTUP ms; Quarkus: $QUARKUS_SAYS)"

sleep 20
RSS_IDLE=$(rss $SERVER)
echo "idle RSS: $RSS_IDLE MB"

# the status lookup: a sample of 20,000 real people (IDs and birth dates), a fifth mistyped
"${PSQL[@]}" -F ' ' -c "select national_id, date_of_birth from beneficiary order by md5(id::text) limit 20000" \
  > target/bench-status-sample.txt
BENCH_SAMPLE=target/bench-status-sample.txt wrk -t2 -c32 -d15s -s src/bench/status-sample.lua "$BASE" > /dev/null
( while kill -0 $SERVER 2>/dev/null; do rss $SERVER; echo; sleep 1; done ) > target/bench-service-rss.log &
SAMPLER=$!
STATUS=$(BENCH_SAMPLE=target/bench-status-sample.txt wrk -t2 -c32 -d"${SECONDS_RUN}s" --latency -s src/bench/status-sample.lua "$BASE")
kill $SAMPLER 2>/dev/null || true
echo "$STATUS"
RSS_STATUS=$(sort -n target/bench-service-rss.log | tail -1)

# the authenticated list: province officer of Quảng Ngãi (51), its communes, pages 0-3 of 50
"${PSQL[@]}" -c "select code from area where level = 'COMMUNE' and valid_to is null and path like '/51/%' order by code" \
  > target/bench-communes.txt
TOKEN=$(curl -sf -X POST "$BASE/dev/tokens/province.quangngai" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
BENCH_TOKEN=$TOKEN wrk -t2 -c16 -d15s -s src/bench/list.lua "$BASE" > /dev/null
LIST=$(BENCH_TOKEN=$TOKEN wrk -t2 -c16 -d"${SECONDS_RUN}s" --latency -s src/bench/list.lua "$BASE")
echo "$LIST"
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)

figures() { # wrk output -> "N req/s, p50 X, p99 Y, non-2xx Z"
  echo "$1" | awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {n=$NF}
    END {printf "%s req/s, p50 %s, p99 %s, non-2xx %s", r, p50, p99, (n == "" ? 0 : n)}'
}
PER_COMMUNE=$("${PSQL[@]}" -c "select round(avg(n)) from (select count(*) n from beneficiary b join area a on a.code = b.commune_code
  where a.path like '/51/%' group by b.commune_code) x")
REPORT=$(cat <<TXT
data: $DB, $PEOPLE beneficiaries, $LINES payment lines (generate.sh); JVM $HEAP
startup to ready (packaged service, 3 starts): ${STARTS[*]} ms, median $STARTUP ms ($QUARKUS_SAYS by its own count)
memory: idle RSS $RSS_IDLE MB; under the status load at most $RSS_STATUS MB; peak (VmHWM) over the run $RSS_PEAK MB
payment-status lookup (wrk, 32 connections, ${SECONDS_RUN}s after 15s warm-up, 20% unknown IDs): $(figures "$STATUS") (non-2xx: the unknown IDs' 404)
authenticated list GET /api/v1/beneficiaries?commune=..&page=0..3&size=50 (province officer, ~$PER_COMMUNE people per commune; wrk, 16 connections, ${SECONDS_RUN}s after 15s warm-up): $(figures "$LIST")
TXT
)
echo "$REPORT"
append_run "Service" "$REPORT"
