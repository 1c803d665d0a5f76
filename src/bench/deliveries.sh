#!/usr/bin/env bash
# Benchmark: home-delivery confirmations with photo evidence (issue "Home-delivery payout confirmation").
# 16 concurrent clients, each confirming deliveries as the field officer with two ~1 MB photos per
# request, for 60 s. Reports confirmations per second, p50/p95/p99 latency and the server's peak memory
# (RSS and the JVM's old generation): photos go to disk and to PostgreSQL one at a time, never many in
# the heap at once.
#   bash src/bench/deliveries.sh [PEOPLE=50000] [SECONDS=60] [CLIENTS=16]
# PEOPLE beneficiaries are seeded (cycles-seed.sql); the 10% who cannot travel are moved to commune
# Tịnh Khê (21211), paid at home, and assigned to the demo field officer field.tinhkhe.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
PEOPLE="${1:-50000}"
SECONDS_RUN="${2:-60}"
CLIENTS="${3:-16}"
PORT=8090
DB=ansinh_bench_deliveries
HEAP="${BENCH_HEAP:--Xmx700m}"
MONTH=2026-12
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)
BASE="http://127.0.0.1:$PORT"

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_CONSOLE_LEVEL=INFO \
  _DEV_QUARKUS_LOG_CONSOLE_JSON_ENABLED=true java $HEAP -jar target/quarkus-app/quarkus-run.jar > target/bench-deliveries-server.log 2>&1 &
SERVER=$!
JSTAT=
trap 'kill $SERVER 2>/dev/null || true; kill $JSTAT 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "$BASE/q/health/ready" >/dev/null && break; sleep 1; done
token() { curl -sf -X POST "$BASE/dev/tokens/$1" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }
api() { curl -sf --max-time 600 -H "Authorization: Bearer $1" "${@:2}"; }

echo "seeding $PEOPLE beneficiaries..."
"${PSQL[@]}" -v count="$PEOPLE" -f src/bench/cycles-seed.sql
"${PSQL[@]}" -c "update beneficiary set commune_code = '21211' where mobility = 'CANNOT_TRAVEL' and id in (select beneficiary_id from entitlement)"
CYCLE=$(api "$(token province.quangngai)" -H 'Content-Type: application/json' \
  -d "{\"provinceCode\":\"51\",\"program\":\"SOCIAL_ASSISTANCE\",\"month\":\"$MONTH\"}" "$BASE/api/v1/cycles")
ID=$(echo "$CYCLE" | sed 's/.*"id":"\([^"]*\)".*/\1/')
SHA=$(echo "$CYCLE" | sed 's/.*"linesSha256":"\([^"]*\)".*/\1/')
api "$(token province.approver)" -H 'Content-Type: application/json' -d "{\"linesSha256\":\"$SHA\"}" "$BASE/api/v1/cycles/$ID/approval" >/dev/null
ASSIGNED=$(api "$(token commune.tinhkhe)" -H 'Content-Type: application/json' \
  -d "{\"cycleId\":\"$ID\",\"communeCode\":\"21211\",\"officer\":\"6f1c9a52-0d7e-4a43-9a41-000000000001\"}" \
  "$BASE/api/v1/deliveries/assignments" | sed 's/.*"assigned":\([0-9]*\).*/\1/')
echo "home deliveries assigned to field.tinhkhe: $ASSIGNED"
"${PSQL[@]}" -c "vacuum analyze" -c "checkpoint"

jstat -gc $SERVER 500 > target/bench-deliveries-jstat.log &
JSTAT=$!
OLD_IDLE=$(jstat -gc $SERVER | awk 'NR==2 {printf "%.0f", $8/1024}')
RSS_IDLE=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)
FIELD=$(token field.tinhkhe)
LOAD=$(java -Xmx1g src/bench/DeliveryLoad.java "$BASE" "$FIELD" "$CLIENTS" "$SECONDS_RUN")
echo "$LOAD"
kill $JSTAT 2>/dev/null || true
OLD_MAX=$(awk 'NR>1 && $8 ~ /^[0-9.]+$/ {if ($8>m) m=$8} END {printf "%.0f", m/1024}' target/bench-deliveries-jstat.log)
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)
STORED=$("${PSQL[@]}" -c "select count(*) || ' confirmations, ' || (select count(*) from delivery_photo) || ' photos, ' || pg_size_pretty((select sum(length(content)) from evidence_blob)) || ' of evidence' from delivery_confirmation")
REPORT=$(cat <<TXT
$(echo "$LOAD" | grep '^RESULT')
stored: $STORED
server memory: RSS idle ${RSS_IDLE} MB, peak ${RSS_PEAK} MB; JVM old generation idle ${OLD_IDLE} MB, max ${OLD_MAX} MB (JVM $HEAP)
TXT
)
echo "$REPORT"
append_run "Home-delivery" "$REPORT"
