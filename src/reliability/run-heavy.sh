#!/usr/bin/env bash
# The heavy reliability suites, one after the other (about 10 minutes on the 2-core machine), each
# appending its results to docs/reliability.md. They stop and start this machine's PostgreSQL and kill
# the service they start: run nothing else meanwhile. Exits non-zero when any of them found a loss.
#   bash src/reliability/run-heavy.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
FAILED=0
bash src/reliability/outage.sh || { echo "outage suite: FAILED"; FAILED=1; }
bash src/reliability/crash.sh || { echo "crash suite: FAILED"; FAILED=1; }
exit $FAILED
