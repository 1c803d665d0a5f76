#!/usr/bin/env bash
# Benchmark: generate a payment cycle for 1,000,000 active beneficiaries and apply a results file for
# every line (issue "Monthly payment cycles"). Targets on the 2-core machine: generation ≤ 30 s,
# reconciliation ≤ 60 s, heap flat. Each is measured beside its floor: a plain INSERT … SELECT of the
# same number of rows into a table shaped like the one written.
#   bash src/bench/cycles.sh [COUNT=1000000]
# Builds the packaged service (dev build profile, for demo tokens; its 300 demo people stay), runs it on
# 127.0.0.1:8090 against a throwaway database ansinh_bench_cycles, samples the JVM's old generation
# with jstat, and appends the figures to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
COUNT="${1:-1000000}"
PORT=8090
DB=ansinh_bench_cycles
HEAP="${BENCH_HEAP:--Xmx700m}"
MONTH=2026-12
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)
ms() { date +%s%3N; }

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB" \
  -c "alter database $DB set log_min_duration_statement = 250"  # slow statements in the PostgreSQL log
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_LOG_CONSOLE_LEVEL=INFO java $HEAP -jar target/quarkus-app/quarkus-run.jar > target/bench-cycles-server.log 2>&1 &
SERVER=$!
JSTAT=
trap 'kill $SERVER 2>/dev/null || true; kill $JSTAT 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
token() { curl -sf -X POST "http://127.0.0.1:$PORT/dev/tokens/$1" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }
GEN=$(token province.quangngai); APPR=$(token province.approver); PROV=$(token provider.vnpost)

echo "seeding $COUNT beneficiaries..."
T0=$(ms); "${PSQL[@]}" -v count="$COUNT" -f src/bench/cycles-seed.sql; SEED_MS=$(( $(ms) - T0 ))

jstat -gc $SERVER 500 > target/bench-cycles-jstat.log &
JSTAT=$!
old_used_mb() { awk 'NR>1 && $8 ~ /^[0-9.]+$/ {if ($8>m) m=$8} END {printf "%.0f", m/1024}' target/bench-cycles-jstat.log; }
OLD_IDLE=$(jstat -gc $SERVER | awk 'NR==2 {printf "%.0f", $8/1024}')

api() { curl -sf --max-time 600 -H "Authorization: Bearer $1" "${@:2}"; }
echo "generating..."
T0=$(ms)
CYCLE=$(api "$GEN" -H 'Content-Type: application/json' -d "{\"provinceCode\":\"51\",\"program\":\"SOCIAL_ASSISTANCE\",\"month\":\"$MONTH\"}" \
  "http://127.0.0.1:$PORT/api/v1/cycles")
GEN_MS=$(( $(ms) - T0 ))
ID=$(echo "$CYCLE" | sed 's/.*"id":"\([^"]*\)".*/\1/')
SHA=$(echo "$CYCLE" | sed 's/.*"linesSha256":"\([^"]*\)".*/\1/')
LINES=$(echo "$CYCLE" | sed 's/.*"lineCount":\([0-9]*\).*/\1/')
OLD_AFTER_GEN=$(old_used_mb)

T0=$(ms); api "$APPR" -H 'Content-Type: application/json' -d "{\"linesSha256\":\"$SHA\"}" "http://127.0.0.1:$PORT/api/v1/cycles/$ID/approval" >/dev/null; APPROVE_MS=$(( $(ms) - T0 ))
T0=$(ms); api "$APPR" -X POST "http://127.0.0.1:$PORT/api/v1/cycles/$ID/disbursements" >/dev/null; RELEASE_MS=$(( $(ms) - T0 ))
T0=$(ms); api "$PROV" -H 'Accept: text/csv' -o target/bench-disbursement.csv "http://127.0.0.1:$PORT/api/v1/cycles/$ID/disbursements"; DOWNLOAD_MS=$(( $(ms) - T0 ))
TRANSFERS=$(( $(wc -l < target/bench-disbursement.csv) - 1 ))

"${PSQL[@]}" -c "\copy (select c.code || '-' || l.line_no as reference_id, 'PAID' as status, l.amount_vnd, 'PRV' || l.line_no as provider_reference, '2026-12-05T09:00:00+07:00' as paid_at, '' as failure_code, '' as failure_detail from payment_line l join payment_cycle c on c.id = l.cycle_id where c.id = '$ID' order by l.line_no) to 'target/bench-results.csv' with (format csv, header)"
RESULTS_MB=$(( $(stat -c %s target/bench-results.csv) / 1048576 ))
echo "reconciling ($RESULTS_MB MB)..."
T0=$(ms)
REC=$(api "$PROV" -H 'Content-Type: text/csv' --data-binary @target/bench-results.csv "http://127.0.0.1:$PORT/api/v1/cycles/$ID/reconciliations")
REC_MS=$(( $(ms) - T0 ))
T0=$(ms)
REC2=$(api "$PROV" -H 'Content-Type: text/csv' --data-binary @target/bench-results.csv "http://127.0.0.1:$PORT/api/v1/cycles/$ID/reconciliations")
REC2_MS=$(( $(ms) - T0 ))
OLD_PEAK=$(old_used_mb)
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)
T0=$(ms); api "$APPR" -X POST "http://127.0.0.1:$PORT/api/v1/cycles/$ID/closure" >/dev/null; CLOSE_MS=$(( $(ms) - T0 ))

echo "floors..."
FLOOR_GEN_MS=$("${PSQL[@]}" <<SQL | awk '/^Time:/ {v=$2} END {printf "%.0f", v}'
create table bench_floor_line (like payment_line including defaults);
\timing on
insert into bench_floor_line (id, cycle_id, line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id,
    category_code, coefficient, standard_level_vnd, amount_vnd, channel, recipient_kind)
select row_number() over (), '$ID', row_number() over (), b.id, b.commune_code, 'REGULAR', date '$MONTH-01', e.id,
       e.category_code, 1.5, 500000, 750000, 'CASH_AT_POINT', 'BENEFICIARY'
from beneficiary b join entitlement e on e.beneficiary_id = b.id;
SQL
)
FLOOR_REC_MS=$("${PSQL[@]}" <<SQL | awk '/^Time:/ {v=$2} END {printf "%.0f", v}'
create table bench_floor_result (like payment_result including defaults);
\timing on
insert into bench_floor_result (line_id, attempt, outcome, provider_ref, paid_at, source)
select l.id, 1, 'PAID', 'PRV' || l.line_no, timestamptz '2026-12-05T09:00:00+07:00', 'FILE' from payment_line l where l.cycle_id = '$ID';
SQL
)
APPLIED=$(echo "$REC" | sed 's/.*"applied":\([0-9]*\).*/\1/')
UNCHANGED2=$(echo "$REC2" | sed 's/.*"unchanged":\([0-9]*\).*/\1/')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
REPORT=$(cat <<TXT
lines=$LINES transfers=$TRANSFERS seed=${SEED_MS}ms
generation=${GEN_MS}ms floor_insert_select=${FLOOR_GEN_MS}ms ratio=$(ratio $GEN_MS $FLOOR_GEN_MS)
approval=${APPROVE_MS}ms release=${RELEASE_MS}ms csv_download=${DOWNLOAD_MS}ms
reconciliation(${RESULTS_MB}MB, applied=$APPLIED)=${REC_MS}ms floor_insert_select=${FLOOR_REC_MS}ms ratio=$(ratio $REC_MS $FLOOR_REC_MS)
reconciliation_again(unchanged=$UNCHANGED2)=${REC2_MS}ms closure=${CLOSE_MS}ms
jvm old gen used: idle ${OLD_IDLE} MB, max ${OLD_AFTER_GEN} MB after generation, max ${OLD_PEAK} MB overall; peak RSS ${RSS_PEAK} MB (JVM $HEAP)
TXT
)
echo "$REPORT"
append_run "Cycles" "$REPORT"
