#!/usr/bin/env bash
# Heavy reliability suite: the packaged service killed with SIGKILL mid-work, then started again
# (issue "Resilience and security suites").
#  A. during payroll generation for PEOPLE beneficiaries: no partial payroll may be left, and the
#     retried request must converge on one complete payroll;
#  B. during a burst of home-delivery confirmations (8 clients, two photos each, at most 400): every
#     confirmation a client saw acknowledged must be there exactly once with its photos; resending every
#     planned confirmation afterwards (the same ids and photos, as the phones' queues do) must converge
#     on exactly one confirmation per delivery.
#  C. during an import of a 100,000-row list: no person may be created twice, the interrupted job must not
#     be reported finished, and uploading the same file again must converge on every row imported once.
#   bash src/reliability/crash.sh [PEOPLE=300000]
# Appends its results to docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
PEOPLE="${1:-300000}"
DB=ansinh_crash
PORT=8094
BASE="http://127.0.0.1:$PORT"
WORK=target/crash
MONTH=2026-12
rm -rf "$WORK"; mkdir -p "$WORK"
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)
q() { "${PSQL[@]}" -c "$1"; }

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
SERVER=
start() {
  QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_SCHEDULER_ENABLED=false \
    java -Xmx700m -jar target/quarkus-app/quarkus-run.jar >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  wait_for 180 ready
}
trap 'kill -9 $SERVER 2>/dev/null || true' EXIT
start
token() { curl -sf -X POST "$BASE/dev/tokens/$1" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }
echo "seeding $PEOPLE beneficiaries..."
"${PSQL[@]}" -v count="$PEOPLE" -f src/bench/cycles-seed.sql
q "update beneficiary set commune_code = '21211' where mobility = 'CANNOT_TRAVEL' and id in (select beneficiary_id from entitlement)"
q "vacuum analyze" >/dev/null

# ---------------------------------------------------------------- A. payroll generation
OPEN="{\"provinceCode\":\"51\",\"program\":\"SOCIAL_ASSISTANCE\",\"month\":\"$MONTH\"}"
open_cycle() { curl -s -o "$WORK/$1.json" -w '%{http_code}' --max-time 600 -H "Authorization: Bearer $(token province.quangngai)" \
  -H 'Content-Type: application/json' -d "$OPEN" "$BASE/api/v1/cycles" || true; }
open_cycle gen-killed > "$WORK/gen-killed.status" &
CLIENT=$!
sleep "${KILL_AFTER:-3}"
kill -9 $SERVER; wait $SERVER 2>/dev/null || true
wait $CLIENT || true
A_CLIENT=$(cat "$WORK/gen-killed.status")
cycle_state() {
  q "select count(*) || ' cycle(s), status ' || coalesce(string_agg(c.status, ','), '-') || ', lines ' ||
       coalesce(sum((select count(*) from payment_line l where l.cycle_id = c.id)), 0) || ', recorded line count ' ||
       coalesce(sum(c.line_count), 0) from payment_cycle c where c.code = 'C51SA${MONTH/-/}'"
}
A_AFTER_KILL=$(cycle_state)
# partial = lines present but not the whole recorded payroll, or lines under a cycle not marked generated
A_PARTIAL=$(q "select count(*) from payment_cycle c where c.code = 'C51SA${MONTH/-/}' and (select count(*) from payment_line l where l.cycle_id = c.id)
  not in (0, coalesce(c.line_count, -1))")
start
A_RETRY=$(open_cycle gen-retry)
A_AGAIN=$(open_cycle gen-again)
A_FINAL=$(cycle_state)
A_EXPECTED=$(q "select count(*) from entitlement e join beneficiary b on b.id = e.beneficiary_id where b.status = 'ACTIVE'")
A_DUP=$(q "select count(*) from (select entitlement_id from payment_line l join payment_cycle c on c.id = l.cycle_id
  where c.code = 'C51SA${MONTH/-/}' group by entitlement_id, for_month having count(*) > 1) x")
A_TOTALS=$(q "select count(*) from payment_cycle c join payment_cycle_total t on t.cycle_id = c.id and t.dimension = 'ALL'
  where c.code = 'C51SA${MONTH/-/}' and t.line_count = (select count(*) from payment_line l where l.cycle_id = c.id)")
ID=$(sed 's/.*"id":"\([^"]*\)".*/\1/' "$WORK/gen-retry.json")
SHA=$(sed 's/.*"linesSha256":"\([^"]*\)".*/\1/' "$WORK/gen-retry.json")

# ---------------------------------------------------------------- B. home-delivery confirmations
curl -sf -o /dev/null -H "Authorization: Bearer $(token province.approver)" -H 'Content-Type: application/json' \
  -d "{\"linesSha256\":\"$SHA\"}" "$BASE/api/v1/cycles/$ID/approval"
curl -sf -o /dev/null -H "Authorization: Bearer $(token commune.tinhkhe)" -H 'Content-Type: application/json' \
  -d "{\"cycleId\":\"$ID\",\"communeCode\":\"21211\",\"officer\":\"6f1c9a52-0d7e-4a43-9a41-000000000001\"}" \
  "$BASE/api/v1/deliveries/assignments"
export PLAN="$WORK/plan" CAPTURED_AT
CAPTURED_AT=$(TZ=Asia/Ho_Chi_Minh date -d '-10 min' +%Y-%m-%dT%H:%M:%S+07:00)
FIELD=$(token field.tinhkhe)
ACKS="$WORK/acks-first" LIMIT=400 java -Xmx1g src/bench/DeliveryLoad.java "$BASE" "$FIELD" 8 300 > "$WORK/burst-first.log" 2>&1 &
LOADER=$!
# kill once a fair number are acknowledged, in the middle of the burst
acks_reached() { kill -0 $LOADER 2>/dev/null && [ "$(awk '$2 == 201' "$WORK/acks-first" 2>/dev/null | wc -l)" -ge "${KILL_AT_ACKS:-60}" ]; }
wait_for 300 acks_reached
kill -9 $SERVER; wait $SERVER 2>/dev/null || true
wait $LOADER || true
PLANNED=$(wc -l < "$PLAN")
ACKED=$(awk '$2 == 201 || $2 == 200 {print $1}' "$WORK/acks-first" | sort -u)
ACKED_N=$(echo "$ACKED" | grep -c . || true)
SENT_FIRST=$(wc -l < "$WORK/acks-first")
ids_sql() { echo "$1" | awk 'NF {printf "%s'\''%s'\''", (n++ ? "," : ""), $1}'; }
complete() { # deliveries (ids) -> how many have exactly one confirmation with two photos whose bytes are stored
  q "select count(*) from (select c.delivery_id from delivery_confirmation c
       join delivery_photo p on p.confirmation_id = c.id join evidence_blob b on b.storage_key = p.storage_key
       where c.delivery_id in ($(ids_sql "$1")) group by c.delivery_id having count(distinct c.id) = 1 and count(distinct p.id) = 2) x"
}
B_ACKED_PRESENT=$(complete "$ACKED")
B_AFTER_KILL=$(q "select count(*) from delivery_confirmation")
start
FIELD=$(token field.tinhkhe)
ACKS="$WORK/acks-resend" java -Xmx1g src/bench/DeliveryLoad.java "$BASE" "$FIELD" 8 300 > "$WORK/burst-resend.log" 2>&1
RESEND_STATUSES=$(awk '{print $2}' "$WORK/acks-resend" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
RESEND_BAD=$(awk '$2 != 201 && $2 != 200' "$WORK/acks-resend" | wc -l)
ALL=$(awk '{print $1}' "$PLAN")
B_ALL_COMPLETE=$(complete "$ALL")
B_DUP=$(q "select count(*) from (select delivery_id from delivery_confirmation group by 1 having count(*) > 1) x")
B_ORPHAN_BLOBS=$(q "select count(*) from evidence_blob b where not exists (select 1 from delivery_photo p where p.storage_key = b.storage_key)")
B_RESULTS=$(q "select count(*) from payment_result where source = 'DELIVERY'")
LOST=$((ACKED_N - B_ACKED_PRESENT))

# ---------------------------------------------------------------- C. an import
ROWS=100000
awk -v n=$ROWS 'BEGIN {
  print "national_id,full_name,date_of_birth,sex,commune_code,address,phone,mobility,program,category_code,variant,children_count,decision_number,decision_date,start_month"
  for (i = 0; i < n; i++) { yy = 30 + i % 20
    printf "0510%02d%06d,Nguyễn Văn Nhập,15/03/19%02d,Nam,21211,Thôn %d,09%08d,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QD-NHAP-%d,01/01/2024,01/2024\n", yy, 400000 + i, yy, 1 + i % 12, i, i }
}' > "$WORK/import.csv"
imported() { q "select count(*) from beneficiary where national_id ~ '^0510[0-9]{2}4[0-9]{5}$' and full_name = 'Nguyễn Văn Nhập'"; }
upload() { curl -s -o "$WORK/$1.json" -w '%{http_code}' --max-time 900 -H "Authorization: Bearer $(token commune.tinhkhe)" \
  -H 'Content-Type: text/csv' --data-binary @"$WORK/import.csv" "$BASE/api/v1/imports?fileName=crash.csv" || true; }
upload import-killed > "$WORK/import-killed.status" &
CLIENT=$!
# kill once some chunks are in
some_imported() { kill -0 $CLIENT 2>/dev/null && [ "$(imported)" -ge 5000 ]; }
wait_for 300 some_imported
kill -9 $SERVER; wait $SERVER 2>/dev/null || true
wait $CLIENT || true
C_CLIENT=$(cat "$WORK/import-killed.status")
C_AFTER_KILL=$(imported)
C_JOBS_OPEN=$(q "select count(*) from import_job where file_name = 'crash.csv' and finished_at is null")
start
C_RETRY=$(upload import-retry)
C_REPORT=$(sed 's/.*"created":\([0-9]*\).*"rejected":\([0-9]*\).*"unchanged":\([0-9]*\).*/created \1, rejected \2, unchanged \3/' "$WORK/import-retry.json")
C_FINAL=$(imported)
C_DUP=$(q "select count(*) from (select national_id from beneficiary group by 1 having count(*) > 1) x")
C_ENT_DUP=$(q "select count(*) from (select beneficiary_id from entitlement where decision_number like 'QD-NHAP-%' group by 1 having count(*) > 1) x")
C_JOB_SHOWN=$(q "select coalesce(string_agg(case when finished_at is null then 'unfinished' else 'finished' end, ', ' order by submitted_at), '-')
  from import_job where file_name = 'crash.csv'")

REPORT=$(cat <<TXT
A. payroll generation for $PEOPLE beneficiaries (province 51, $MONTH), SIGKILL ${KILL_AFTER:-3} s after the request
   client saw: HTTP $A_CLIENT; database after the kill: $A_AFTER_KILL; partial payrolls: $A_PARTIAL
   after restart, the same request: HTTP $A_RETRY, then again HTTP $A_AGAIN; database: $A_FINAL
   lines expected (active entitlements): $A_EXPECTED; an entitlement paid twice for the month: $A_DUP; control total equal to the lines: $A_TOTALS of 1
B. home-delivery confirmations, 8 clients, two ~1 MB photos each, $PLANNED planned; SIGKILL after ${KILL_AT_ACKS:-60} acknowledgements
   sent before the kill: $SENT_FIRST answered or failed; acknowledged: $ACKED_N; present exactly once with both photos stored: $B_ACKED_PRESENT; lost: $LOST
   confirmations in the database after the kill: $B_AFTER_KILL
   after restart every planned confirmation resent (same ids and photos): $RESEND_STATUSES(other answers: $RESEND_BAD)
   deliveries with exactly one confirmation and both photos: $B_ALL_COMPLETE of $PLANNED; deliveries confirmed twice: $B_DUP; payment results from deliveries: $B_RESULTS; stored photos no row names: $B_ORPHAN_BLOBS
C. import of $ROWS rows (CSV, commune 21211), SIGKILL once 5,000 were in
   client saw: HTTP $C_CLIENT; people imported when killed: $C_AFTER_KILL (whole chunks of 1,000); jobs left unfinished: $C_JOBS_OPEN
   the same file again after restart: HTTP $C_RETRY ($C_REPORT); people imported: $C_FINAL of $ROWS; national IDs held twice: $C_DUP; entitlements recorded twice: $C_ENT_DUP
   the two jobs as reported: $C_JOB_SHOWN
TXT
)
echo "$REPORT"
RELIABILITY=1 append_run "Crash" "$REPORT"
A_FINAL_LINES=$(q "select count(*) from payment_line l join payment_cycle c on c.id = l.cycle_id where c.code = 'C51SA${MONTH/-/}'")
# (the checks for doubles restate what unique constraints guarantee: they fail if one is ever dropped)
[ "$A_PARTIAL" = 0 ] && [ "$A_DUP" = 0 ] && [ "$A_TOTALS" = 1 ] && [ "$LOST" = 0 ] && [ "$B_DUP" = 0 ] \
  && { [ "$A_RETRY" = 201 ] || [ "$A_RETRY" = 200 ]; } && [ "$A_AGAIN" = 200 ] && [ "$A_FINAL_LINES" = "$A_EXPECTED" ] \
  && [ "$C_RETRY" = 201 ] && [ "$C_JOBS_OPEN" = 1 ] \
  && [ "$B_ALL_COMPLETE" = "$PLANNED" ] && [ "$RESEND_BAD" = 0 ] && [ "$C_FINAL" = "$ROWS" ] && [ "$C_DUP" = 0 ] \
  && [ "$C_ENT_DUP" = 0 ]
