#!/usr/bin/env bash
# Real-window test: the feltsense binary under Xvfb on a temporary journal.
# Waits for the window, takes a screenshot (must not be blank), clicks a body region, saves with
# Ctrl+S, quits with Ctrl+Q, and checks the exit code and the entry in the database.
# Usage: scripts/window-test.sh [path/to/feltsense]
set -euo pipefail
bin=$(realpath "${1:-target/debug/feltsense}")
work=$(mktemp -d)
chmod 700 "$work"
out_dir=${WINDOW_TEST_OUT:-$work}
export XDG_RUNTIME_DIR="$work/run" HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
db="$work/journal.sqlite"

fail() { echo "window-test: FAILED: $*" >&2; echo "window-test: 0 passed, 1 failed"; exit 1; }

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY="$display"
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

start=$(date +%s%N)
WGPU_BACKEND=gl "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!

win=""
for _ in $(seq 300); do
  win=$(xdotool search --onlyvisible --name '^Feltsense$' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] && break
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log" >&2; fail "the app exited before showing a window"; }
  sleep 0.05
done
[ -n "$win" ] || { cat "$work/app.log" >&2; fail "no window appeared within 15 s"; }
echo "window-test: window visible after $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 2 # let the first frames paint and the journal open

import -window root "$out_dir/window.png"
colors=$(/usr/bin/convert "$out_dir/window.png" -format '%k' info:)
[ "$colors" -gt 20 ] || fail "the screenshot is blank ($colors colours)"
echo "window-test: screenshot has $colors colours"

# Click the chest on the front silhouette (position in window points for the default layout).
eval "$(xdotool getwindowgeometry --shell "$win")"
click_x=${CLICK_X:-155}
click_y=${CLICK_Y:-190}
xdotool windowfocus --sync "$win"
xdotool mousemove --window "$win" "$click_x" "$click_y" click 1
sleep 0.5
import -window root "$out_dir/window-clicked.png"
xdotool key --window "$win" ctrl+s
sleep 1
xdotool key --window "$win" ctrl+q

for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then fail "the app did not quit on Ctrl+Q"; fi
set +e
wait "$app"
code=$?
set -e
app=""
[ "$code" -eq 0 ] || { cat "$work/app.log" >&2; fail "exit code $code"; }

rows=$(sqlite3 "$db" "SELECT t.region || '=' || t.level FROM tensions t JOIN entries e ON e.id = t.entry_id;")
echo "window-test: saved tensions: ${rows:-none}"
[ "$rows" = "${EXPECT_TENSION:-chest=5}" ] || fail "expected ${EXPECT_TENSION:-chest=5} in the journal, found '${rows}'"
echo "window-test: 1 passed, 0 failed"
