#!/usr/bin/env bash
# Real-window test: the feltsense binary under Xvfb on a temporary journal.
# 1. Waits for the window, takes a screenshot (must not be blank), clicks a body region, saves with
#    Ctrl+S, quits with Ctrl+Q, and checks the exit code and the entry in the database.
# 2. Locks the journal with a passphrase (CLI), starts the window again, types the passphrase into
#    the unlock form, saves a second check-in, and checks it went into the encrypted file.
# 3. Copies in a folder (issue 24): with a folder chosen (CLI), the window writes the first copy
#    when it opens and, after a third check-in, the last one when it quits; the newest copy is
#    encrypted and, restored into another journal, holds all three check-ins.
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

# Waits until the X server answers; fails with its log if it has gone.
x_ready() {
  for _ in $(seq 100); do
    xdotool getmouselocation >/dev/null 2>&1 && return 0
    kill -0 "$xvfb" 2>/dev/null || { cat "$work/xvfb.log" >&2; fail "Xvfb exited"; }
    sleep 0.1
  done
  cat "$work/xvfb.log" >&2
  fail "the X server stopped answering"
}

# Starts the app and waits for its window; sets $app and $win.
start_app() {
  x_ready
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
}

# Clicks the chest on the front silhouette, saves with Ctrl+S and quits with Ctrl+Q.
click_save_quit() {
  local shot=$1
  # Position in window points for the default layout.
  xdotool windowfocus --sync "$win"
  xdotool mousemove --window "$win" "${CLICK_X:-155}" "${CLICK_Y:-190}" click 1
  sleep 0.5
  import -window root "$out_dir/$shot"
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
}

start_app
sleep 2 # let the first frames paint and the journal open
import -window root "$out_dir/window.png"
colors=$(/usr/bin/convert "$out_dir/window.png" -format '%k' info:)
[ "$colors" -gt 20 ] || fail "the screenshot is blank ($colors colours)"
echo "window-test: screenshot has $colors colours"
# The first run opens on the welcome, its first choice ("Start my journal") holding the keyboard:
# Enter goes to the Log form. The next start (below) goes straight there.
xdotool windowfocus --sync "$win"
xdotool key --window "$win" Return
sleep 1
click_save_quit window-clicked.png

rows=$(sqlite3 "$db" "SELECT t.region || '=' || t.level FROM tensions t JOIN entries e ON e.id = t.entry_id;")
echo "window-test: saved tensions: ${rows:-none}"
[ "$rows" = "${EXPECT_TENSION:-chest=5}" ] || fail "expected ${EXPECT_TENSION:-chest=5} in the journal, found '${rows}'"

# 2. The same journal, locked with a passphrase.
pass="window test passphrase"
FELTSENSE_NEW_PASSPHRASE="$pass" "$bin" --db "$db" passphrase </dev/null >/dev/null || fail "could not lock the journal"
if sqlite3 "$db" "SELECT count(*) FROM entries;" >/dev/null 2>&1; then fail "a locked journal is readable without its passphrase"; fi
start_app
sleep 2 # the unlock form appears with its field focused
import -window root "$out_dir/window-locked.png"
xdotool windowfocus --sync "$win"
xdotool type --window "$win" --delay 20 "$pass"
xdotool key --window "$win" Return
sleep 2 # key derivation, then the journal opens
click_save_quit window-unlocked.png
entries=$(FELTSENSE_PASSPHRASE="$pass" "$bin" --db "$db" list --format json </dev/null | grep -c '"chest"' || true)
echo "window-test: check-ins with the chest in the locked journal: $entries"
[ "$entries" = "2" ] || fail "expected 2 check-ins in the locked journal after unlocking it in the window, found $entries"
if grep -aq chest "$db"; then fail "the locked journal holds readable text"; fi

# 3. Copies in a folder: the window writes one when it opens (none was written yet) and one when it
# quits with a check-in not copied yet.
mkdir "$work/Sync"
FELTSENSE_PASSPHRASE="$pass" "$bin" --db "$db" sync folder "$work/Sync" </dev/null >/dev/null || fail "could not choose the copies' folder"
start_app
sleep 2
xdotool windowfocus --sync "$win"
xdotool type --window "$win" --delay 20 "$pass"
xdotool key --window "$win" Return
for _ in $(seq 100); do compgen -G "$work/Sync/feltsense-*.fscopy" >/dev/null && break; sleep 0.1; done
compgen -G "$work/Sync/feltsense-*.fscopy" >/dev/null || { cat "$work/app.log" >&2; fail "no copy was written when the window opened"; }
click_save_quit window-copies.png
newest=$(ls "$work/Sync"/feltsense-*.fscopy | sort | tail -n1)
copies=$(ls "$work/Sync"/feltsense-*.fscopy | wc -l)
[ "$copies" = 2 ] || fail "expected 2 copies (when opened, when quit), found $copies: $(ls "$work/Sync")"
if grep -aq chest "$newest"; then fail "the copy holds readable text"; fi
FELTSENSE_COPY_PASSPHRASE="$pass" "$bin" --db "$work/restored/journal.sqlite" sync restore --yes "$newest" </dev/null >/dev/null \
  || fail "the window's last copy could not be restored"
entries=$(FELTSENSE_PASSPHRASE="$pass" "$bin" --db "$work/restored/journal.sqlite" list --format json </dev/null | grep -c '"chest"' || true)
echo "window-test: check-ins with the chest in the copy written when the window quit: $entries"
[ "$entries" = "3" ] || fail "expected 3 check-ins in the last copy, found $entries"
echo "window-test: 3 passed, 0 failed"
