#!/usr/bin/env bash
# Run a reliability spec N times in a row while another process keeps every core busy;
# stop at the first failure. Prints "k/N passed".
#
#   scripts/reliability-loop.sh [N=20] [spec=integration-tests/reliability/worker-crash.spec.ts]
#
# The plugin must be built (npm run build) — the spec's host app loads .medusa/server.
# Logs of every run: .tmp/reliability-loop/run-<i>.log. BURNERS=<n> overrides the number
# of CPU burner processes (default: one per core).
set -u
cd "$(dirname "$0")/.."

N="${1:-20}"
SPEC="${2:-integration-tests/reliability/worker-crash.spec.ts}"
LOGS=".tmp/reliability-loop"
mkdir -p "$LOGS"

if [ ! -f .medusa/server/src/modules/messaging/index.js ]; then
  echo "The plugin is not built: run npm run build first" >&2
  exit 2
fi

BURNERS="${BURNERS:-$(nproc)}"
PIDS=()
stop_burners() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
}
trap stop_burners EXIT INT TERM
for _ in $(seq 1 "$BURNERS"); do
  node -e 'for (;;) {}' &
  PIDS+=("$!")
done
echo "CPU burners: ${BURNERS} process(es) (${PIDS[*]}) on $(nproc) core(s)"

passed=0
for i in $(seq 1 "$N"); do
  start=$(date +%s)
  if NODE_OPTIONS=--experimental-vm-modules npx jest "$SPEC" --selectProjects integration --runInBand --forceExit >"$LOGS/run-$i.log" 2>&1; then
    passed=$((passed + 1))
    echo "run $i: passed in $(( $(date +%s) - start )) s"
  else
    echo "run $i: FAILED in $(( $(date +%s) - start )) s (log: $LOGS/run-$i.log)"
    grep -E "✕|Expected|Received|Error:" "$LOGS/run-$i.log" | head -20
    echo "${passed}/${N} passed"
    exit 1
  fi
done
echo "${passed}/${N} passed"
