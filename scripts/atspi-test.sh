#!/usr/bin/env bash
# The window through AT-SPI, as a screen reader sees it: the real window under Xvfb in a private
# D-Bus session with the accessibility bus enabled; scripts/atspi_check.py reads the Log view's
# tree (names, descriptions, Tab stops, live regions), logs an entry with AT-SPI actions only and
# reads it back with `feltsense list --format json`, reads the Trends chart's summary, and checks
# the Journal's row buttons (names, order, a delete announced and undone), and that Ctrl+1 … 6
# leave the focused accessible inside the view they open, not the top bar; then the Experiments
# view's plan form (named practices, fields and combo boxes that say their choice) and starts an
# experiment with "Start the experiment"'s action, read back with `feltsense experiment result`.
# A second run on a demo journal reads Insights → After an emotion as a table (cells as text, details on focus).
# Needs at-spi2-core, python3-pyatspi (system /usr/bin/python3), dbus (dbus-run-session), Xvfb.
# Usage: scripts/atspi-test.sh [path/to/feltsense]
set -euo pipefail
bin=$(realpath "${1:-target/debug/feltsense}")
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${FELTSENSE_ATSPI_INNER:-}" ]; then
  # A private session bus, so the test neither needs nor touches a desktop session.
  exec env FELTSENSE_ATSPI_INNER=1 dbus-run-session -- bash "$0" "$bin"
fi
work=$(mktemp -d)
chmod 700 "$work"
export XDG_RUNTIME_DIR="$work/run" HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
db="$work/journal.sqlite"
fail() { echo "atspi-test: FAILED: $*" >&2; echo "atspi-test: 0 passed, 1 failed"; exit 1; }

app="" xvfb="" bus=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$bus" ] && kill "$bus" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=scripts/xvfb.sh
. "$(dirname "$(realpath "$0")")/xvfb.sh"
start_xvfb

/usr/libexec/at-spi-bus-launcher --launch-immediately >"$work/atspi.log" 2>&1 &
bus=$!
# What a desktop does when a screen reader is on: org.a11y.Status IsEnabled = true.
a11y=(--session --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties)
for _ in $(seq 50); do
  dbus-send --print-reply "${a11y[@]}.Set" string:org.a11y.Status string:IsEnabled variant:boolean:true >/dev/null 2>&1 && break
  sleep 0.1
done
dbus-send --print-reply "${a11y[@]}.Get" string:org.a11y.Status string:IsEnabled 2>/dev/null | grep -q "boolean true" ||
  fail "could not enable the accessibility bus"

WGPU_BACKEND=gl "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!
/usr/bin/python3 "$here/atspi_check.py" "$bin" "$db" || { cat "$work/app.log" >&2; exit 1; }
kill "$app"
wait "$app" 2>/dev/null || true

# 2. A demo journal: the After-an-emotion grid as text.
demo="$work/demo.sqlite"
"$bin" --db "$demo" demo --years 1 --seed 7 >/dev/null </dev/null
WGPU_BACKEND=gl "$bin" --db "$demo" >"$work/app.log" 2>&1 &
app=$!
/usr/bin/python3 "$here/atspi_check.py" "$bin" "$demo" after-emotion || { cat "$work/app.log" >&2; exit 1; }
