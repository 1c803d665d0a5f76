#!/usr/bin/env bash
# Benchmark: the monthly reports over 1,000,000 beneficiaries (issue "Monthly reports"): the
# province-wide progress report, the payout-results report and the provider's report of a million-line
# cycle, each as JSON, CSV and XLSX; the time of each and the service's peak memory.
#   bash src/bench/reports.sh [COUNT=1000000]
# Uses the payment-status benchmark's database (ansinh_bench_status: COUNT people in Quảng Ngãi, twelve
# monthly cycles; November's half paid), seeding it when it is not there (about 6 minutes at 1,000,000).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
COUNT="${1:-1000000}"
PORT=8090
DB=ansinh_bench_status
HEAP="${BENCH_HEAP:--Xmx700m}"
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)
BASE="http://127.0.0.1:$PORT"
ms() { date +%s%3N; }

SEEDED=0
if [ "$(psql -h 127.0.0.1 -U postgres -d "$DB" -qAtc "select count(*) from beneficiary where full_name like 'Người Thử %'" 2>/dev/null)" = "$COUNT" ]; then
  SEEDED=1
else
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
fi
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT _DEV_QUARKUS_LOG_CONSOLE_JSON_ENABLED=true \
  java $HEAP -jar target/quarkus-app/quarkus-run.jar > target/bench-reports-server.log 2>&1 &
SERVER=$!
JSTAT=
trap 'kill $SERVER 2>/dev/null || true; kill $JSTAT 2>/dev/null || true' EXIT
# migrations may add indexes to a seeded database first
for _ in $(seq 1 600); do curl -sf "$BASE/q/health/ready" >/dev/null && break; sleep 1; done
if [ "$SEEDED" = 0 ]; then
  echo "seeding $COUNT beneficiaries and 12 months of lines..."
  "${PSQL[@]}" -v count="$COUNT" -f src/bench/cycles-seed.sql
  "${PSQL[@]}" -v count="$COUNT" -f src/bench/status-seed.sql
fi
# the seed writes the cycles straight into the tables: give them their control totals as generation would
"${PSQL[@]}" -c "insert into payment_cycle_total (cycle_id, dimension, key, line_count, amount_vnd)
  select l.cycle_id, case when grouping(l.channel) = 0 then 'CHANNEL' when grouping(l.commune_code) = 0 then 'COMMUNE'
                          when grouping(l.kind) = 0 then 'KIND' else 'ALL' end,
         coalesce(l.channel, l.commune_code, l.kind, 'ALL'), count(*), sum(l.amount_vnd)
  from payment_line l where not exists (select 1 from payment_cycle_total t where t.cycle_id = l.cycle_id)
  group by l.cycle_id, grouping sets ((l.channel), (l.commune_code), (l.kind), ())"
"${PSQL[@]}" -c "vacuum analyze" -c "checkpoint"
CYCLE=$("${PSQL[@]}" -c "select id from payment_cycle where code = 'C51SA202611'")
LINES=$("${PSQL[@]}" -c "select count(*) from payment_line where cycle_id = '$CYCLE'")
TOKEN=$(curl -sf -X POST "$BASE/dev/tokens/province.quangngai" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')

jstat -gc $SERVER 500 > target/bench-reports-jstat.log &
JSTAT=$!
RSS_IDLE=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)
RESULTS=""
run() { # name, url
  for f in json csv xlsx; do
    local t0; t0=$(ms)
    local out; out=$(curl -sf --max-time 900 -H "Authorization: Bearer $TOKEN" -o target/bench-report.$f -w '%{http_code} %{size_download}' "$2&format=$f")
    local took=$(( $(ms) - t0 ))
    RESULTS+="$1 $f: ${took} ms, $(echo "$out" | awk '{printf "%.1f MB (HTTP %s)", $2/1048576, $1}')"$'\n'
    echo "$1 $f: ${took} ms $out"
  done
}
run "progress (province 51, 2026-11)" "$BASE/api/v1/reports/progress?month=2026-11&area=51"
run "payout results (C51SA202611, $LINES lines)" "$BASE/api/v1/reports/payout-results?cycleId=$CYCLE"
run "provider report (C51SA202611, $LINES lines listed)" "$BASE/api/v1/reports/provider?cycleId=$CYCLE"
kill $JSTAT 2>/dev/null || true
OLD_MAX=$(awk 'NR>1 && $8 ~ /^[0-9.]+$/ {if ($8>m) m=$8} END {printf "%.0f", m/1024}' target/bench-reports-jstat.log)
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)
REPORT=$(cat <<TXT
beneficiaries=$COUNT cycle_lines=$LINES
${RESULTS}server memory: RSS idle ${RSS_IDLE} MB, peak ${RSS_PEAK} MB; JVM old generation max ${OLD_MAX} MB (JVM $HEAP)
TXT
)
echo "$REPORT"
append_run "Reports" "$REPORT"
