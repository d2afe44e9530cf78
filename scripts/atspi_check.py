"""Reads the Feltsense window through AT-SPI (what Orca sees) and logs an entry with AT-SPI actions only.

Run by scripts/atspi-test.sh with the system python3 (pyatspi), inside a private D-Bus session
with the accessibility bus enabled. Prints one line per check; exits 1 on the first failure.
"""

import json
import subprocess
import sys
import time
from datetime import datetime

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



def in_order(root):
    """The nodes under `root` in document order (the order of the widgets, and of Tab)."""
    try:
        children = [c for c in root if c is not None]
    except Exception:
        children = []
    for c in children:
        yield c
        yield from in_order(c)


def role(n):
    try:
        return n.getRoleName()
    except Exception:
        return None


START = "Start my journal"


def leave_welcome():
    """The first run opens on the welcome: its first choice starts the journal (on the Log form)."""
    click(find(START, "push button", timeout=30))
    wait_for("the Log form after the welcome", lambda: True if window().name == "Feltsense – Log" else window().name)


def after_emotion():
    """On a demo journal: Insights → After an emotion is a table whose cells read as text, and a
    cell's details open when it gets the keyboard focus, its entries on its click action."""
    leave_welcome()
    click(find("Insights", "toggle button", timeout=30))
    click(find("After an emotion", "toggle button"))
    deadline = time.time() + 120  # the analysis runs off the UI thread; a debug build is slow
    tables = []
    while time.time() < deadline and not tables:
        tables = [n for n in nodes(window()) if role(n) == "table" and (n.name or "").startswith("Tension after ")]
        time.sleep(1)
    if not tables:
        fail("no table named 'Tension after …' in Insights → After an emotion")
    table = tables[0]
    rows = [r for r in table if role(r) == "table row"]
    if len(rows) != 17:
        fail(f"the table has {len(rows)} rows, expected a header and 16 regions")
    header = [(role(c), c.name) for c in rows[0]]
    if [r for r, _ in header] != ["column header"] * 6 or not header[2][1].startswith("0–6 h, "):
        fail(f"header row: {header}")
    ok(f"{table.name!r} is a table of 17 rows; the columns are {[n for _, n in header[2:]]}")
    neck = next((r for r in rows if r[0] is not None and r[0].name == "Neck"), None)
    if neck is None:
        fail("no row whose row header is 'Neck'")
    cells = [c for c in neck]
    if role(cells[0]) != "row header" or any(role(c) != "table cell" for c in cells[1:]) or len(cells) != 6:
        fail(f"Neck row: {[(role(c), c.name) for c in cells]}")
    cell = cells[2]
    if not cell.name.startswith("Neck, 0–6 h: ") or "check-ins after" not in cell.name:
        fail(f"the Neck, 0–6 h cell reads {cell.name!r}")
    ok(f"a cell reads {cell.name!r}")
    if not cell.description.startswith("Verdict: "):
        fail(f"the cell's description is {cell.description!r}")
    ok(f"its description gives the details: {cell.description[:70]!r}…")
    # The keyboard on the cell shows its details (not only the mouse).
    hint = "Click or press Enter to see the entries behind it."
    # The pointer away from the grid (Xvfb starts it mid-screen, where a hover shows details too).
    # and the window focused, as it is for a person at the keyboard (Xvfb has no window manager).
    win = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^Feltsense$"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", win], check=True)
    subprocess.run(["xdotool", "mousemove", "1279", "899"], check=True)
    wait_for("no details while nothing is hovered or focused", lambda: True if not named(hint) else "shown")
    if named(hint):
        fail("the details are shown before any cell has the focus")
    if not cell.queryComponent().grabFocus():
        fail("the cell did not take the focus")
    wait_for("the details after focusing the cell", lambda: True if named(hint) else "not shown")
    ok("focusing the cell shows its details")
    click(cell)
    wait_for(
        "the entries behind the cell after its click action",
        lambda: True
        if any((n.name or "").startswith("Events: ") for n in nodes(window()))
        else "no 'Events: …'",
    )
    ok("its click action lists the entries behind it")

    # Issue 23, point 4: a combo box says its choice in its description (the AT-SPI adapter drops
    # AccessKit's string values); Time of day's painted cells read as text; Escape closes F1.
    shown = table.name[len("Tension after "):]
    combos = [n for n in nodes(window()) if role(n) == "combo box"]
    if not any((c.description or "") == f"Emotion: {shown}" for c in combos):
        fail(f"no combo box described 'Emotion: {shown}': {[(c.name, c.description) for c in combos]}")
    ok(f"the emotion's combo box is described 'Emotion: {shown}'")
    click(find("Time of day", "toggle button"))

    def morning_neck():
        found = [n.name for n in nodes(window()) if role(n) == "table cell" and (n.name or "").startswith("Neck, morning: ")]
        return True if found else "no cell named 'Neck, morning: …'"

    wait_for("Time of day's cells as text", morning_neck, timeout=60)
    cell = next(n for n in nodes(window()) if (n.name or "").startswith("Neck, morning: "))
    if "check-ins)" not in cell.name:
        fail(f"the Neck, morning cell reads {cell.name!r}")
    ok(f"a Time of day cell reads {cell.name!r}")
    subprocess.run(["xdotool", "key", "--window", win, "F1"], check=True)
    wait_for("the help window after F1", lambda: True if named("Keyboard shortcuts") else "not open")
    subprocess.run(["xdotool", "key", "--window", win, "Escape"], check=True)
    wait_for("the help window closed by Escape", lambda: True if not named("Keyboard shortcuts") else "still open")
    ok("F1 opens the help window and Escape closes it")
    print(f"atspi-test: {passed} passed, 0 failed")
    sys.exit(0)


if len(sys.argv) > 3 and sys.argv[3] == "after-emotion":
    after_emotion()

# 0. The welcome of the first run: what the scale means, read as text; the choices say what they do.
win = window()
wait_for("the welcome's window name", lambda: True if window().name == "Feltsense – Welcome to Feltsense" else window().name)
ok("the first run opens on the welcome ('Feltsense – Welcome to Feltsense')")
scale = "0 = no tension, 10 = the worst you can imagine"
if not any(scale in (n.name or "") for n in nodes(window())):
    fail(f"no text on the welcome says {scale!r}")
ok("the welcome reads what 0 and 10 mean")
start = find(START, "push button")
if not (start.description or "").startswith("Opens the log form"):
    fail(f"'{START}' is described {start.description!r}")
example = find("Look around with an example journal", "push button")
if "never mixes with your journal" not in (example.description or ""):
    fail(f"the example's button is described {example.description!r}")
restore = find("Restore my journal from a copy", "push button")
if not (restore.description or "").startswith("On a new computer: your journal from the copies"):
    fail(f"the restore's button is described {restore.description!r}")
ok("the three choices are buttons that say what they do")
leave_welcome()
ok("'Start my journal' opens the Log form")

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

# 5. The Journal: the row's buttons name the entry, Edit comes before Delete; a deletion is
# announced and undone.
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
at = datetime.fromisoformat(e["at"])
when = f"{WEEKDAYS[at.weekday()]} {at.day} {MONTHS[at.month - 1]} {at.year} {at:%H:%M}"
click(find("Journal", "toggle button"))
edit = find(f"Edit entry of {when}", "push button", timeout=20)
delete = find(f"Delete entry of {when}", "push button")
order = [n.name for n in in_order(window()) if role(n) == "push button" and n.name in (edit.name, delete.name)]
if order != [edit.name, delete.name]:
    fail(f"row buttons in the order {order}")
if not all(b.getState().contains(pyatspi.STATE_FOCUSABLE) for b in (edit, delete)):
    fail("the row buttons are not focusable")
ok(f"the row's buttons read {edit.name!r}, then {delete.name!r}")
click(delete)
gone = f"Entry of {when} deleted."
pump(f"{gone!r} was not announced", lambda ev: any(t == "object:announcement" and gone in d for t, _, d in ev))


def journal_size():
    out = subprocess.run([BIN, "--db", DB, "list", "--format", "json"], capture_output=True, text=True, check=True)
    return len(json.loads(out.stdout)["entries"])


wait_for("the journal is empty after Delete", lambda: True if journal_size() == 0 else journal_size())
ok(f"Delete removed the entry and {gone!r} was announced")
click(find("Undo", "push button"))
wait_for("the entry is back after Undo", lambda: True if journal_size() == 1 else journal_size())
find(f"Edit entry of {when}", "push button")
ok("Undo brought it back")

# 6. Ctrl+1 … 6 put the keyboard into the view they open, not the top bar (issue 23, point 4):
# the focused accessible is in the new view (its first field where the view has one).
TABS = ["Log", "Journal", "Insights", "Practice", "Experiments", "Appointment", "Export & import", "Settings"]
xwin = subprocess.run(
    ["xdotool", "search", "--onlyvisible", "--name", "^Feltsense$"], capture_output=True, text=True, check=True
).stdout.split()[0]
subprocess.run(["xdotool", "windowfocus", "--sync", xwin], check=True)


def focused():
    """(role, name) of the focused accessibles in the window."""
    found = []
    for n in nodes(window()):
        try:
            if n.getState().contains(pyatspi.STATE_FOCUSED):
                found.append((role(n), n.name))
        except Exception:
            continue
    return found


for digit, first in [(2, "From:"), (1, "Quick log:"), (3, None), (4, None), (5, None), (6, None)]:
    view = TABS[digit - 1]
    subprocess.run(["xdotool", "key", "--window", xwin, f"ctrl+{digit}"], check=True)
    wait_for(f"the window name after Ctrl+{digit}", lambda: True if window().name == f"Feltsense – {view}" else window().name)

    def in_view():
        f = focused()
        if not f:
            return "nothing focused"
        if any(r == "toggle button" and name in TABS for r, name in f):
            return f"the top bar: {f}"
        if first is not None and not any(name == first for _, name in f):
            return f"not {first!r}: {f}"
        return True

    wait_for(f"the keyboard in the {view} view after Ctrl+{digit}", in_view)
    ok(f"Ctrl+{digit} opens {view} with the keyboard on {focused()[0]}, not the top bar")

# 7. Experiments: the plan form reads as a form (every control has its name, a combo box says its
# choice), and a screen reader finds "Start the experiment" and starts one with its action.
click(find("Experiments", "toggle button"))
wait_for("the window name after Experiments", lambda: True if window().name == "Feltsense – Experiments" else window().name)
radios = [n.name for n in nodes(window()) if role(n) == "radio button"]
for name in ["4–6 breathing", "A practice of your own"]:
    if name not in radios:
        fail(f"no radio button {name!r} among the practices: {radios}")
if len(radios) != 6:
    fail(f"expected the six practices as radio buttons, found {radios}")
ok(f"the practices are six named radio buttons ({radios[0]!r} … {radios[-1]!r})")
combos = {n.name: n.description for n in nodes(window()) if role(n) == "combo box"}
regions = {"Region to ease:": "Region to ease: Neck", "Control region (not meant to change):": "Control region (not meant to change): Left leg"}
for name, said in regions.items():
    if combos.get(name) != said:
        fail(f"the combo box {name!r} is described {combos.get(name)!r}, expected {said!r} (all: {combos})")
ok("the two region combo boxes say their choice (the region to ease defaults to the tensest: Neck)")
fields = {n.name for n in nodes(window()) if role(n) in ("entry", "text")}
for name in ["First moment:", "Second moment:", "First day:"]:
    if name not in fields:
        fail(f"no text field named {name!r} (named fields: {sorted(fields)})")
sliders = {n.name for n in nodes(window()) if role(n) == "slider"}
if "Days until the answer:" not in sliders:
    fail(f"no slider named 'Days until the answer:' ({sorted(sliders)})")
ok("the moments, the first day and the days are named fields")
start = find("Start the experiment", "push button")
if not start.getState().contains(pyatspi.STATE_FOCUSABLE):
    fail("'Start the experiment' is not focusable")
click(start)


def experiment():
    out = subprocess.run(
        [BIN, "--db", DB, "experiment", "result", "--format", "json"], capture_output=True, text=True
    )
    return json.loads(out.stdout) if out.returncode == 0 else out.stderr.strip()


wait_for("an experiment in the journal after 'Start the experiment'", lambda: True if isinstance(experiment(), dict) else experiment())
got = experiment()
want_plan = {"practice": "breathing_4_6", "target_region": "neck", "control_region": "leg_left", "planned_days": 14, "stopped": False}
if {k: got.get(k) for k in want_plan} != want_plan:
    fail(f"the started experiment is {got}")
ok("its click action starts the planned experiment (4–6 breathing, neck against left leg, 14 days)")
print(f"atspi-test: {passed} passed, 0 failed")
