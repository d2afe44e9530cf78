#!/usr/bin/env bash
# Start-up benchmark: Feltsense against an empty eframe window with the same eframe features
# (src/bin/bare_window.rs), side by side in one run under Xvfb, with a 10-year demo journal.
#
# For each run, in turn (A B A B ...): process start -> window mapped (X's MapNotify, read by xev),
# and resident memory 2 s later; then the window is closed with Ctrl+Q. Prints every run, the
# medians, and the median of the per-pair ratios (pairing keeps the ratio meaningful when the
# machine's speed drifts). When farm-bench is installed it also times the two paired from outside
# (process start -> visible, the window killed at once) as a cross-check.
#
# Usage: scripts/startup-bench.sh [feltsense (release)] [bare_window (release)] [runs]
# Build both first (release profile, as shipped):
#   cargo build --release --features bare-window --bin feltsense --bin bare_window
# (the feature only lets the second binary be built; it changes nothing in Feltsense's code)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(realpath "${1:-target/release/feltsense}")
bare=$(realpath "${2:-target/release/bare_window}")
runs=${3:-10}
work=$(mktemp -d)
chmod 700 "$work"
export XDG_RUNTIME_DIR="$work/run" HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
db="$work/journal.sqlite"
"$app" --db "$db" demo --years 10 --seed 1 >/dev/null
echo "journal: $(sqlite3 "$db" 'SELECT COUNT(*) FROM entries') entries, $(du -h "$db" | cut -f1)"

fail() { echo "startup-bench: $*" >&2; exit 1; }
xvfb=""
trap '[[ -n $xvfb ]] && kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=scripts/xvfb.sh
. "$here/xvfb.sh"
start_xvfb
# On a shared machine another program's window titled "Feltsense" would be found instead of ours.
if xdotool search --name '^Feltsense$' >/dev/null 2>&1; then
  echo "startup-bench: a window titled Feltsense is already on $DISPLAY" >&2
  exit 1
fi

# One start: prints "<ms to visible> <RSS MB after 2 s>". The moment the window is mapped comes from
# X's MapNotify event (xev on the root window: no polling, so what the program does right after its
# first frame cannot delay the reading, and no poller takes CPU from the program); xdotool then
# finds the window to close it with Ctrl+Q.
once() {
  local start mapped ms rss pid win watcher
  rm -f "$work/mapped"
  (stdbuf -oL xev -root -event substructure 2>/dev/null | while IFS= read -r line; do
    case $line in MapNotify*) echo "$EPOCHREALTIME" >"$work/mapped.part" && mv "$work/mapped.part" "$work/mapped" && break ;; esac
  done) &
  watcher=$!
  sleep 0.5 # xev is listening
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>"$work/stderr" &
  pid=$!
  until [[ -s $work/mapped ]]; do
    if (( ${EPOCHREALTIME%.*} - ${start%.*} > 60 )) || ! kill -0 "$pid" 2>/dev/null; then
      echo "startup-bench: no window after 60 s (or the program ended): $*" >&2
      kill "$pid" 2>/dev/null || true
      cat "$work/stderr" >&2
      exit 1
    fi
    sleep 0.01
  done
  mapped=$(<"$work/mapped")
  ms=$(awk -v a="$start" -v b="$mapped" 'BEGIN {printf "%d", (b - a) * 1000 + 0.5}')
  sleep 2
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  win=$(xdotool search --onlyvisible --name '^Feltsense$' | head -n1)
  xdotool windowfocus --sync "$win" key --window "$win" ctrl+q
  wait "$pid" || true
  pkill -P "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  echo "$ms $rss"
}

# Warm-up (file cache, shader cache), not counted.
once "$app" --db "$db" >/dev/null
once "$bare" >/dev/null

a_ms=() a_rss=() b_ms=() b_rss=() ratio=() rss_ratio=()
for i in $(seq "$runs"); do
  read -r ams arss < <(once "$app" --db "$db")
  read -r bms brss < <(once "$bare")
  echo "run $i: Feltsense ${ams} ms, ${arss} MB; bare eframe ${bms} ms, ${brss} MB"
  a_ms+=("$ams") a_rss+=("$arss") b_ms+=("$bms") b_rss+=("$brss")
  ratio+=("$(awk -v a="$ams" -v b="$bms" 'BEGIN {printf "%.3f", a / b}')")
  rss_ratio+=("$(awk -v a="$arss" -v b="$brss" 'BEGIN {printf "%.3f", a / b}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "median: Feltsense $(median "${a_ms[@]}") ms, $(median "${a_rss[@]}") MB; bare eframe $(median "${b_ms[@]}") ms, $(median "${b_rss[@]}") MB"
echo "median of the paired ratios: time to visible x$(median "${ratio[@]}"), RSS x$(median "${rss_ratio[@]}") (goal: at most x1.1 each)"

if command -v farm-bench >/dev/null; then
  # From outside: process start -> visible window (killed at once), paired A B A B.
  echo "farm-bench (start -> visible, killed at once):"
  farm-bench -n "$runs" --timeout 600 --vs "bash $here/startup-visible.sh $bare" -- bash "$here/startup-visible.sh" "$app" --db "$db" || true
fi
