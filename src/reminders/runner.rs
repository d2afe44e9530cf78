//! The reminder loop: wake, re-read the settings, send what is due, sleep until the next
//! reminder time.
//!
//! Two hosts run it: the background process `feltsense remind` (while the window is closed, and
//! only while the person has "Remind me even when Feltsense is closed" on) and the open window
//! ([`WindowReminders`]). While a window is open the background process stays quiet (see
//! [`schedule::window_is_open`]), so a click on "Log now" reaches the window that is already
//! open instead of starting a second one.
//!
//! The loop never sleeps longer than a minute: it notices new times chosen in Settings, the switch
//! being turned off, and a laptop waking from suspend (timers stop while it sleeps) within a
//! minute, at the cost of one small file read per minute. It opens the journal only when a
//! reminder is due, to check whether the person already logged.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::experiment::{MomentCall, due_calls, next_call};
use super::notify::{Message, Notifier, NotifyError, OPEN_ACTION, Response};
use super::{GRACE, PlannedReminder, ReminderConfig, ReminderStatus, SentState, next_time, plan_day, schedule};
use crate::model::experiment::{Experiment, Phase};
use crate::store::{EntryFilter, Passphrase, Store};

/// Set in the environment of the window that a click on a notification starts, so it opens on
/// the view the notification asks for: [`OPEN_LOG`], [`OPEN_EXPERIMENTS`] or [`OPEN_APPOINTMENT`].
pub const OPEN_VIEW_ENV: &str = "FELTSENSE_OPEN_VIEW";
/// [`OPEN_VIEW_ENV`] after "Log now" on a check-in reminder: the log view.
pub const OPEN_LOG: &str = "log";
/// [`OPEN_VIEW_ENV`] after "Rate now" on an experiment's moment: the Experiments view.
pub const OPEN_EXPERIMENTS: &str = "experiments";
/// [`OPEN_VIEW_ENV`] after "Score now" on the weekly call: the appointment view.
pub const OPEN_APPOINTMENT: &str = "appointment";

/// The longest sleep between two wakes.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// The journal the reminders consult: `--db`/`FELTSENSE_DB` (`flag`), else the one chosen in the
/// window's Settings (`config.journal`), else the default location.
pub fn journal_for(flag: Option<&Path>, config: &ReminderConfig) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("FELTSENSE_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| config.journal.clone())
        .or_else(crate::store::default_path)
}

/// The local times of the journal's entries from yesterday to tomorrow (enough for [`plan_day`],
/// which keeps only today's). A journal that does not exist yet has no entries (it is not
/// created). `key` unlocks a locked journal; without it a locked journal is an error.
pub fn logged_times(
    journal: Option<&Path>,
    key: Option<&Passphrase>,
    today: NaiveDate,
) -> Result<Vec<NaiveDateTime>, crate::store::StoreError> {
    let Some(path) = journal.filter(|p| p.exists()) else { return Ok(Vec::new()) };
    let store = Store::open_with(path, key)?;
    let filter = EntryFilter { from: today.pred_opt(), to: today.succ_opt(), ..EntryFilter::default() };
    Ok(store.list(&filter)?.iter().map(|e| e.at.with_timezone(&Local).naive_local()).collect())
}

/// The outcome of one look at the reminders (see [`check`]).
#[derive(Debug)]
pub struct Check {
    /// The settings as read (the defaults when the file is missing or bad).
    pub config: ReminderConfig,
    /// Why the settings file could not be used, if it could not.
    pub config_problem: Option<String>,
    /// Why the journal could not be read, if it could not (due reminders are then sent anyway).
    pub journal_problem: Option<String>,
    /// Today's reminders.
    pub plan: Vec<PlannedReminder>,
}

impl Check {
    /// The times due now.
    pub fn due(&self) -> Vec<NaiveTime> {
        self.plan.iter().filter(|p| p.status == ReminderStatus::Due).map(|p| p.at).collect()
    }
}

/// Reads the settings from `dir`, the sent state, and (when `read_journal`, or when a reminder
/// is otherwise due) the journal, and applies the rule at `now`.
pub fn check(dir: &Path, journal_flag: Option<&Path>, now: NaiveDateTime, read_journal: bool) -> Check {
    let (config, problem) = ReminderConfig::load_or_default(dir);
    let times = config.enabled_times();
    let sent = SentState::load(dir).sent_on(now.date());
    let mut plan = plan_day(&times, now, &[], &sent, GRACE);
    let mut journal_problem = None;
    if read_journal || plan.iter().any(|p| p.status == ReminderStatus::Due) {
        match logged_times(journal_for(journal_flag, &config).as_deref(), None, now.date()) {
            Ok(logged) => plan = plan_day(&times, now, &logged, &sent, GRACE),
            Err(e) => journal_problem = Some(format!("{e:#}")),
        }
    }
    Check { config, config_problem: problem.map(|e| e.to_string()), journal_problem, plan }
}

/// Records that `times` were sent on `date`.
pub fn mark_sent(dir: &Path, date: NaiveDate, times: &[NaiveTime]) -> Result<(), super::ReminderError> {
    let mut state = SentState::load(dir);
    for t in times {
        state.mark(date, *t);
    }
    state.save(dir)
}

/// How long to sleep at `now` before looking again: until the next reminder time, at most
/// a minute, at least a second.
pub fn sleep_for(times: &[NaiveTime], now: NaiveDateTime) -> Duration {
    let until_next = next_time(times, now).map_or(TimeDelta::MAX, |t| t - now);
    let d = until_next.to_std().unwrap_or(MAX_SLEEP).min(MAX_SLEEP);
    d.max(Duration::from_secs(1))
}

/// The latest personal experiment of the journal, or `None` when there is none or the journal
/// does not exist yet (it is not created). `key` unlocks a locked journal.
pub fn latest_experiment(
    journal: Option<&Path>,
    key: Option<&Passphrase>,
) -> Result<Option<Experiment>, crate::store::StoreError> {
    let Some(path) = journal.filter(|p| p.exists()) else { return Ok(None) };
    Store::open_with(path, key)?.latest_experiment()
}

/// The notification for `calls` (the latest one speaks for all).
pub fn experiment_message(
    e: &Experiment,
    calls: &[MomentCall],
    lang: crate::model::Lang,
    with_action: bool,
) -> Message {
    let first = calls.last().is_some_and(|c| c.phase == Phase::Before);
    Message::experiment(lang, first, e.plan.target.name(lang), e.plan.control.name(lang), with_action)
}

/// What the journal keeps for the appointment (activities, topics, appointments), or `None` when
/// the journal does not exist yet (it is not created). `key` unlocks a locked journal.
pub fn journal_prep(
    journal: Option<&Path>,
    key: Option<&Passphrase>,
) -> Result<Option<crate::model::prep::Prep>, crate::store::StoreError> {
    let Some(path) = journal.filter(|p| p.exists()) else { return Ok(None) };
    Store::open_with(path, key)?.prep().map(Some)
}

/// The week to send the weekly call to score the activities for at `now` (see
/// [`super::weekly`]), reading the journal only when it could be due; `None` when nothing is due.
pub fn weekly_due(
    dir: &Path,
    journal: Option<&Path>,
    key: Option<&Passphrase>,
    config: &ReminderConfig,
    now: NaiveDateTime,
) -> Result<Option<NaiveDate>, crate::store::StoreError> {
    let at = super::weekly::prompt_time(&config.enabled_times());
    let asked = SentState::load(dir).activities_week;
    if !super::weekly::may_be_due(now, at, asked) {
        return Ok(None);
    }
    Ok(journal_prep(journal, key)?.and_then(|p| super::weekly::due(&p, now, at, asked)))
}

/// Records that the weekly call was sent for the week of `week`.
pub fn mark_activities_sent(dir: &Path, week: NaiveDate) -> Result<(), super::ReminderError> {
    let mut state = SentState::load(dir);
    state.mark_activities(week);
    state.save(dir)
}

/// Records that the experiment calls `keys` were sent on `date`.
pub fn mark_experiment_sent(dir: &Path, date: NaiveDate, keys: &[String]) -> Result<(), super::ReminderError> {
    let mut state = SentState::load(dir);
    for k in keys {
        state.mark_experiment(date, k);
    }
    state.save(dir)
}

/// The latest experiment as last read, read again when it may have changed: every
/// [`EXPERIMENT_REREAD`] while one runs, every [`EXPERIMENT_IDLE_REREAD`] otherwise, and at once
/// before anything is sent for it.
#[derive(Debug, Default)]
struct ExperimentWatch {
    experiment: Option<Experiment>,
    read_at: Option<NaiveDateTime>,
    journal: Option<PathBuf>,
}

/// How often a running experiment is read again (a rating given elsewhere is seen this late).
const EXPERIMENT_REREAD: TimeDelta = TimeDelta::minutes(2);
/// How often the journal is looked at for a new experiment while none runs.
const EXPERIMENT_IDLE_REREAD: TimeDelta = TimeDelta::minutes(10);

impl ExperimentWatch {
    fn refresh(
        &mut self,
        journal: Option<&Path>,
        key: Option<&Passphrase>,
        now: NaiveDateTime,
        force: bool,
    ) -> Result<(), crate::store::StoreError> {
        let every = if self.experiment.as_ref().is_some_and(|e| next_call(e, now).is_some()) {
            EXPERIMENT_REREAD
        } else {
            EXPERIMENT_IDLE_REREAD
        };
        let stale = self.read_at.is_none_or(|t| now - t >= every || now < t);
        if force || stale || self.journal.as_deref() != journal {
            self.read_at = Some(now);
            self.journal = journal.map(Path::to_path_buf);
            self.experiment = latest_experiment(journal, key)?;
        }
        Ok(())
    }

    /// The calls due now, confirmed on a fresh read of the journal.
    fn due(
        &mut self,
        journal: Option<&Path>,
        key: Option<&Passphrase>,
        now: NaiveDateTime,
        sent: &[String],
    ) -> Result<Vec<MomentCall>, crate::store::StoreError> {
        self.refresh(journal, key, now, false)?;
        let Some(e) = &self.experiment else { return Ok(Vec::new()) };
        if due_calls(e, now, sent).is_empty() {
            return Ok(Vec::new());
        }
        self.refresh(journal, key, now, true)?;
        Ok(self.experiment.as_ref().map(|e| due_calls(e, now, sent)).unwrap_or_default())
    }

    fn next(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        self.experiment.as_ref().and_then(|e| next_call(e, now))
    }
}

/// What differs between the background process and the window.
pub trait Host {
    /// Whether to keep running, given the settings just read.
    fn keep_going(&mut self, config: &ReminderConfig) -> bool;
    /// Whether this host should send reminders now.
    fn may_send(&mut self) -> bool;
    /// The person clicked "Log now".
    fn open_log(&mut self);
    /// The person clicked "Rate now" on an experiment's notification.
    fn open_experiment(&mut self) {
        self.open_log();
    }
    /// The person clicked "Score now" on the weekly call to score the activities.
    fn open_activities(&mut self) {
        self.open_log();
    }
    /// Sleeps (when no notification is waiting for a click).
    fn sleep(&mut self, d: Duration);
    /// Reports a problem (once per distinct message).
    fn report(&mut self, message: &str);
    /// The journal given for this run (see [`journal_for`]), read at every wake.
    fn journal_flag(&self) -> Option<PathBuf>;
    /// The passphrase of the journal, when it is locked and this host knows it (an open window).
    fn journal_key(&self) -> Option<Passphrase> {
        None
    }
    /// The connection to the session bus broke (the desktop session probably ended).
    fn bus_lost(&mut self) {}
    /// The D-Bus address to send notifications on instead of the session bus (a test's private
    /// bus); `None` is the session bus.
    fn bus_address(&self) -> Option<String> {
        None
    }
}

/// Runs the reminder loop with the settings in `dir` until `host` says to stop.
pub fn run(dir: &Path, host: &mut dyn Host) {
    let mut notifier: Option<Notifier> = None;
    let mut on_screen: Option<u32> = None;
    let mut last_report = String::new();
    let mut report = |host: &mut dyn Host, msg: String| {
        if msg != last_report {
            host.report(&msg);
            last_report = msg;
        }
    };
    // Reminders found not needed today (the person already logged); not looked at again today.
    let mut not_needed: (Option<NaiveDate>, Vec<NaiveTime>) = (None, Vec::new());
    let mut watch = ExperimentWatch::default();
    // Whether the notification on screen is an experiment's or the weekly call (its click opens
    // that view).
    let mut on_screen_experiment = false;
    let mut on_screen_weekly = false;
    // The week found scored already (not read again this week).
    let mut scored_week: Option<NaiveDate> = None;
    loop {
        let now = Local::now().naive_local();
        let (config, problem) = ReminderConfig::load_or_default(dir);
        if let Some(p) = problem {
            report(host, p.to_string());
        }
        if !host.keep_going(&config) {
            return;
        }
        let times = config.enabled_times();
        if host.may_send() {
            if not_needed.0 != Some(now.date()) {
                not_needed = (Some(now.date()), Vec::new());
            }
            let mut sent = SentState::load(dir).sent_on(now.date());
            sent.extend(&not_needed.1);
            let quick = plan_day(&times, now, &[], &sent, GRACE);
            if quick.iter().any(|p| p.status == ReminderStatus::Due) {
                let journal = journal_for(host.journal_flag().as_deref(), &config);
                let logged = match logged_times(journal.as_deref(), host.journal_key().as_ref(), now.date()) {
                    Ok(l) => l,
                    Err(e) => {
                        report(host, format!("the journal could not be read, reminding anyway: {e:#}"));
                        Vec::new()
                    }
                };
                let plan = plan_day(&times, now, &logged, &sent, GRACE);
                for p in plan
                    .iter()
                    .filter(|p| matches!(p.status, ReminderStatus::AlreadyLogged | ReminderStatus::LoggedAround))
                {
                    not_needed.1.push(p.at);
                }
                let due: Vec<NaiveTime> =
                    plan.iter().filter(|p| p.status == ReminderStatus::Due).map(|p| p.at).collect();
                if !due.is_empty() {
                    match send(
                        &mut notifier,
                        host.bus_address().as_deref(),
                        &Message::reminder(config.lang, true),
                        on_screen,
                    ) {
                        Ok(id) => {
                            on_screen = Some(id);
                            on_screen_experiment = false;
                            on_screen_weekly = false;
                            if let Err(e) = mark_sent(dir, now.date(), &due) {
                                report(host, e.to_string());
                            }
                        }
                        Err(e) => {
                            notifier = None;
                            report(host, format!("{e}; trying again in a minute"));
                        }
                    }
                }
            }
            // A personal experiment's moments, whether or not check-in reminders are on.
            let journal = journal_for(host.journal_flag().as_deref(), &config);
            let sent = SentState::load(dir).experiment_sent_on(now.date());
            match watch.due(journal.as_deref(), host.journal_key().as_ref(), now, &sent) {
                Ok(calls) if !calls.is_empty() => {
                    let message = watch
                        .experiment
                        .as_ref()
                        .map(|e| experiment_message(e, &calls, config.lang, true))
                        .unwrap_or_else(|| Message::reminder(config.lang, true));
                    match send(&mut notifier, host.bus_address().as_deref(), &message, on_screen) {
                        Ok(id) => {
                            on_screen = Some(id);
                            on_screen_experiment = true;
                            on_screen_weekly = false;
                            let keys: Vec<String> = calls.into_iter().map(|c| c.key).collect();
                            if let Err(e) = mark_experiment_sent(dir, now.date(), &keys) {
                                report(host, e.to_string());
                            }
                        }
                        Err(e) => {
                            notifier = None;
                            report(host, format!("{e}; trying again in a minute"));
                        }
                    }
                }
                Ok(_) => {}
                Err(e) => report(host, format!("the experiment could not be read: {e:#}")),
            }
            // The weekly call to score the activities, once a week while this week is unscored.
            let this_week = crate::model::prep::activity::week_of(now.date());
            if scored_week != Some(this_week) {
                match weekly_due(dir, journal.as_deref(), host.journal_key().as_ref(), &config, now) {
                    Ok(Some(week)) => match send(
                        &mut notifier,
                        host.bus_address().as_deref(),
                        &Message::activities(config.lang, true),
                        on_screen,
                    ) {
                        Ok(id) => {
                            on_screen = Some(id);
                            on_screen_experiment = false;
                            on_screen_weekly = true;
                            if let Err(e) = mark_activities_sent(dir, week) {
                                report(host, e.to_string());
                            }
                        }
                        Err(e) => {
                            notifier = None;
                            report(host, format!("{e}; trying again in a minute"));
                        }
                    },
                    // Not due: when it is the time and this week was not asked, it was scored.
                    Ok(None) => {
                        let at = super::weekly::prompt_time(&times);
                        if super::weekly::may_be_due(now, at, SentState::load(dir).activities_week) {
                            scored_week = Some(this_week);
                        }
                    }
                    Err(e) => report(host, format!("the activities could not be read: {e:#}")),
                }
            }
        }
        let now = Local::now().naive_local();
        let mut d = sleep_for(&times, now);
        if let Some(until) = watch.next(now).and_then(|t| (t - now).to_std().ok()) {
            d = d.min(until.max(Duration::from_secs(1)));
        }
        let d = d + Duration::from_millis(50);
        match notifier.as_mut() {
            Some(n) => match n.wait(on_screen, d) {
                Ok(Response::Action(a)) if a == OPEN_ACTION => {
                    on_screen = None;
                    if on_screen_weekly {
                        host.open_activities();
                    } else if on_screen_experiment {
                        host.open_experiment();
                    } else {
                        host.open_log();
                    }
                }
                Ok(Response::Closed) => on_screen = None,
                Ok(Response::Action(_) | Response::TimedOut) => {}
                Err(e) => {
                    report(host, e.to_string());
                    notifier = None;
                    on_screen = None;
                    host.bus_lost();
                }
            },
            None => host.sleep(d),
        }
    }
}

fn send(
    notifier: &mut Option<Notifier>,
    bus: Option<&str>,
    message: &Message,
    replaces: Option<u32>,
) -> Result<u32, NotifyError> {
    if notifier.is_none() {
        *notifier = Some(match bus {
            Some(address) => Notifier::at_address(address, true)?,
            None => Notifier::session(true)?,
        });
    }
    let n = notifier.as_ref().ok_or(NotifyError::Disconnected)?;
    n.send(message, replaces)
}

/// The background process's host: runs while "even when closed" is on and its desktop session
/// lasts (it ends when its session bus goes away), stays quiet while a window is open, and starts
/// the window on "Log now".
#[derive(Debug)]
pub struct BackgroundHost {
    dir: PathBuf,
    exe: Option<PathBuf>,
    db: Option<PathBuf>,
    session_over: bool,
}

impl BackgroundHost {
    /// A host for the settings in `dir`; `db` is the `--db` flag. "Log now" starts `exe` (with
    /// `--db db` when given).
    pub fn new(dir: PathBuf, exe: Option<PathBuf>, db: Option<PathBuf>) -> BackgroundHost {
        BackgroundHost { dir, exe, db, session_over: false }
    }
}

impl Host for BackgroundHost {
    fn keep_going(&mut self, config: &ReminderConfig) -> bool {
        config.even_when_closed && !self.session_over
    }

    fn may_send(&mut self) -> bool {
        !schedule::window_is_open(&self.dir)
    }

    fn open_log(&mut self) {
        self.open_view(OPEN_LOG);
    }

    fn open_experiment(&mut self) {
        self.open_view(OPEN_EXPERIMENTS);
    }

    fn open_activities(&mut self) {
        self.open_view(OPEN_APPOINTMENT);
    }

    fn sleep(&mut self, d: Duration) {
        std::thread::sleep(d);
    }

    fn report(&mut self, message: &str) {
        eprintln!("feltsense remind: {message}");
    }

    fn journal_flag(&self) -> Option<PathBuf> {
        self.db.clone()
    }

    /// Ends the process: a lost bus means the session ended; the next login starts a new one.
    fn bus_lost(&mut self) {
        self.session_over = true;
    }
}

impl BackgroundHost {
    /// Starts the window on `view` (the value of [`OPEN_VIEW_ENV`]).
    #[expect(clippy::disallowed_methods, reason = "Log now or Rate now in a reminder starts the window")]
    fn open_view(&mut self, view: &str) {
        let Some(exe) = &self.exe else { return };
        let mut cmd = std::process::Command::new(exe);
        if let Some(db) = &self.db {
            cmd.arg("--db").arg(db);
        }
        cmd.env(OPEN_VIEW_ENV, view)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        match cmd.spawn() {
            Ok(mut child) => {
                let reaper = std::thread::Builder::new().name("window-reaper".into()).spawn(move || child.wait());
                if let Err(e) = reaper {
                    eprintln!("feltsense remind: {e}");
                }
            }
            Err(e) => eprintln!("feltsense remind: the window could not be started: {e}"),
        }
    }
}

struct Shared {
    open_log: AtomicBool,
    open_experiment: AtomicBool,
    open_activities: AtomicBool,
    journal: Mutex<Option<PathBuf>>,
    key: Mutex<Option<Passphrase>>,
    last_problem: Mutex<Option<String>>,
    wake: Box<dyn Fn() + Send + Sync>,
}

/// The reminders of an open window: a named background thread running the loop for as long as
/// this value lives. A click on "Log now" sets a flag ([`take_open_log_request`]) and calls
/// `wake` (give it `ctx.request_repaint()`), so the window can switch to the log view.
///
/// [`take_open_log_request`]: WindowReminders::take_open_log_request
pub struct WindowReminders {
    shared: Arc<Shared>,
    /// Dropping it wakes the thread, which then ends.
    _stop: Sender<()>,
}

impl std::fmt::Debug for WindowReminders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WindowReminders").finish_non_exhaustive()
    }
}

impl WindowReminders {
    /// Starts the thread with the settings in `dir`, consulting `journal` (the window's journal).
    pub fn start(
        dir: PathBuf,
        journal: Option<PathBuf>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<WindowReminders> {
        WindowReminders::start_on_bus(dir, journal, None, wake)
    }

    /// [`start`](Self::start), sending the notifications on the D-Bus at `bus` (a test's private
    /// bus with its own notification server) instead of the session bus when given.
    pub fn start_on_bus(
        dir: PathBuf,
        journal: Option<PathBuf>,
        bus: Option<String>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<WindowReminders> {
        let shared = Arc::new(Shared {
            open_log: AtomicBool::new(false),
            open_experiment: AtomicBool::new(false),
            open_activities: AtomicBool::new(false),
            journal: Mutex::new(journal),
            key: Mutex::new(None),
            last_problem: Mutex::new(None),
            wake: Box::new(wake),
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let s = Arc::clone(&shared);
        std::thread::Builder::new().name("reminders".into()).spawn(move || {
            // While this is held, the background process leaves the reminders to this window.
            let presence = schedule::window_present(&dir);
            let mut host = WindowHost { shared: Arc::clone(&s), stop: rx, stopped: false, bus };
            if let Err(e) = &presence {
                host.report(&e.to_string());
            }
            run(&dir, &mut host);
            drop(presence);
        })?;
        Ok(WindowReminders { shared, _stop: tx })
    }

    /// Changes the journal consulted (when the window opens another file).
    pub fn set_journal(&self, journal: Option<PathBuf>) {
        if let Ok(mut j) = self.shared.journal.lock() {
            *j = journal;
        }
    }

    /// Sets the passphrase of the window's journal (`None` when it is not locked), so reminders
    /// can see what was logged in a locked journal too.
    pub fn set_key(&self, key: Option<Passphrase>) {
        if let Ok(mut k) = self.shared.key.lock() {
            *k = key;
        }
    }

    /// Whether "Log now" was clicked since the last call.
    pub fn take_open_log_request(&self) -> bool {
        self.shared.open_log.swap(false, Ordering::Relaxed)
    }

    /// Whether an experiment's "Rate now" was clicked since the last call.
    pub fn take_open_experiment_request(&self) -> bool {
        self.shared.open_experiment.swap(false, Ordering::Relaxed)
    }

    /// Whether the weekly call's "Score now" was clicked since the last call.
    pub fn take_open_activities_request(&self) -> bool {
        self.shared.open_activities.swap(false, Ordering::Relaxed)
    }

    /// The last problem the thread met (no session bus, a bad settings file), for Settings.
    pub fn last_problem(&self) -> Option<String> {
        self.shared.last_problem.lock().ok().and_then(|p| p.clone())
    }
}

struct WindowHost {
    shared: Arc<Shared>,
    stop: Receiver<()>,
    stopped: bool,
    bus: Option<String>,
}

impl Host for WindowHost {
    fn keep_going(&mut self, _config: &ReminderConfig) -> bool {
        if matches!(self.stop.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)) {
            self.stopped = true;
        }
        !self.stopped
    }

    fn may_send(&mut self) -> bool {
        true
    }

    fn open_log(&mut self) {
        self.shared.open_log.store(true, Ordering::Relaxed);
        (self.shared.wake)();
    }

    fn open_experiment(&mut self) {
        self.shared.open_experiment.store(true, Ordering::Relaxed);
        (self.shared.wake)();
    }

    fn open_activities(&mut self) {
        self.shared.open_activities.store(true, Ordering::Relaxed);
        (self.shared.wake)();
    }

    fn sleep(&mut self, d: Duration) {
        if let Err(RecvTimeoutError::Disconnected) = self.stop.recv_timeout(d) {
            self.stopped = true;
        }
    }

    fn report(&mut self, message: &str) {
        eprintln!("feltsense: reminders: {message}");
        if let Ok(mut p) = self.shared.last_problem.lock() {
            *p = Some(message.to_owned());
        }
    }

    fn journal_flag(&self) -> Option<PathBuf> {
        self.shared.journal.lock().map(|j| j.clone()).unwrap_or(None)
    }

    fn journal_key(&self) -> Option<Passphrase> {
        self.shared.key.lock().map(|k| k.clone()).unwrap_or(None)
    }

    fn bus_address(&self) -> Option<String> {
        self.bus.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 20).and_then(|d| d.and_hms_opt(h, m, s)).expect("time")
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn the_loop_sleeps_until_the_next_time_but_never_more_than_a_minute() {
        let times = [t(8, 30), t(21, 0)];
        // 20 s before 8:30: sleep exactly until it.
        assert_eq!(sleep_for(&times, at(8, 29, 40)), Duration::from_secs(20));
        // Hours away: a minute.
        assert_eq!(sleep_for(&times, at(12, 0, 0)), MAX_SLEEP);
        // No times at all: a minute (to notice new ones).
        assert_eq!(sleep_for(&[], at(12, 0, 0)), MAX_SLEEP);
        // Half a second away: at least a second (no busy loop).
        let almost = at(8, 29, 59) + TimeDelta::milliseconds(500);
        assert_eq!(sleep_for(&times, almost), Duration::from_secs(1));
    }

    #[test]
    fn the_journal_flag_wins_then_the_chosen_file() {
        let mut c = ReminderConfig { journal: Some(PathBuf::from("/chosen.sqlite")), ..ReminderConfig::default() };
        assert_eq!(journal_for(Some(Path::new("/flag.sqlite")), &c), Some(PathBuf::from("/flag.sqlite")));
        if std::env::var_os("FELTSENSE_DB").is_none() {
            assert_eq!(journal_for(None, &c), Some(PathBuf::from("/chosen.sqlite")));
            c.journal = None;
            assert_eq!(journal_for(None, &c), crate::store::default_path());
        }
    }

    #[test]
    fn a_missing_journal_has_no_entries_and_is_not_created() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("none.sqlite");
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert_eq!(logged_times(Some(&path), None, today).expect("read"), Vec::<NaiveDateTime>::new());
        assert!(!path.exists());
    }

    #[test]
    fn a_locked_journal_is_read_with_its_passphrase_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("locked.sqlite");
        let key = Passphrase::new("reminder key").expect("valid");
        let now = Local::now().fixed_offset();
        let at = chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now);
        let mut entry = crate::model::Entry::new(at);
        entry.set_tension(crate::model::Region::Neck, crate::model::Level::new(3));
        Store::open_with(&path, Some(&key)).expect("create").insert(&entry).expect("insert");
        let today = at.date_naive();
        let err = logged_times(Some(&path), None, today).expect_err("locked");
        assert!(matches!(err, crate::store::StoreError::Locked { .. }), "{err}");
        let times = logged_times(Some(&path), Some(&key), today).expect("read");
        assert_eq!(times, vec![at.with_timezone(&Local).naive_local()]);
    }

    #[test]
    fn check_reads_the_journal_and_skips_what_was_logged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("journal.sqlite");
        let now = Local::now().naive_local();
        // A reminder at the current minute is due, unless an entry is logged at this moment.
        let minute =
            NaiveTime::from_hms_opt(chrono::Timelike::hour(&now), chrono::Timelike::minute(&now), 0).expect("time");
        let mut c = ReminderConfig::default();
        c.times[0] = super::super::ReminderTime { at: minute, enabled: true };
        c.save(dir.path()).expect("save");
        let first = check(dir.path(), Some(&db), now, true);
        assert_eq!(first.due(), [minute]);
        let mut store = Store::open(&db).expect("open");
        let mut e = crate::model::Entry::new(Local::now().fixed_offset());
        e.note = "here".into();
        store.insert(&e).expect("insert");
        let later = Local::now().naive_local();
        if later.date() == now.date() {
            let second = check(dir.path(), Some(&db), later, true);
            assert_eq!(second.plan[0].status, ReminderStatus::AlreadyLogged);
        }
    }
}
