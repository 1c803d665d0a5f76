#!/usr/bin/env bash
# Heavy reliability suite: PostgreSQL stopped and started again under a write load (issue "Resilience
# and security suites"). Four clients register payment methods (POST /api/v1/registrations, each with an
# id of its own) without pause; ten seconds in, PostgreSQL is stopped for fifteen seconds. While it is
# down, the service must answer 503 problem details with Retry-After and report readiness DOWN; when it
# is back, the service must recover by itself within seconds, with no request failing afterwards. At
# the end every client resends what was not acknowledged (the same id and body, as a phone's queue
# does), and every acknowledged registration must be in the database exactly once.
#   bash src/reliability/outage.sh
# Stops and starts this machine's PostgreSQL cluster (pg_ctlcluster 15 main): run nothing else meanwhile.
# Appends its results to docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/lib.sh
DB=ansinh_outage
PORT=8093
BASE="http://127.0.0.1:$PORT"
WORK=target/outage
CLUSTER="${PG_CLUSTER:-15 main}"
rm -rf "$WORK"; mkdir -p "$WORK"
ms() { date +%s%3N; }
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" -c "create database $DB"
./mvnw -B -q package -DskipTests -Dquarkus.profile=dev
QUARKUS_PROFILE=dev ANSINH_DB_NAME=$DB QUARKUS_HTTP_PORT=$PORT QUARKUS_SCHEDULER_ENABLED=false \
  java -Xmx700m -jar target/quarkus-app/quarkus-run.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; pg_ctlcluster --skip-systemctl-redirect $CLUSTER start 2>/dev/null || true' EXIT
wait_for 180 ready
token() { curl -sf -X POST "$BASE/dev/tokens/$1" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }
FIELD=$(token field.tinhkhe)
COMMUNE=$(token commune.tinhkhe)
PNG="iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

# one registration's body, fixed by its number (a resend is the same request)
body() { # n
  local id; id=$(printf '00000000-0000-4000-8000-%012d' "$1")
  printf '{"id":"%s","person":{"nationalId":"051050%05d1","fullName":"Lê Văn Mất Điện","dateOfBirth":"1950-05-01","sex":"MALE","communeCode":"21211","addressLine":"Thôn 7"},"paymentMethod":{"method":"BANK_ACCOUNT","bankBin":"970405","accountNumber":"77%08d","accountHolderName":"LE VAN MAT DIEN"},"phone":"0981234567","consent":{"kind":"THUMBPRINT_IMAGE","imageBase64":"%s"},"deviceTime":"%s","position":{"latitude":15.12,"longitude":108.8,"accuracyMeters":12.0}}' \
    "$id" "$1" "$1" "$PNG" "2026-11-26T08:00:00+07:00"
}
post() { # n -> "time_ms status retry_after content_type"
  curl -s -o "$WORK/body.$1" -D "$WORK/head.$1" -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $FIELD" \
    -H 'Content-Type: application/json' --data-binary "$(body "$1")" "$BASE/api/v1/registrations" || true
}
client() { # first, step: posts first, first+step, ... until the stop file exists
  local n=$1
  while [ ! -e "$WORK/stop" ]; do
    local code; code=$(post $n)
    local ra; ra=$(grep -i '^retry-after:' "$WORK/head.$n" 2>/dev/null | tr -d '\r' | awk '{print $2}' || true)
    local ct; ct=$(grep -i '^content-type:' "$WORK/head.$n" 2>/dev/null | tr -d '\r' | awk '{print $2}' || true)
    echo "$(ms) $n $code ${ra:--} ${ct:--}" >> "$WORK/requests.$1"
    rm -f "$WORK/body.$n" "$WORK/head.$n"
    n=$((n + $2))
  done
}
for c in 1 2 3 4; do client $c 4 & done

sleep 10
echo "stopping PostgreSQL"
DOWN_AT=$(ms)
pg_ctlcluster --skip-systemctl-redirect $CLUSTER stop -m fast
# while it is down: readiness, and a read as the commune officer
while [ $(( $(ms) - DOWN_AT )) -lt 15000 ]; do
  echo "$(ms) ready $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/q/health/ready")" >> "$WORK/probes"
  echo "$(ms) read $(curl -s -o /dev/null -D - -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $COMMUNE" \
    "$BASE/api/v1/beneficiaries?commune=21211" | tr -d '\r' | awk 'tolower($1)=="retry-after:" {ra=$2} tolower($1)=="content-type:" {ct=$2} /^[0-9][0-9][0-9]$/ {code=$1} END {print code, (ra==""?"-":ra), (ct==""?"-":ct)}')" >> "$WORK/probes"
  sleep 0.5
done
echo "starting PostgreSQL"
UP_AT=$(ms)
pg_ctlcluster --skip-systemctl-redirect $CLUSTER start
wait_for 120 ready
READY_AT=$(ms)
sleep 15
touch "$WORK/stop"
wait $(jobs -p | grep -v "^$SERVER$") 2>/dev/null || true
END_AT=$(ms)

cat "$WORK"/requests.* | sort -n > "$WORK/requests"
SENT=$(wc -l < "$WORK/requests")
ACKED=$(awk '$3 == 201 || $3 == 200 {print $2}' "$WORK/requests" | sort -u)
ACKED_N=$(echo "$ACKED" | grep -c . || true)
DURING=$(awk -v a="$DOWN_AT" -v b="$READY_AT" '$1 >= a && $1 <= b' "$WORK/requests")
DURING_N=$(echo "$DURING" | grep -c . || true)
DURING_503=$(echo "$DURING" | awk '$3 == 503' | grep -c . || true)
DURING_503_RA=$(echo "$DURING" | awk '$3 == 503 && $4 != "-" && $5 ~ /problem\+json/' | grep -c . || true)
DURING_OTHER=$(echo "$DURING" | awk '$3 != 503 && $3 != 201 && $3 != 200 {print $3}' | sort | uniq -c | tr '\n' ' ')
# after recovery: the first request that succeeds ends the recovery; nothing may fail after it
FIRST_OK=$(awk -v b="$UP_AT" '$1 >= b && ($3 == 201 || $3 == 200) {print $1; exit}' "$WORK/requests")
AFTER_FAIL=$(awk -v f="$FIRST_OK" '$1 > f && $3 != 201 && $3 != 200' "$WORK/requests" | grep -c . || true)
READY_DOWN=$(awk '$2 == "ready" && $3 == 503' "$WORK/probes" | grep -c . || true)
READY_PROBES=$(awk '$2 == "ready"' "$WORK/probes" | grep -c . || true)
READ_503=$(awk '$2 == "read" && $3 == 503 && $4 != "-" && $5 ~ /problem\+json/' "$WORK/probes" | grep -c . || true)
READ_PROBES=$(awk '$2 == "read"' "$WORK/probes" | grep -c . || true)

# converge: resend everything not acknowledged, as the phones would
RESENT=0
for n in $(awk '{print $2}' "$WORK/requests" | sort -un); do
  if ! echo "$ACKED" | grep -qx "$n"; then
    RESENT=$((RESENT + 1))
    code=$(post $n)
    [ "$code" = 201 ] || [ "$code" = 200 ] || { echo "resend of $n answered $code"; }
  fi
done
ALL_N=$(awk '{print $2}' "$WORK/requests" | sort -u | grep -c .)
IN_DB=$("${PSQL[@]}" -c "select count(*) from registration where id::text like '00000000-0000-4000-8000-%'")
ACKED_IN_DB=$("${PSQL[@]}" -c "select count(*) from registration where id in ('00000000-0000-0000-0000-000000000000'$(echo "$ACKED" | awk 'NF {printf ",'\''00000000-0000-4000-8000-%012d'\''", $1}'))")
# applied twice? each registration's submission is audited once
DUPLICATES=$("${PSQL[@]}" -c "select count(*) from (select entity_id from audit_entry where entity_id like '00000000-0000-4000-8000-%'
  and action = 'REGISTRATION_SUBMITTED' group by 1 having count(*) > 1) x")
LOST=$((ACKED_N - ACKED_IN_DB))
REPORT=$(cat <<TXT
load: 4 clients registering without pause, $(( (END_AT - DOWN_AT + 10000) / 1000 )) s; PostgreSQL stopped for $(( (UP_AT - DOWN_AT) / 1000 )) s (pg_ctlcluster stop -m fast, then start)
requests sent: $SENT ($DURING_N while the database was down or the service not yet ready)
while down: $DURING_503 answered 503, $DURING_503_RA of them problem+json with Retry-After; other answers: ${DURING_OTHER:-none}
probes while down: readiness DOWN (503) $READY_DOWN of $READY_PROBES; a read (beneficiary list) 503 problem+json with Retry-After $READ_503 of $READ_PROBES
recovery: ready $(( (READY_AT - UP_AT) )) ms after PostgreSQL was started; first acknowledged write $(( FIRST_OK - UP_AT )) ms after; requests failing after it: $AFTER_FAIL
acknowledged writes: $ACKED_N; found in the database: $ACKED_IN_DB; lost: $LOST
resent after the run (never acknowledged): $RESENT; registrations in the database: $IN_DB for $ALL_N ids sent; registrations audited as submitted more than once: $DUPLICATES
TXT
)
echo "$REPORT"
RELIABILITY=1 append_run "Database outage" "$REPORT"
# while down: every write answered 503 problem+json with Retry-After (or succeeded before the stop took
# hold), every read probe too; readiness DOWN throughout
[ "$LOST" = 0 ] && [ "$AFTER_FAIL" = 0 ] && [ "$IN_DB" = "$ALL_N" ] && [ "$DUPLICATES" = 0 ] \
  && [ "$READY_DOWN" = "$READY_PROBES" ] && [ "$READ_503" = "$READ_PROBES" ] && [ -z "$DURING_OTHER" ] \
  && [ "$DURING_503_RA" = "$DURING_503" ] && [ "$DURING_503" -gt 0 ]
