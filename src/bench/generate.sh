#!/usr/bin/env bash
# Fills a database with synthetic national-size data (src/bench/generate.sql): COUNT beneficiaries over
# every commune of the 34 provinces with MONTHS monthly cycles of history up to LAST_MONTH. Deterministic
# for a SEED. The database is created (or emptied) and migrated by starting the packaged service once
# (the dev build, as the other benchmarks use, for its demo tokens: its ~300 demo people in Quảng Ngãi
# come with the migrations).
#   bash src/bench/generate.sh [COUNT=1000000] [SEED=42] [DB=ansinh_generated] [MONTHS=12] [LAST_MONTH=2026-11-01]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
COUNT="${1:-1000000}"
SEED="${2:-42}"
DB="${3:-ansinh_generated}"
MONTHS="${4:-12}"
LAST_MONTH="${5:-2026-11-01}"
PORT=8091
ms() { date +%s%3N; }

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
# start once to migrate, then stop
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_SCHEDULER_ENABLED=false \
  java -jar target/quarkus-app/quarkus-run.jar > target/generate-migrate.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  psql -h 127.0.0.1 -U postgres -d "$DB" -qAtc "select count(*) from flyway_schema_history where success" 2>/dev/null | grep -qv '^0$' \
    && curl -s "http://127.0.0.1:$PORT/q/health/live" >/dev/null && break
  sleep 1
done
kill $SERVER; wait $SERVER 2>/dev/null || true

T0=$(ms)
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q -v count="$COUNT" -v seed="$SEED" -v months="$MONTHS" \
  -v last_month="$LAST_MONTH" -f src/bench/generate.sql
TOOK=$(( ($(ms) - T0) / 1000 ))
COUNTS=$(psql -h 127.0.0.1 -U postgres -d "$DB" -qAt -c "select 'beneficiaries ' || count(*) from beneficiary" \
  -c "select 'payment lines ' || count(*) from payment_line" -c "select 'payment results ' || count(*) from payment_result" \
  -c "select 'provinces ' || count(distinct province_code) || ', cycles ' || count(*) from payment_cycle" \
  -c "select 'database size ' || pg_size_pretty(pg_database_size(current_database()))")
REPORT="generated COUNT=$COUNT SEED=$SEED MONTHS=$MONTHS LAST_MONTH=$LAST_MONTH into $DB in $TOOK s (the SQL alone, after migrating)
$COUNTS"
echo "$REPORT"
append_run "Generator" "$REPORT"
