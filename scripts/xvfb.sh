# Sourced by the real-window scripts (window-test.sh, keyboard-test.sh, atspi-test.sh).
# start_xvfb: starts Xvfb on a free display and waits until X answers. Uses the caller's $work
# (for xvfb.log) and fail(); sets DISPLAY and $xvfb (the caller's cleanup kills it).
start_xvfb() {
  local up="" _i _j
  # A display number may be taken (or Xvfb slow to start): try a few, waiting until X answers.
  for _i in 1 2 3; do
    export DISPLAY=":$((90 + RANDOM % 100))"
    # -noreset: without it Xvfb regenerates when its last client leaves, and a second run of the
    # app could connect while it does (CI saw "Failed to open connection to X server" once).
    Xvfb "$DISPLAY" -screen 0 1280x900x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
    xvfb=$!
    for _j in $(seq 100); do
      if xdotool getmouselocation >/dev/null 2>&1; then up=1; break; fi
      kill -0 "$xvfb" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$up" ] && break
    kill "$xvfb" 2>/dev/null || true
  done
  [ -n "$up" ] || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
}
