#!/usr/bin/env bash
# Starts a window program (its arguments follow) and exits as soon as its window, titled
# "Feltsense", is visible; the program is killed then. Used by scripts/startup-bench.sh to time
# start -> visible from outside (farm-bench).
set -euo pipefail
"$@" >/dev/null 2>&1 &
pid=$!
while ! xdotool search --onlyvisible --name '^Feltsense$' >/dev/null 2>&1; do sleep 0.005; done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
