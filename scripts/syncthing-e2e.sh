#!/usr/bin/env bash
# One journal on two computers through a real sync engine (issue 24): two Syncthing instances
# (Debian's package `syncthing`) on 127.0.0.1 with separate homes, no discovery, no relays, each
# syncing its own folder with the other; one Feltsense journal on each, with its copies going to
# that instance's folder. Entries are added on both, the copies travel through Syncthing, each
# computer merges the other's, and the two journals must end equal (compared as JSON without row
# ids); more are added on both and it is done again; merging once more changes nothing. (Edits,
# deletions and versions changed on both sides are tested in tests/backup/sync.rs without a
# sync engine: the command line only adds.)
#
# Not part of CI (Syncthing's start and scan take most of a minute); run by hand and recorded in
# BENCHMARKS.md:
#   bash scripts/syncthing-e2e.sh target/debug/feltsense
set -euo pipefail

bin=$(realpath "${1:-target/debug/feltsense}")
command -v syncthing >/dev/null || { echo "syncthing is not installed (apt-get install syncthing)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
[ -x "$bin" ] || { echo "no Feltsense binary at $bin (cargo build)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${keep:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; keep=1; for s in a b; do echo "--- syncthing $s log (tail)" >&2; tail -20 "$work/st-$s.log" >&2 || true; done; exit 1; }

export FELTSENSE_COPY_PASSPHRASE="two computers one journal"
start=$(date +%s.%N)

# Free ports: a GUI/API port and a sync port per instance.
ports=($(python3 - <<'EOF'
import socket
s = [socket.socket() for _ in range(4)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))
EOF
))
declare -A gui=([a]=${ports[0]} [b]=${ports[1]}) listen=([a]=${ports[2]} [b]=${ports[3]}) id=()
apikey=feltsense-e2e-key

for s in a b; do
  mkdir -p "$work/$s" "$work/sync-$s"
  STNODEFAULTFOLDER=1 syncthing generate --home="$work/st-$s" >"$work/st-$s.gen.log" 2>&1 \
    || { cat "$work/st-$s.gen.log" >&2; fail "syncthing generate ($s)"; }
  id[$s]=$(syncthing --home="$work/st-$s" --device-id)
done

# The config: local only, one folder shared with the other instance.
for s in a b; do
  o=$([ $s = a ] && echo b || echo a)
  python3 - "$work/st-$s/config.xml" "${id[$s]}" "${id[$o]}" "${listen[$s]}" "${listen[$o]}" \
    "${gui[$s]}" "$apikey" "$work/sync-$s" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, me, other, port, other_port, gui_port, key, folder = sys.argv[1:]
tree = ET.parse(path)
root = tree.getroot()
for f in root.findall("folder"):
    root.remove(f)
g = root.find("gui")
g.set("enabled", "true"); g.set("tls", "false")
g.find("address").text = f"127.0.0.1:{gui_port}"
(g.find("apikey") if g.find("apikey") is not None else ET.SubElement(g, "apikey")).text = key
o = root.find("options")
def opt(name, value):
    e = o.find(name)
    if e is None:
        e = ET.SubElement(o, name)
    e.text = value
for e in o.findall("listenAddress"):
    o.remove(e)
ET.SubElement(o, "listenAddress").text = f"tcp://127.0.0.1:{port}"
for name, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                    ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                    ("autoUpgradeIntervalH", "0"), ("crashReportingEnabled", "false"),
                    ("startBrowser", "false")]:
    opt(name, value)
d = ET.SubElement(root, "device", id=other, name="other", compression="metadata", introducer="false")
ET.SubElement(d, "address").text = f"tcp://127.0.0.1:{other_port}"
ET.SubElement(d, "autoAcceptFolders").text = "false"
f = ET.SubElement(root, "folder", id="feltsense", label="Feltsense", path=folder, type="sendreceive",
                  rescanIntervalS="60", fsWatcherEnabled="true", fsWatcherDelayS="1")
ET.SubElement(f, "device", id=me)
ET.SubElement(f, "device", id=other)
tree.write(path)
EOF
  STNODEFAULTFOLDER=1 syncthing serve --home="$work/st-$s" --no-browser --no-restart \
    --gui-address="127.0.0.1:${gui[$s]}" --gui-apikey="$apikey" >"$work/st-$s.log" 2>&1 &
  pids+=($!)
done

api() { curl -fsS -H "X-API-Key: $apikey" "http://127.0.0.1:${gui[$1]}/rest/$2"; }
for s in a b; do
  for _ in $(seq 300); do api $s system/ping >/dev/null 2>&1 && break; sleep 0.1; done
  api $s system/ping >/dev/null 2>&1 || fail "syncthing $s does not answer"
done
# Both connected to each other.
for _ in $(seq 600); do
  c=$(api a system/connections | python3 -c "import sys,json; print(sum(1 for v in json.load(sys.stdin)['connections'].values() if v['connected']))")
  [ "$c" -ge 1 ] && break
  sleep 0.1
done
[ "$c" -ge 1 ] || fail "the two Syncthing instances did not connect"
echo "syncthing: two instances connected ($(printf %.1f "$(echo "$(date +%s.%N) - $start" | bc)") s)"

fs() { "$bin" --db "$work/$1/journal.sqlite" "${@:2}"; }
for s in a b; do
  fs $s sync name "Computer $s" >/dev/null
  fs $s sync folder "$work/sync-$s" >/dev/null
done
fs a add --tension neck=6 --emotion anxiety=7 --note "a1" >/dev/null
fs a add --tension jaw=4 --note "a2" >/dev/null
fs b add --tension shoulder_left=5 --note "b1" >/dev/null

# The journals as JSON, without row ids, sorted by uid.
journal() {
  fs "$1" list --format json | python3 -c '
import sys, json
d = json.load(sys.stdin)
entries = d["entries"] if isinstance(d, dict) else d
for e in entries:
    e.pop("id", None)
print(json.dumps(sorted(entries, key=lambda e: e.get("uid", "")), sort_keys=True))'
}
notes() { fs "$1" list --format json | python3 -c '
import sys, json
d = json.load(sys.stdin)
entries = d["entries"] if isinstance(d, dict) else d
print(" ".join(sorted(e["note"] for e in entries)))'; }

# Each writes its copy, waits until Syncthing has brought the other's, and merges it.
round() {
  local want=$1 t0
  t0=$(date +%s.%N)
  fs a sync now >/dev/null
  fs b sync now >/dev/null
  for _ in $(seq 600); do
    fs a sync now >/dev/null 2>&1 || true
    fs b sync now >/dev/null 2>&1 || true
    if [ "$(notes a)" = "$want" ] && [ "$(notes b)" = "$want" ]; then
      echo "round: both journals hold [$want] after $(printf %.1f "$(echo "$(date +%s.%N) - $t0" | bc)") s"
      return 0
    fi
    sleep 0.5
  done
  fail "after 5 minutes: a holds [$(notes a)], b holds [$(notes b)], want [$want]"
}

round "a1 a2 b1"
[ "$(journal a)" = "$(journal b)" ] || fail "the journals differ (entries equal by note, not in full)"

fs a add --tension neck=3 --note "a3" >/dev/null
fs b add --tension neck=2 --note "b2" >/dev/null
fs b add --tension jaw=2 --note "b3" >/dev/null
round "a1 a2 a3 b1 b2 b3"
[ "$(journal a)" = "$(journal b)" ] || fail "the journals differ after the second round"

# Merging again changes nothing; no conflicts; no temporary file of ours carried over.
before=$(journal a)
fs a sync now >/dev/null; fs b sync now >/dev/null
[ "$(journal a)" = "$before" ] || fail "merging again changed the journal"
fs a sync conflicts | grep -qi "no entr\|none\|geen" || echo "note: sync conflicts says: $(fs a sync conflicts | head -3)"
for s in a b; do
  if ls -A "$work/sync-$s" | grep -q '\.fscopy\.part$'; then
    ls -la "$work/sync-$s" >&2
    fail "a temporary copy is in $s's folder"
  fi
  echo "folder $s: $(ls "$work/sync-$s" | tr '\n' ' ')"
done
echo "OK: two Syncthing instances, two journals, equal after adds on both ($(printf %.1f "$(echo "$(date +%s.%N) - $start" | bc)") s in all)"
