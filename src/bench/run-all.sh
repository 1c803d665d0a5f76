#!/usr/bin/env bash
# Every benchmark, one after another, each appending its figures (date, commit, machine) to
# docs/benchmarks.md: the generator at national size and the service-level figures on its data, then
# the feature benchmarks (registry, cycles, payment status, reports, home delivery). About an hour on
# the 2-core machine; nothing else should run meanwhile (the figures are CPU-bound).
#   bash src/bench/run-all.sh [COUNT=1000000]
# A benchmark that fails is reported at the end; the others still run.
set -uo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-1000000}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
FAILED=()
SUMMARY=()
bench() { # name, command...
  local t0=$(date +%s)
  echo "=== $1"
  if "${@:2}"; then SUMMARY+=("$1: $(( $(date +%s) - t0 )) s"); else FAILED+=("$1"); SUMMARY+=("$1: FAILED"); fi
}
bench generator bash src/bench/generate.sh "$COUNT" 42 ansinh_generated
bench service bash src/bench/service.sh ansinh_generated
bench registry bash src/bench/registry.sh
bench cycles bash src/bench/cycles.sh "$COUNT"
bench status bash src/bench/status.sh "$COUNT"
bench reports bash src/bench/reports.sh "$COUNT"
bench deliveries bash src/bench/deliveries.sh
printf '%s\n' "${SUMMARY[@]}"
[ ${#FAILED[@]} -eq 0 ] || { echo "failed: ${FAILED[*]}"; exit 1; }
