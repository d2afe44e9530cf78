#!/usr/bin/env bash
# Start-up benchmark: process start -> visible window, and resident memory 2 s later, under Xvfb,
# with a 10-year demo journal. Prints each run and the median.
# Usage: scripts/startup-bench.sh [path/to/feltsense (release)] [runs]
set -euo pipefail
bin=$(realpath "${1:-target/release/feltsense}")
runs=${2:-5}
work=$(mktemp -d)
chmod 700 "$work"
export XDG_RUNTIME_DIR="$work/run" HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
db="$work/journal.sqlite"
"$bin" --db "$db" demo --years 10 --seed 1 >/dev/null
echo "journal: $(sqlite3 "$db" 'SELECT COUNT(*) FROM entries') entries, $(du -h "$db" | cut -f1)"

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY="$display"
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" --db "$db" >/dev/null 2>&1 &
  app=$!
  while ! xdotool search --onlyvisible --name '^Feltsense$' >/dev/null 2>&1; do sleep 0.005; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$app/status")
  win=$(xdotool search --onlyvisible --name '^Feltsense$' | head -n1)
  xdotool windowfocus --sync "$win" key --window "$win" ctrl+q
  wait "$app" || true
  echo "run $i: window visible after ${ms} ms, RSS after 2 s ${rss} MB"
  times+=("$ms")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "median: $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms over $runs runs"
