//! `feltsense remind [--once]` (send the reminders that are due) and
//! `feltsense reminders install|uninstall|status|test` (the per-user autostart entry).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::Local;
use clap::Subcommand;

use crate::reminders::notify::{Message, Notifier};
use crate::reminders::runner::{self, BackgroundHost};
use crate::reminders::{self, config_dir_in, config_home, describe, schedule};

/// Arguments of `feltsense remind`.
#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// Send what is due now and exit, instead of running in the background until the reminders
    /// outside the window are turned off.
    #[arg(long)]
    pub once: bool,
    /// The program a click on "Log now", "Rate now" or "Score now" starts (default: this program,
    /// which opens the window on the view named in `FELTSENSE_OPEN_VIEW`). Hidden from `--help`:
    /// it exists so the tests can put a stand-in that records how it was started in place of the
    /// window, and check the click end to end through a real notification server.
    #[arg(long, hide = true, value_name = "PROGRAM")]
    pub window_program: Option<PathBuf>,
}

/// `feltsense reminders ...`.
#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Turn on reminders while the window is closed: add an autostart entry for this user that
    /// runs `feltsense remind` at login, and start it now.
    Install {
        /// Only write the autostart entry and the setting; do not start the process now.
        #[arg(long)]
        no_start: bool,
    },
    /// Turn them off: stop the background process and remove everything `install` wrote (the
    /// chosen times are kept for the open window).
    Uninstall,
    /// Show the reminder times, every file the reminders use, and whether the background process
    /// runs.
    Status,
    /// Send a test notification now.
    Test,
}

fn home() -> Result<PathBuf> {
    config_home().context("no home folder was found; set XDG_CONFIG_HOME")
}

/// Runs `feltsense remind`. `db` is the `--db` flag.
pub fn remind(db: Option<PathBuf>, args: &RemindArgs, out: &mut impl Write) -> Result<()> {
    let dir = config_dir_in(&home()?);
    if args.once {
        return remind_once(&dir, db, out);
    }
    let (config, problem) = reminders::ReminderConfig::load_or_default(&dir);
    if let Some(p) = problem {
        bail!("{p}");
    }
    if !config.even_when_closed {
        writeln!(
            out,
            "Reminders while Feltsense is closed are off, so nothing runs in the background. \
             Turn them on in Settings or with `feltsense reminders install`."
        )?;
        return Ok(());
    }
    let Some(_lock) = schedule::lock_background(&dir)? else {
        writeln!(out, "The reminders already run in the background (process {}).", pid_text(&dir))?;
        return Ok(());
    };
    writeln!(out, "Reminding at {}; stops when turned off in Settings.", times_text(&config))?;
    out.flush()?;
    let window = args.window_program.clone().or_else(|| std::env::current_exe().ok());
    let mut host = BackgroundHost::new(dir.clone(), window, db);
    runner::run(&dir, &mut host);
    writeln!(out, "Stopping: reminders while Feltsense is closed were turned off, or the desktop session ended.")?;
    Ok(())
}

fn pid_text(dir: &std::path::Path) -> String {
    schedule::background_pid(dir).map_or_else(|| "unknown".to_owned(), |p| p.to_string())
}

fn times_text(config: &reminders::ReminderConfig) -> String {
    let times: Vec<String> = config.enabled_times().iter().map(|t| t.format("%H:%M").to_string()).collect();
    if times.is_empty() { "no times yet (choose them in Settings)".to_owned() } else { times.join(", ") }
}

fn remind_once(dir: &std::path::Path, db: Option<PathBuf>, out: &mut impl Write) -> Result<()> {
    let now = Local::now().naive_local();
    let check = runner::check(dir, db.as_deref(), now, true);
    if let Some(p) = &check.config_problem {
        writeln!(out, "{p}")?;
    }
    if let Some(p) = &check.journal_problem {
        writeln!(out, "The journal could not be read ({p}); reminding anyway.")?;
    }
    if check.plan.is_empty() {
        writeln!(out, "No reminder times are on.")?;
    }
    for p in &check.plan {
        writeln!(out, "{}", describe(p, crate::model::Lang::En))?;
    }
    // A personal experiment's moment that asks for a rating now.
    let journal = runner::journal_for(db.as_deref(), &check.config);
    let experiment = match runner::latest_experiment(journal.as_deref(), None) {
        Ok(e) => e,
        Err(e) => {
            writeln!(out, "The experiment could not be read ({e:#}).")?;
            None
        }
    };
    let sent = reminders::SentState::load(dir).experiment_sent_on(now.date());
    let calls = experiment.as_ref().map(|e| reminders::experiment::due_calls(e, now, &sent)).unwrap_or_default();
    // The weekly call to score the activities, skipped when this week is scored.
    let weekly = match runner::weekly_due(dir, journal.as_deref(), None, &check.config, now) {
        Ok(w) => w,
        Err(e) => {
            writeln!(out, "The activities could not be read ({e:#}).")?;
            None
        }
    };
    let due = check.due();
    if due.is_empty() && calls.is_empty() && weekly.is_none() {
        writeln!(out, "Nothing to send now.")?;
        return Ok(());
    }
    // `--once` exits right away, so nobody would hear a click: no action.
    let notifier = Notifier::session(false)?;
    if !due.is_empty() {
        notifier.send(&Message::reminder(check.config.lang, false), None)?;
        runner::mark_sent(dir, now.date(), &due)?;
        writeln!(out, "Sent a reminder.")?;
    }
    if let Some(e) = experiment.as_ref().filter(|_| !calls.is_empty()) {
        notifier.send(&runner::experiment_message(e, &calls, check.config.lang, false), None)?;
        let keys: Vec<String> = calls.into_iter().map(|c| c.key).collect();
        runner::mark_experiment_sent(dir, now.date(), &keys)?;
        writeln!(out, "Sent an experiment reminder.")?;
    }
    if let Some(week) = weekly {
        notifier.send(&Message::activities(check.config.lang, false), None)?;
        runner::mark_activities_sent(dir, week)?;
        writeln!(out, "Sent the weekly reminder to score your activities.")?;
    }
    Ok(())
}

/// Runs `feltsense reminders ...`.
pub fn reminders(command: &RemindersCommand, out: &mut impl Write) -> Result<()> {
    let home = home()?;
    match command {
        RemindersCommand::Install { no_start } => {
            let exe = std::env::current_exe().context("cannot find this program's path")?;
            let done = schedule::enable(&home, &exe, !no_start)?;
            writeln!(out, "wrote {}", done.autostart.display())?;
            writeln!(out, "turned on \"even when closed\" in {}", done.config.display())?;
            match (done.started, done.already_running) {
                (Some(pid), _) => writeln!(out, "started the background process (process {pid})")?,
                (None, Some(pid)) => writeln!(out, "the background process already runs (process {pid})")?,
                (None, None) => writeln!(out, "the background process starts at your next login")?,
            }
            let config = reminders::ReminderConfig::load(&config_dir_in(&home))?;
            writeln!(out, "reminder times: {}", times_text(&config))?;
            writeln!(out, "undo with `feltsense reminders uninstall`")?;
        }
        RemindersCommand::Uninstall => {
            let done = schedule::disable(&home)?;
            if let Some(pid) = done.stopped {
                writeln!(out, "stopped the background process (process {pid})")?;
            }
            for p in &done.removed {
                writeln!(out, "removed {}", p.display())?;
            }
            if done.removed.is_empty() {
                writeln!(out, "nothing to remove")?;
            }
            if let Some(p) = &done.kept {
                writeln!(out, "kept {} (your reminder times, used while the window is open)", p.display())?;
            }
        }
        RemindersCommand::Status => {
            let dir = config_dir_in(&home);
            let (config, problem) = reminders::ReminderConfig::load_or_default(&dir);
            if let Some(p) = problem {
                writeln!(out, "{p}")?;
            }
            for t in &config.times {
                writeln!(out, "{} {}", t.at.format("%H:%M"), if t.enabled { "on" } else { "off" })?;
            }
            writeln!(out, "even when closed: {}", if config.even_when_closed { "on" } else { "off" })?;
            let s = schedule::status(&home);
            for f in &s.files {
                let state = if f.exists { "present" } else { "absent" };
                writeln!(out, "{state:<8} {}  ({})", f.path.display(), f.what)?;
            }
            if let Some(exec) = &s.exec {
                writeln!(out, "autostart runs: {exec}")?;
            }
            match s.running {
                Some(pid) => writeln!(out, "background process: running (process {pid})")?,
                None => writeln!(out, "background process: not running")?,
            }
        }
        RemindersCommand::Test => {
            let (config, _) = reminders::ReminderConfig::load_or_default(&config_dir_in(&home));
            Notifier::session(false)?.send(&Message::test(config.lang), None)?;
            writeln!(out, "sent a test notification")?;
        }
    }
    Ok(())
}
