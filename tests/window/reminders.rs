//! Reminders end to end: the settings file, the autostart entry installed by the real binary into a
//! temporary `XDG_CONFIG_HOME`, and notifications sent over a real D-Bus session bus to a small
//! notification server that runs inside the test.
//!
//! The bus is a private `dbus-daemon` (Debian package `dbus-daemon`) with its own configuration,
//! so no notification daemon of the machine is involved. Without `dbus-daemon` these tests fail
//! with a message naming the package; they never skip.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Local, NaiveTime, Timelike};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::{Entry, Lang};
use feltsense::reminders::notify::{Message, Notifier, Response};
use feltsense::reminders::runner::{OPEN_EXPERIMENTS, OPEN_LOG, OPEN_VIEW_ENV, WindowReminders};
use feltsense::reminders::schedule;
use feltsense::reminders::{ReminderConfig, ReminderError, ReminderTime, SentState, config_dir_in};
use feltsense::store::Store;

use crate::harness;
use feltsense::ui::app::App;
use feltsense::ui::effects;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;
use feltsense::ui::views::settings::RemindersSection;

const BIN: &str = env!("CARGO_BIN_EXE_feltsense");

// ---------------------------------------------------------------------------------------------
// A private session bus and a notification server.

/// A `dbus-daemon` of our own, stopped when dropped.
struct Bus {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    fn start() -> Bus {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().display()
            ),
        )
        .expect("bus config");
        let mut child = match Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address", "--nofork"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => panic!(
                "cannot run dbus-daemon ({e}); these tests need a real session bus: install the Debian package \
                 `dbus-daemon` (apt-get install -y dbus-daemon)"
            ),
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("bus address");
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon printed {address:?}");
        Bus { child, address, _dir: dir }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        self.child.kill().expect("stop dbus-daemon");
        self.child.wait().expect("reap dbus-daemon");
    }
}

/// One `Notify` call as the server received it.
#[derive(Clone, Debug)]
struct Notified {
    app_name: String,
    replaces_id: u32,
    summary: String,
    body: String,
    actions: Vec<String>,
    desktop_entry: Option<String>,
}

#[derive(Clone, Default)]
struct Server {
    calls: Arc<Mutex<Vec<Notified>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let desktop_entry = hints.get("desktop-entry").and_then(|v| String::try_from(v.clone()).ok());
        let mut calls = self.calls.lock().expect("calls");
        calls.push(Notified { app_name, replaces_id, summary, body, actions, desktop_entry });
        // Ids start at 1; 0 means "none" in the spec.
        calls.len() as u32
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("feltsense-test".into(), "feltsense".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

/// The notification server, serving on `bus` for as long as it lives.
struct NotificationServer {
    conn: zbus::Connection,
    calls: Arc<Mutex<Vec<Notified>>>,
}

impl NotificationServer {
    fn start(bus: &Bus) -> NotificationServer {
        let server = Server::default();
        let calls = Arc::clone(&server.calls);
        let conn = async_io::block_on(async {
            zbus::connection::Builder::address(bus.address.as_str())?
                .name("org.freedesktop.Notifications")?
                .serve_at("/org/freedesktop/Notifications", server)?
                .build()
                .await
        })
        .expect("notification server");
        NotificationServer { conn, calls }
    }

    fn calls(&self) -> Vec<Notified> {
        self.calls.lock().expect("calls").clone()
    }

    fn emit(&self, signal: &str, body: &(impl serde::Serialize + zbus::zvariant::DynamicType)) {
        async_io::block_on(self.conn.emit_signal(
            None::<&str>,
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            signal,
            body,
        ))
        .expect("emit signal");
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A temporary home: `config` (XDG_CONFIG_HOME) and a journal path that does not exist yet.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home { dir: tempfile::tempdir().expect("tempdir") }
    }

    fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn reminders_dir(&self) -> PathBuf {
        config_dir_in(&self.config_home())
    }

    fn journal(&self) -> PathBuf {
        self.dir.path().join("data").join("journal.sqlite")
    }

    fn command(&self, bus: Option<&str>) -> Command {
        let mut c = Command::new(BIN);
        c.env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("FELTSENSE_DB", self.journal())
            .env("DBUS_SESSION_BUS_ADDRESS", bus.unwrap_or("unix:path=/nonexistent/feltsense-test-bus"))
            .stdin(Stdio::null());
        c
    }

    fn run(&self, bus: Option<&str>, args: &[&str]) -> Output {
        self.command(bus).args(args).output().expect("run feltsense")
    }

    /// Writes a configuration with one reminder at `at` (the other two slots off).
    /// Starts a personal experiment (from the CLI) whose first moment is this minute, today, and
    /// whose second is three hours later.
    fn start_experiment_due_now(&self) {
        let minute = due_minute();
        let later = minute + chrono::Duration::hours(3);
        let moments = format!("{},{}", minute.format("%H:%M"), later.format("%H:%M"));
        let started = self.run(
            None,
            &[
                "experiment",
                "start",
                "--practice",
                "breathing_4_6",
                "--control",
                "leg_left",
                "--moments",
                &moments,
                // Today, though its first moment is this minute (the default would be tomorrow).
                "--start",
                &Local::now().date_naive().format("%Y-%m-%d").to_string(),
            ],
        );
        assert!(started.status.success(), "{}", stderr(&started));
    }

    fn configure(&self, at: NaiveTime, lang: Lang, even_when_closed: bool) {
        let mut c = ReminderConfig { lang, even_when_closed, ..ReminderConfig::default() };
        c.times[1] = ReminderTime { at, enabled: true };
        c.save(&self.reminders_dir()).expect("save config");
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The current minute as a reminder time that is due now: its minute has begun, so it is at most
/// a minute old. Waits out the last seconds of a day, so the reminder and the run fall on the
/// same date.
fn due_minute() -> NaiveTime {
    loop {
        let now = Local::now().time();
        if now < NaiveTime::from_hms_opt(23, 59, 30).expect("time") {
            return NaiveTime::from_hms_opt(now.hour(), now.minute(), 0).expect("time");
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------------------------------------
// The settings file.

#[test]
fn the_config_survives_a_round_trip_with_private_permissions() {
    let home = Home::new();
    let dir = home.reminders_dir();
    let c = ReminderConfig {
        times: [
            ReminderTime { at: NaiveTime::from_hms_opt(7, 5, 0).expect("t"), enabled: true },
            ReminderTime { at: NaiveTime::from_hms_opt(17, 30, 0).expect("t"), enabled: false },
            ReminderTime { at: NaiveTime::from_hms_opt(21, 0, 0).expect("t"), enabled: true },
        ],
        even_when_closed: true,
        lang: Lang::Nl,
        journal: Some(PathBuf::from("/home/me/feltsense.sqlite")),
    };
    c.save(&dir).expect("save");
    assert_eq!(ReminderConfig::load(&dir).expect("load"), c);
    let text = std::fs::read_to_string(dir.join("reminders.json")).expect("read");
    assert!(text.contains("\"at\": \"07:05\""), "times are written as HH:MM: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("reminders.json")), 0o600);
    }
    // Saving again replaces the file (no temporary files are left behind).
    c.save(&dir).expect("save again");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["reminders.json"]);
}

#[test]
fn a_missing_config_means_no_reminders_and_a_bad_one_says_why() {
    let home = Home::new();
    let dir = home.reminders_dir();
    let (c, problem) = ReminderConfig::load_or_default(&dir);
    assert!(problem.is_none(), "a missing file is normal");
    assert!(c.enabled_times().is_empty());
    assert!(!c.even_when_closed);

    std::fs::create_dir_all(&dir).expect("dir");
    let bad = [
        ("{ not json", "key must be a string"),
        (r#"{"times": [{"at": "25:00", "enabled": true}]}"#, "is not a time like 08:30"),
        (
            r#"{"times": [{"at": "8:00", "enabled": true}, {"at": "9:00", "enabled": true},
            {"at": "10:00", "enabled": true}, {"at": "11:00", "enabled": true}]}"#,
            "at most 3",
        ),
        (r#"{"lang": "Fr"}"#, "unknown variant"),
    ];
    for (text, why) in bad {
        std::fs::write(dir.join("reminders.json"), text).expect("write");
        let (c, problem) = ReminderConfig::load_or_default(&dir);
        assert_eq!(c, ReminderConfig::default(), "{text}");
        let problem = problem.expect("a problem is reported");
        assert!(matches!(problem, ReminderError::Invalid { .. }), "{problem:?}");
        let msg = problem.to_string();
        assert!(msg.contains("is not a valid reminders file") && msg.contains(why), "{text}: {msg}");
    }

    // Fewer than three times are filled up with slots that are off; unknown fields are ignored.
    std::fs::write(dir.join("reminders.json"), r#"{"times": [{"at": "6:45", "enabled": true}], "future": 1}"#)
        .expect("write");
    let c = ReminderConfig::load(&dir).expect("load");
    assert_eq!(c.enabled_times(), [NaiveTime::from_hms_opt(6, 45, 0).expect("t")]);
    assert_eq!(c.times[1..], ReminderConfig::default().times[1..]);

    // The CLI reads it and does not crash (at a time two hours away, which is not due now).
    let later = Local::now().time() + chrono::TimeDelta::hours(2);
    let later = NaiveTime::from_hms_opt(later.hour(), later.minute(), 0).expect("t");
    let text = format!(r#"{{"times": [{{"at": "{}", "enabled": true}}]}}"#, later.format("%H:%M"));
    std::fs::write(dir.join("reminders.json"), text).expect("write");
    let o = home.run(None, &["remind", "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("{}: ", later.format("%H:%M"))), "{}", stdout(&o));
    assert!(stdout(&o).contains("Nothing to send now."), "{}", stdout(&o));
    std::fs::write(dir.join("reminders.json"), "\"hello\"").expect("write");
    let o = home.run(None, &["remind", "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("is not a valid reminders file"), "{}", stdout(&o));
    assert!(stdout(&o).contains("No reminder times are on."), "{}", stdout(&o));
}

// ---------------------------------------------------------------------------------------------
// The autostart entry.

#[test]
fn install_and_uninstall_manage_exactly_the_autostart_entry() {
    let home = Home::new();
    let autostart = home.config_home().join("autostart").join("feltsense-reminders.desktop");

    let o = home.run(None, &["reminders", "install", "--no-start"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("starts at your next login"), "{}", stdout(&o));
    let entry = std::fs::read_to_string(&autostart).expect("autostart entry");
    assert!(entry.starts_with("[Desktop Entry]\n"), "{entry}");
    assert!(entry.contains(&format!("\nExec={BIN} remind\n")), "{entry}");
    assert!(ReminderConfig::load(&home.reminders_dir()).expect("config").even_when_closed);

    let o = home.run(None, &["reminders", "status"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let status = stdout(&o);
    assert!(status.contains(&format!("present  {}", autostart.display())), "{status}");
    assert!(status.contains(&format!("autostart runs: {BIN} remind")), "{status}");
    assert!(status.contains("even when closed: on"), "{status}");
    assert!(status.contains("background process: not running"), "{status}");

    let o = home.run(None, &["reminders", "uninstall"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("removed {}", autostart.display())), "{}", stdout(&o));
    assert!(!autostart.exists());
    let config = ReminderConfig::load(&home.reminders_dir()).expect("config");
    assert!(!config.even_when_closed);

    let status = stdout(&home.run(None, &["reminders", "status"]));
    assert!(status.contains(&format!("absent   {}", autostart.display())), "{status}");
    assert!(status.contains("even when closed: off"), "{status}");
    // The only file left is the settings file with the chosen times.
    let left: Vec<String> = walk(home.dir.path());
    assert_eq!(left, ["config", "config/autostart", "config/feltsense", "config/feltsense/reminders.json"]);
}

fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("list") {
            let p = e.expect("entry").path();
            out.push(p.strip_prefix(root).expect("inside").display().to_string());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn install_starts_the_background_process_and_uninstall_stops_it() {
    let home = Home::new();
    let o = home.run(None, &["reminders", "install"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let pid: u32 = out
        .lines()
        .find_map(|l| l.strip_prefix("started the background process (process ")?.strip_suffix(')')?.parse().ok())
        .unwrap_or_else(|| panic!("no process started: {out}"));
    let dir = home.reminders_dir();
    wait_until("the background process to take its lock", || schedule::background_pid(&dir) == Some(pid));
    assert!(stdout(&home.run(None, &["reminders", "status"])).contains(&format!("running (process {pid})")));

    // A second one does not start while it runs.
    let o = home.run(None, &["remind"]);
    assert!(stdout(&o).contains(&format!("already run in the background (process {pid})")), "{}", stdout(&o));

    let o = home.run(None, &["reminders", "uninstall"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("stopped the background process (process {pid})")), "{}", stdout(&o));
    assert_eq!(schedule::background_pid(&dir), None);
    assert!(!Path::new(&format!("/proc/{pid}/cmdline")).exists() || proc_is_zombie_or_gone(pid));
}

fn proc_is_zombie_or_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat.split_whitespace().nth(2) == Some("Z"),
        Err(_) => true,
    }
}

#[test]
fn remind_without_the_switch_does_not_run_in_the_background() {
    let home = Home::new();
    home.configure(NaiveTime::from_hms_opt(12, 0, 0).expect("t"), Lang::En, false);
    let o = home.run(None, &["remind"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Reminders while Feltsense is closed are off"), "{}", stdout(&o));
    assert_eq!(schedule::background_pid(&home.reminders_dir()), None);
}

// ---------------------------------------------------------------------------------------------
// Notifications over a real session bus.

#[test]
fn remind_once_sends_a_due_reminder_once() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    let minute = due_minute();
    home.configure(minute, Lang::En, false);

    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Sent a reminder."), "{}", stdout(&o));
    let calls = server.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, "Time for a check-in?");
    assert_eq!(calls[0].app_name, "Feltsense");
    assert_eq!(calls[0].desktop_entry.as_deref(), Some("feltsense"));
    assert_eq!(calls[0].replaces_id, 0);
    // `--once` exits at once, so it offers no action nobody would hear.
    assert!(calls[0].actions.is_empty(), "{:?}", calls[0].actions);
    assert!(!home.journal().exists(), "the journal is not created by a reminder");

    // Recorded as sent; a second run sends nothing.
    let today = Local::now().date_naive();
    assert_eq!(SentState::load(&home.reminders_dir()).sent_on(today), [minute]);
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("{}: sent", minute.format("%H:%M"))), "{}", stdout(&o));
    assert!(stdout(&o).contains("Nothing to send now."), "{}", stdout(&o));
    assert_eq!(server.calls().len(), 1);
}

/// A personal experiment's moment asks for its blind rating at its time, on the reminders' path,
/// once, even with no check-in reminder on; the notification is in the chosen language.
#[test]
fn an_experiment_moment_asks_for_its_rating_at_its_time() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    home.start_experiment_due_now();
    // Check-in reminders are all off; Dutch notifications.
    ReminderConfig { lang: Lang::Nl, ..ReminderConfig::default() }.save(&home.reminders_dir()).expect("config");

    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Sent an experiment reminder."), "{}", stdout(&o));
    let calls = server.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, "Experiment: tijd om te beoordelen");
    assert!(calls[0].body.contains("je nek en je linkerbeen"), "{}", calls[0].body);
    // Sent once: a second look sends nothing.
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(stdout(&o).contains("Nothing to send now."), "{}", stdout(&o));
    assert_eq!(server.calls().len(), 1);
    // Once rated, the moment does not ask again, and its second rating is not due yet.
    let rated = home.run(None, &["experiment", "rate", "--target", "6", "--control", "2"]);
    assert!(rated.status.success(), "{}", stderr(&rated));
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(stdout(&o).contains("Nothing to send now."), "{}", stdout(&o));
}

/// The weekly call to score the activities (PSK/PSFS) comes on the reminders' path at the first
/// reminder time, once a week, in the chosen language; a week already scored is skipped.
#[test]
fn the_weekly_call_to_score_activities_comes_once_and_skips_a_scored_week() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let weekly = "Je wekelijkse scores";
    let sent = |server: &NotificationServer| server.calls().iter().filter(|c| c.summary == weekly).count();

    let home = Home::new();
    home.configure(due_minute(), Lang::Nl, false);
    let added = home.run(None, &["activity", "add", "Traplopen", "Tillen", "--lang", "nl"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Sent the weekly reminder to score your activities."), "{}", stdout(&o));
    assert_eq!(sent(&server), 1);
    let call = server.calls().into_iter().find(|c| c.summary == weekly).expect("the weekly call");
    assert!(call.body.contains("activiteiten die ertoe doen"), "{}", call.body);
    // Once a week: asked again, nothing new.
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(!stdout(&o).contains("weekly reminder"), "{}", stdout(&o));
    assert_eq!(sent(&server), 1);

    // Another person who already scored this week is not asked.
    let scored = Home::new();
    scored.configure(due_minute(), Lang::Nl, false);
    assert!(scored.run(None, &["activity", "add", "Traplopen"]).status.success());
    assert!(scored.run(None, &["activity", "rate", "1=6"]).status.success());
    let o = scored.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("weekly reminder"), "{}", stdout(&o));
    assert_eq!(sent(&server), 1, "a scored week is skipped");
    assert_eq!(SentState::load(&scored.reminders_dir()).activities_week, None);
}

#[test]
fn remind_once_speaks_dutch_when_chosen() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    home.configure(due_minute(), Lang::Nl, false);
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let calls = server.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].summary, "Tijd voor een moment van aandacht?");
    assert!(calls[0].body.contains("spanning"), "{}", calls[0].body);
}

#[test]
fn no_reminder_when_the_person_already_logged_in_that_part_of_the_day() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    let minute = due_minute();
    home.configure(minute, Lang::En, false);
    {
        let mut store = Store::open(&home.journal()).expect("journal");
        let mut e = Entry::new(Local::now().fixed_offset());
        e.note = "just logged".into();
        store.insert(&e).expect("insert");
    }
    let o = home.run(Some(&bus.address), &["remind", "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("not needed, you already logged"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Nothing to send now."), "{}", stdout(&o));
    assert!(server.calls().is_empty());
}

#[test]
fn remind_once_without_a_session_bus_fails_clearly() {
    let home = Home::new();
    home.configure(due_minute(), Lang::En, false);
    let o = home.run(None, &["remind", "--once"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("no D-Bus session bus could be reached"), "{}", stderr(&o));
    // Not recorded as sent: it is tried again.
    assert!(SentState::load(&home.reminders_dir()).sent_on(Local::now().date_naive()).is_empty());
}

#[test]
fn a_bus_without_a_notification_service_is_named_as_such() {
    let bus = Bus::start();
    let home = Home::new();
    let o = home.run(Some(&bus.address), &["reminders", "test"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no notification service is running"), "{}", stderr(&o));
}

#[test]
fn the_test_button_sends_a_test_notification() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    let o = home.run(Some(&bus.address), &["reminders", "test"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let calls = server.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].summary, "Time for a check-in?");
    assert_eq!(calls[0].body, "This is a test: your reminders will look like this.");
}

#[test]
fn a_click_on_log_now_is_heard_and_other_notifications_are_ignored() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let mut notifier = Notifier::at_address(&bus.address, true).expect("connect");
    let first = notifier.send(&Message::reminder(Lang::En, true), None).expect("send");
    let second = notifier.send(&Message::reminder(Lang::Nl, true), Some(first)).expect("send");
    let calls = server.calls();
    assert_eq!(calls[0].actions, ["default", "Log now"]);
    assert_eq!(calls[1].actions, ["default", "Nu vastleggen"]);
    assert_eq!(calls[1].replaces_id, first, "a new reminder replaces the one still on screen");

    // Nothing happened yet.
    assert_eq!(notifier.wait(Some(second), Duration::from_millis(200)).expect("wait"), Response::TimedOut);
    // Signals about other notifications are passed over; the click on ours is reported.
    server.emit("NotificationClosed", &(first, 2_u32));
    server.emit("ActionInvoked", &(first, "default"));
    server.emit("ActionInvoked", &(second, "default"));
    assert_eq!(notifier.wait(Some(second), Duration::from_secs(30)).expect("wait"), Response::Action("default".into()));
    server.emit("NotificationClosed", &(second, 2_u32));
    assert_eq!(notifier.wait(Some(second), Duration::from_secs(30)).expect("wait"), Response::Closed);
}

/// A stand-in for the window that a click on a notification starts (`remind --window-program`):
/// a script that records each start (its arguments and environment) in a file of its own. The
/// process under test is the reminders' one and the D-Bus round trip; what the window does with
/// `FELTSENSE_OPEN_VIEW` is tested in the app (`a_window_started_from_a_notification_opens_the_view_it_asked_for`).
struct WindowStandIn {
    program: PathBuf,
    starts: PathBuf,
}

impl WindowStandIn {
    fn new(home: &Home) -> WindowStandIn {
        let program = home.dir.path().join("window-stand-in");
        let starts = home.dir.path().join("window-starts");
        std::fs::create_dir_all(&starts).expect("starts dir");
        let script = format!(
            "#!/bin/sh\nout='{}'/start-$$\n{{ for a in \"$@\"; do printf 'arg %s\\n' \"$a\"; done; env; }} > \"$out.part\" && mv \"$out.part\" \"$out\"\n",
            starts.display()
        );
        std::fs::write(&program, script).expect("stand-in");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        WindowStandIn { program, starts }
    }

    /// What each finished start recorded, one line per argument (`arg …`) and variable.
    fn starts(&self) -> Vec<Vec<String>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.starts)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_none())
            .collect();
        files.sort();
        files.iter().map(|f| std::fs::read_to_string(f).expect("read").lines().map(str::to_owned).collect()).collect()
    }
}

/// `feltsense --db <journal> remind --window-program <stand-in>` on `bus`, stopped when dropped.
struct Background(Child);

impl Background {
    fn start(home: &Home, bus: &Bus, window: &WindowStandIn) -> Background {
        let child = home
            .command(Some(&bus.address))
            .arg("--db")
            .arg(home.journal())
            .args(["remind", "--window-program"])
            .arg(&window.program)
            .stdout(Stdio::null())
            .spawn()
            .expect("remind");
        Background(child)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.0.kill().expect("stop");
        self.0.wait().expect("reap");
    }
}

/// Clicks the open action of notification `id` (after a click and a close on other ids, which
/// must start nothing) and returns how the window was started: exactly once.
fn click_open(server: &NotificationServer, window: &WindowStandIn, id: u32) -> Vec<String> {
    assert!(window.starts().is_empty(), "nothing starts before the click");
    server.emit("ActionInvoked", &(id + 100, "default"));
    server.emit("NotificationClosed", &(id + 101, 2_u32));
    server.emit("ActionInvoked", &(id, "default"));
    wait_until("the click to start the window", || !window.starts().is_empty());
    // A stray start from the other signals (handled first, in order) would have been spawned
    // before this one; give a slow one a moment to finish writing.
    std::thread::sleep(Duration::from_millis(500));
    let mut starts = window.starts();
    assert_eq!(starts.len(), 1, "one click, one window: {starts:?}");
    starts.remove(0)
}

/// "Log now" on the background process's reminder, clicked through a notification server, starts
/// the window on the log view with the same journal.
#[test]
fn the_background_process_sends_with_a_log_now_action_and_its_click_opens_the_log() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    home.configure(due_minute(), Lang::En, true);
    let window = WindowStandIn::new(&home);
    let background = Background::start(&home, &bus, &window);
    wait_until("the background process to send a reminder", || !server.calls().is_empty());
    let calls = server.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, "Time for a check-in?");
    assert_eq!(calls[0].actions, ["default", "Log now"]);

    let started = click_open(&server, &window, 1);
    drop(background);
    let journal = home.journal();
    assert_eq!(started[..2], ["arg --db".to_owned(), format!("arg {}", journal.display())], "{started:?}");
    assert!(started.contains(&format!("{OPEN_VIEW_ENV}={OPEN_LOG}")), "{started:?}");
}

/// "Rate now" on a personal experiment's moment, sent by the background process while the window
/// is closed and clicked through a notification server, starts the window on the Experiments view
/// with the experiment's journal.
#[test]
fn rate_now_on_an_experiment_moment_starts_the_window_on_experiments() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    home.start_experiment_due_now();
    // No check-in reminder is on: only the experiment's moment is due.
    ReminderConfig { even_when_closed: true, ..ReminderConfig::default() }.save(&home.reminders_dir()).expect("config");
    let window = WindowStandIn::new(&home);
    let background = Background::start(&home, &bus, &window);
    wait_until("the background process to ask for the rating", || !server.calls().is_empty());
    let calls = server.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, "Experiment: time to rate");
    assert_eq!(calls[0].actions, ["default", "Rate now"]);

    let started = click_open(&server, &window, 1);
    drop(background);
    let journal = home.journal();
    assert_eq!(started[..2], ["arg --db".to_owned(), format!("arg {}", journal.display())], "{started:?}");
    assert!(started.contains(&format!("{OPEN_VIEW_ENV}={OPEN_EXPERIMENTS}")), "{started:?}");
    assert!(!started.iter().any(|l| l == &format!("{OPEN_VIEW_ENV}={OPEN_LOG}")), "{started:?}");
}

/// With the window open, its own reminders send the moment's notification; "Rate now" switches
/// the open window to the Experiments view (no second window is started).
#[test]
fn rate_now_on_the_open_windows_notification_switches_it_to_experiments() {
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let home = Home::new();
    home.start_experiment_due_now();
    ReminderConfig::default().save(&home.reminders_dir()).expect("config");

    let woken = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let wake = Arc::clone(&woken);
    let reminders = WindowReminders::start_on_bus(
        home.reminders_dir(),
        Some(home.journal()),
        Some(bus.address.clone()),
        move || wake.store(true, std::sync::atomic::Ordering::SeqCst),
    )
    .expect("reminders");
    let settings = Settings { last_view: ViewKind::Log, ..Settings::default() };
    let app = App::with_store(Store::open(&home.journal()).expect("journal"), settings)
        .wait_for_worker()
        .with_reminders(reminders);
    let mut h = harness::window(app, [1100.0, 800.0], 8);
    h.run();
    wait_until("the window's reminders to ask for the rating", || !server.calls().is_empty());
    let calls = server.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, "Experiment: time to rate");
    assert_eq!(calls[0].actions, ["default", "Rate now"]);
    h.run();
    assert_eq!(h.state().view, ViewKind::Log, "nothing changes before the click");

    server.emit("ActionInvoked", &(1_u32, "default"));
    wait_until("the click to wake the window", || woken.load(std::sync::atomic::Ordering::SeqCst));
    harness::step_until(&mut h, "the Experiments view", |h| h.state().view == ViewKind::Experiments);
    h.run();
    assert!(harness::shows(&h, "Personal experiments"), "the Experiments view is on screen");
}

// ---------------------------------------------------------------------------------------------
// The Settings section.

#[test]
fn the_settings_section_saves_choices_and_installs_only_on_consent() {
    let home = Home::new();
    let section = RemindersSection::with_paths(home.config_home(), PathBuf::from(BIN));
    let mut h = Harness::builder().with_size([900.0, 700.0]).build_ui_state(
        |ui, s: &mut RemindersSection| {
            // What the app's effects thread does, here between the section's frames.
            for effect in s.ui(ui, Lang::Nl, None) {
                s.receive(effects::carry_out(effect));
                ui.ctx().request_repaint();
            }
        },
        section,
    );
    h.run();
    let dir = home.reminders_dir();
    let autostart = home.config_home().join("autostart").join("feltsense-reminders.desktop");
    assert!(!dir.exists(), "showing the section writes nothing");

    // Consent: the autostart entry is written and the background process started.
    h.get_by_label("Herinner me ook als Feltsense dicht is").click();
    h.run();
    assert!(autostart.exists());
    assert!(ReminderConfig::load(&dir).expect("config").even_when_closed);
    wait_until("the background process to start", || schedule::background_pid(&dir).is_some());
    // The off switch: stopped and removed.
    h.get_by_label("Herinner me ook als Feltsense dicht is").click();
    h.run();
    assert!(!autostart.exists());
    assert_eq!(schedule::background_pid(&dir), None);
    assert!(!ReminderConfig::load(&dir).expect("config").even_when_closed);

    // Turning on the second time (17:30 by default) saves it, with the window's language.
    h.get_by_label("Herinnering 2").click();
    h.run();
    let c = ReminderConfig::load(&dir).expect("config");
    assert_eq!(c.enabled_times(), [NaiveTime::from_hms_opt(17, 30, 0).expect("t")]);
    assert_eq!(c.lang, Lang::Nl);
}
