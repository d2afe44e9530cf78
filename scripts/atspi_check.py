"""Reads the Feltsense window through AT-SPI (what Orca sees) and logs an entry with AT-SPI actions only.

Run by scripts/atspi-test.sh with the system python3 (pyatspi), inside a private D-Bus session
with the accessibility bus enabled. Prints one line per check; exits 1 on the first failure.
"""

import json
import subprocess
import sys
import time

import pyatspi
from gi.repository import Atspi, GLib

BIN, DB = sys.argv[1], sys.argv[2]
passed = 0


def fail(msg):
    print(f"atspi-test: FAILED: {msg}", file=sys.stderr)
    print(f"atspi-test: {passed} passed, 1 failed")
    sys.exit(1)


def ok(msg):
    global passed
    passed += 1
    print(f"atspi-test: ok: {msg}")


def window(timeout=30):
    """The Feltsense window as AT-SPI lists it (its accessible name starts with "Feltsense")."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is None:
                continue
            for win in app:
                if win is not None and (win.name or "").startswith("Feltsense"):
                    return win
        time.sleep(0.5)
    fail("no window named Feltsense… on the AT-SPI bus")


def nodes(root):
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        try:
            stack.extend(c for c in n if c is not None)
        except Exception:  # a node that went away while we walked
            pass


def named(name, roles=None):
    """The nodes named `name` (with a role in `roles`) now; nodes that vanish meanwhile are skipped."""
    found = []
    for n in nodes(window()):
        try:
            if n.name == name and (roles is None or n.getRoleName() in roles):
                found.append(n)
        except Exception:
            continue
    return found


def find(name, role=None, timeout=10):
    """The first node named `name` (and of `role`), waiting for it to appear."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for n in nodes(window()):
            try:
                if n.name == name and (role is None or n.getRoleName() == role):
                    return n
            except Exception:
                continue
        time.sleep(0.3)
    fail(f"no node named {name!r}" + (f" with role {role}" if role else ""))


def wait_for(what, check, timeout=10):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = check()
        if last is True:
            return
        time.sleep(0.3)
    fail(f"{what} (last seen: {last!r})")


def click(node):
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if "click" not in names:
        fail(f"{node.name!r} offers no click action, only {names}")
    action.doAction(names.index("click"))


def description(name, role="toggle button"):
    return lambda: True if find(name, role).description == want[name] else find(name, role).description



def after_emotion():
    """On a demo journal: every cell of Insights → After an emotion reads as text."""
    click(find("Insights", "toggle button", timeout=30))
    click(find("After an emotion", "toggle button"))
    deadline = time.time() + 120  # the analysis runs off the UI thread; a debug build is slow
    cells = []
    while time.time() < deadline and not cells:
        cells = [
            n.name
            for n in nodes(window())
            if (n.name or "").startswith("Neck, 0–6 h:") and "check-ins after" in (n.name or "")
        ]
        time.sleep(1)
    if not cells:
        fail("no After-an-emotion cell for the neck that reads its numbers as text")
    ok(f"an After-an-emotion cell reads {cells[0]!r}")
    print(f"atspi-test: {passed} passed, 0 failed")
    sys.exit(0)


if len(sys.argv) > 3 and sys.argv[3] == "after-emotion":
    after_emotion()

# 1. The window and the Log view's tree.
win = window()
if win.name != "Feltsense – Log":
    fail(f"window name is {win.name!r}, expected 'Feltsense – Log'")
ok(f"window name {win.name!r}")

neck = find("Neck", "toggle button")
if neck.description != "Neck, not rated":
    fail(f"Neck's description is {neck.description!r}")
ok("Neck is a (toggle) button described 'Neck, not rated'")
neck_buttons = named("Neck", ("toggle button",)) + named("Neck (front)", ("toggle button",))
focusable = [n for n in neck_buttons if n.getState().contains(pyatspi.STATE_FOCUSABLE)]
if len(neck_buttons) != 2 or len(focusable) != 1:
    fail(f"expected two Neck shapes with one focusable, found {len(neck_buttons)} and {len(focusable)}")
ok("the neck's two shapes are one Tab stop")
quick = find("Quick log:")
ok(f"the quick-log line is there (role {quick.getRoleName()})")

# Events a screen reader hears: announcements of live regions, changes of descriptions.
events = []


def on_event(event):
    try:
        source = event.source.name
    except Exception:
        source = None
    events.append((event.type, source, str(event.any_data)))


listener = Atspi.EventListener.new(on_event)
listener.register("object:announcement")
listener.register("object:property-change:accessible-description")


def pump(what, seen, timeout=5):
    """Runs the event loop until `seen(events)` holds."""
    context = GLib.MainContext.default()
    deadline = time.time() + timeout
    while time.time() < deadline and not seen(events):
        context.iteration(False)
        time.sleep(0.02)
    if not seen(events):
        fail(f"{what} (events: {events[-5:]})")


# 2. Log an entry with actions only: Neck (first click rates 5), Anxiety (intensity 5), Save.
want = {"Neck": "Neck, tension 5", "Anxiety": "Anxiety, intensity 5"}
click(find("Neck", "toggle button"))
wait_for("Neck's description after a click", description("Neck"))
ok("a click rates the neck, and its description says 'Neck, tension 5'")
pump(
    "no description-change event for the neck",
    lambda ev: any(t.endswith("accessible-description") and "Neck, tension 5" in d for t, _, d in ev),
)
ok("the level change is an AT-SPI event ('Neck, tension 5')")
chips = named("Anxiety", ("push button", "toggle button"))
if not chips:
    fail("no Anxiety chip")
click(chips[0])
wait_for(
    "Anxiety's description after a click",
    lambda: True
    if any(n.description == want["Anxiety"] for n in named("Anxiety", ("toggle button",)))
    else [n.description for n in named("Anxiety", ("toggle button",))],
)
ok("the Anxiety chip says 'Anxiety, intensity 5'")
# The toast is a live region: AccessKit sends an AT-SPI announcement, which Orca speaks.
click(find("Save", "push button"))
find("Saved.")
pump("'Saved.' was not announced", lambda ev: any(t == "object:announcement" and "Saved." in d for t, _, d in ev))
ok("'Saved.' is announced as the toast appears")

# 3. Read the entry back from the journal.
time.sleep(0.5)
out = subprocess.run([BIN, "--db", DB, "list", "--format", "json"], capture_output=True, text=True, check=True)
entries = json.loads(out.stdout)["entries"]
if len(entries) != 1:
    fail(f"expected 1 entry in the journal, found {len(entries)}")
e = entries[0]
if e["tensions"] != [{"region": "neck", "level": 5}] or e["emotions"] != [{"code": "anxiety", "intensity": 5}]:
    fail(f"wrong entry: {e['tensions']} {e['emotions']}")
ok("the journal holds neck 5 and anxiety 5")

# 4. Insights → Trends: the chart is a named figure whose description is its text summary.
click(find("Insights", "toggle button"))
wait_for("window name after opening Insights", lambda: True if window().name == "Feltsense – Insights" else window().name)
ok("the window's name follows the view ('Feltsense – Insights')")
click(find("Trends", "toggle button"))
chart = find("Tension trends chart", timeout=20)
wait_for(
    "the trends chart's description names the neck's latest mean",
    lambda: True if "Neck 5.0" in (chart.description or "") else chart.description,
)
ok(f"the trends chart reads {chart.description!r} (role {chart.getRoleName()})")
print(f"atspi-test: {passed} passed, 0 failed")
