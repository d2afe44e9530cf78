#!/usr/bin/env bash
# Keyboard-only check-ins in the real window under Xvfb, counting every key sent.
# A typical check-in (three regions with levels, one emotion with intensity, save) is logged twice:
# 1. with the quick log: Ctrl+L, `ne6 ls4 lb3 anx7`, Enter            (at most 20 keys)
# 2. with the map: F6, type-ahead letters and digits, F6, a digit, Ctrl+S (at most 30 keys)
# Each time `feltsense list --format json` must show exactly the entry typed.
# Xvfb handling as in scripts/window-test.sh. Usage: scripts/keyboard-test.sh [path/to/feltsense]
set -euo pipefail
bin=$(realpath "${1:-target/debug/feltsense}")
work=$(mktemp -d)
chmod 700 "$work"
export XDG_RUNTIME_DIR="$work/run" HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
db="$work/journal.sqlite"

fail() { echo "keyboard-test: FAILED: $*" >&2; echo "keyboard-test: 0 passed, 1 failed"; exit 1; }
command -v python3 >/dev/null || fail "python3 is needed to read the journal's JSON"

app=""
xvfb=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=scripts/xvfb.sh
. "$(dirname "$(realpath "$0")")/xvfb.sh"
start_xvfb

start_app() {
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
  sleep 2 # let the first frames paint and the journal open
  xdotool windowfocus --sync "$win"
}

quit_app() {
  xdotool key --window "$win" ctrl+q
  for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$app" 2>/dev/null && fail "the app did not quit on Ctrl+Q"
  set +e
  wait "$app"
  code=$?
  set -e
  app=""
  [ "$code" -eq 0 ] || { cat "$work/app.log" >&2; fail "exit code $code"; }
}

# Every key the person would press goes through these two, which count it. A combination such as
# ctrl+l is one key press; typed text is one key per character.
keys=0
press() { # xdotool key names, one press each
  for k in "$@"; do
    xdotool key --window "$win" "$k"
    keys=$((keys + 1))
    sleep 0.25 # a person's pace; each key gets its own frames
  done
}
type_text() {
  local s=$1 i
  for ((i = 0; i < ${#s}; i++)); do
    xdotool type --window "$win" "${s:i:1}"
    keys=$((keys + 1))
    sleep 0.25
  done
}

# The newest entry, as `region=level ...; emotion=intensity ...` from `feltsense list --format json`.
newest() {
  "$bin" --db "$db" list --format json </dev/null | python3 -c '
import json, sys
entries = json.load(sys.stdin)["entries"]
print(len(entries))
e = max(entries, key=lambda e: e["at"]) if entries else {"tensions": [], "emotions": []}
tensions = " ".join("%s=%s" % (t["region"], t["level"]) for t in e["tensions"])
emotions = " ".join("%s=%s" % (x["code"], x["intensity"]) for x in e["emotions"])
print(tensions + "; " + emotions)'
}

check() { # name, max keys, expected entry count
  local name=$1 max=$2 count=$3 got n summary
  sleep 1.5 # the save, then the journal is read back by another process
  got=$(newest)
  n=$(echo "$got" | head -n1)
  summary=$(echo "$got" | tail -n1)
  echo "keyboard-test: $name: $keys keys, journal has $n entries, newest: $summary"
  [ "$n" = "$count" ] || fail "$name: expected $count entries, found $n"
  [ "$summary" = "neck=6 shoulder_left=4 lower_back=3; anxiety=7" ] || fail "$name: wrong entry: $summary"
  [ "$keys" -le "$max" ] || fail "$name took $keys keys, more than $max"
}

start_app
# The first run opens on the welcome: Enter on its first choice ("Start my journal") goes to the
# Log form. Not counted: it is pressed once, not for each check-in.
xdotool key --window "$win" Return
sleep 1
# 1. Quick log.
keys=0
press ctrl+l
type_text "ne6 ls4 lb3 anx7"
press Return
check "quick log" 20 1

# 2. The map with type-ahead and F6 (the form is empty again after the save).
sleep 1 # two saves in the same minute are fine; the newest wins by time
keys=0
press F6      # the map: its first region
type_text "n6" # Neck 6
type_text "l4" # Left shoulder 4
type_text "l3" # the next L: Lower back 3
press F6      # the emotions: Anxiety first
type_text "7" # its intensity
press ctrl+s
check "map and F6" 30 2
quit_app
echo "keyboard-test: 2 passed, 0 failed"
