# Shared by the benchmark scripts (sourced, not run).

# Appends one run's figures to docs/benchmarks.md under a heading with the date, the commit and the
# machine, so that figures from different runs can be told apart.
#   append_run "Cycles" "$REPORT"
# APPEND=0 in the environment leaves the file alone (a trial run of a script); RELIABILITY=1 appends to
# docs/reliability.md instead (the heavy reliability suites).
append_run() {
  local title="$1" report="$2"
  [ "${APPEND:-1}" != 0 ] || return 0
  {
    echo
    echo "### $title run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git describe --always --dirty)"
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version')."
    echo
    echo '```'
    echo "$report"
    echo '```'
  } >> "$( [ "${RELIABILITY:-0}" = 1 ] && echo docs/reliability.md || echo docs/benchmarks.md )"
}

# Until COMMAND succeeds, for at most SECONDS: a script must end even when what it waits for never
# comes (the reliability suites).
wait_for() { # seconds, command...
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "gave up waiting for: $*"; exit 1; }
    sleep 0.2
  done
}

# The service under test ($BASE) answers ready.
ready() { curl -sf -o /dev/null "$BASE/q/health/ready"; }
