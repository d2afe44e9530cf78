//! "Remind me even when Feltsense is closed": a per-user autostart entry and the background
//! process it starts.
//!
//! # Why an XDG autostart entry
//! The entry `$XDG_CONFIG_HOME/autostart/feltsense-reminders.desktop` (else
//! `~/.config/autostart/`) runs `feltsense remind` when the person logs in to their desktop. It is
//! the simplest per-user mechanism that every freedesktop desktop (GNOME, KDE, XFCE, Cinnamon,
//! MATE, LXQt, and systemd's xdg-autostart generator) honours, needs no root, and, unlike a systemd
//! user timer, starts inside the graphical session, where the notification service and the
//! D-Bus session bus are. Desktop notifications have no meaning outside a session anyway.
//!
//! # What is written, and how it is removed
//! [`enable`] (the Settings checkbox, or `feltsense reminders install`):
//! - writes the autostart entry;
//! - sets `even_when_closed` in `reminders.json`;
//! - starts `feltsense remind` right away, so reminders work today and not only after the next
//!   login. The process holds `reminders.lock` (holding its process id) for as long as it runs.
//!
//! [`disable`] (unticking, or `feltsense reminders uninstall`) removes the autostart entry, the
//! lock file and the state file, clears `even_when_closed` (keeping the chosen times, which the
//! open window still uses), and stops the running process. Even if it could not be stopped
//! (another system without `/proc`), the process ends by itself within a minute, because it
//! re-reads `even_when_closed` every time it wakes. [`status`] lists every one of these files.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{CONFIG_FILE, ReminderConfig, ReminderError, STATE_FILE, config_dir_in, create_private_dir};

/// The autostart entry's file name.
pub const AUTOSTART_FILE: &str = "feltsense-reminders.desktop";
/// The background process's lock file (inside the Feltsense configuration folder).
pub const LOCK_FILE: &str = "reminders.lock";
/// The lock file an open window holds (shared) so the background process leaves the reminders to
/// it (inside the Feltsense configuration folder).
pub const WINDOW_LOCK_FILE: &str = "reminders-window.lock";

/// The autostart entry's path for the configuration home `config_home` (`~/.config`).
pub fn autostart_path(config_home: &Path) -> PathBuf {
    config_home.join("autostart").join(AUTOSTART_FILE)
}

/// Quotes a program path for a desktop entry's `Exec=` key when it needs quoting.
fn quote_exec(exe: &Path) -> String {
    let exe = exe.display().to_string();
    if exe.chars().any(|c| c.is_whitespace() || "\"`$\\'".contains(c)) {
        let escaped: String =
            exe.chars().flat_map(|c| if "\"`$\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
        // The desktop-entry spec's second level of escaping: a backslash in a string value is `\\`.
        format!("\"{}\"", escaped.replace('\\', "\\\\"))
    } else {
        exe
    }
}

/// The autostart entry that runs `<exe> remind`.
pub fn autostart_entry(exe: &Path) -> String {
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=Feltsense reminders\n\
         Name[nl]=Feltsense-herinneringen\n\
         Comment=Gentle check-in reminders at the times you chose in Feltsense. Turn off in Feltsense's Settings.\n\
         Comment[nl]=Rustige herinneringen op de tijden die je in Feltsense koos. Uitzetten kan in Feltsense bij Instellingen.\n\
         Exec={} remind\n\
         Icon=feltsense\n\
         Terminal=false\n\
         NoDisplay=true\n\
         X-GNOME-Autostart-enabled=true\n",
        quote_exec(exe)
    )
}

/// The process id of the running background process, if one runs.
pub fn background_pid(dir: &Path) -> Option<u32> {
    let mut file = File::open(dir.join(LOCK_FILE)).ok()?;
    match file.try_lock_shared() {
        // Nobody holds it: nothing runs (our shared lock is released when `file` is dropped).
        Ok(()) => None,
        Err(TryLockError::WouldBlock) => {
            let mut s = String::new();
            file.read_to_string(&mut s).ok()?;
            s.trim().parse().ok()
        }
        Err(TryLockError::Error(_)) => None,
    }
}

/// Proof that this process is the one background reminder process. Dropping it releases the lock.
#[derive(Debug)]
pub struct BackgroundLock {
    _file: File,
}

/// Takes the background process's lock in `dir` and writes this process's id into it; `None`
/// when another background process holds it.
#[expect(clippy::disallowed_methods, reason = "the reminders own their lock file, settings and background program")]
pub fn lock_background(dir: &Path) -> Result<Option<BackgroundLock>, ReminderError> {
    create_private_dir(dir)?;
    let path = dir.join(LOCK_FILE);
    let io = |source| ReminderError::Io { action: "write", path: path.clone(), source };
    let mut file =
        crate::fsio::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
    // `status` may be looking at the lock this very moment; try a few times before giving up.
    for attempt in 0..5 {
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0).map_err(io)?;
                file.rewind().map_err(io)?;
                writeln!(file, "{}", std::process::id()).map_err(io)?;
                file.flush().map_err(io)?;
                return Ok(Some(BackgroundLock { _file: file }));
            }
            Err(TryLockError::WouldBlock) if attempt < 4 => std::thread::sleep(Duration::from_millis(100)),
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    Ok(None)
}

/// Held (shared) by every open window: while any window is open, it sends the reminders and the
/// background process stays quiet, so a click on a reminder reaches the window that is open.
#[derive(Debug)]
pub struct WindowPresence {
    _file: File,
}

/// Announces an open window (blocks only for the instant another process may be checking).
#[expect(clippy::disallowed_methods, reason = "the reminders own their lock file, settings and background program")]
pub fn window_present(dir: &Path) -> Result<WindowPresence, ReminderError> {
    create_private_dir(dir)?;
    let path = dir.join(WINDOW_LOCK_FILE);
    let io = |source| ReminderError::Io { action: "write", path: path.clone(), source };
    let file = crate::fsio::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
    file.lock_shared().map_err(io)?;
    Ok(WindowPresence { _file: file })
}

/// Whether a Feltsense window is open on this computer (never blocks).
pub fn window_is_open(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join(WINDOW_LOCK_FILE)) else { return false };
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}

/// Starts `<exe> remind` in the background, detached from this process, with the settings under
/// `config_home`. Returns its process id.
#[expect(clippy::disallowed_methods, reason = "the reminders own their lock file, settings and background program")]
pub fn start_background(exe: &Path, config_home: &Path) -> std::io::Result<u32> {
    crate::guard::check_side_effect("start_background");
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("remind")
        .env("XDG_CONFIG_HOME", config_home)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn()?;
    let pid = child.id();
    // Reap it when it ends, so it does not linger as a zombie while this process runs.
    let reaper = std::thread::Builder::new().name("reminders-reaper".into()).spawn(move || child.wait());
    if let Err(e) = reaper {
        eprintln!("feltsense: the background reminder process will not be reaped: {e}");
    }
    Ok(pid)
}

/// Stops the running background process, if one runs and it is ours. Returns its process id.
#[expect(clippy::disallowed_methods, reason = "the reminders own their lock file, settings and background program")]
pub fn stop_background(dir: &Path) -> Option<u32> {
    let pid = background_pid(dir)?;
    // Only signal a process that is `feltsense remind` (guards against a recycled process id).
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    if !cmdline.split(|b| *b == 0).any(|arg| arg == b"remind") {
        return None;
    }
    let killed = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !killed {
        return None;
    }
    // Wait (briefly) until the lock is released, so `status` right after says "not running".
    for _ in 0..50 {
        if background_pid(dir).is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(pid)
}

/// What [`enable`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enabled {
    /// The autostart entry written.
    pub autostart: PathBuf,
    /// The configuration file updated.
    pub config: PathBuf,
    /// The process started now (`None` when one was already running or starting was not asked).
    pub started: Option<u32>,
    /// The process that was already running.
    pub already_running: Option<u32>,
}

/// Turns on reminders while the window is closed (see the [module documentation](self)).
/// `start`: also start the background process now.
///
/// # Errors
/// When `reminders.json` exists but is not valid (it is left for the person to fix or remove),
/// or a file cannot be written.
pub fn enable(config_home: &Path, exe: &Path, start: bool) -> Result<Enabled, ReminderError> {
    let dir = config_dir_in(config_home);
    let mut config = ReminderConfig::load(&dir)?;
    config.even_when_closed = true;
    config.save(&dir)?;
    let autostart = autostart_path(config_home);
    if let Some(parent) = autostart.parent() {
        create_private_dir(parent)?;
    }
    crate::fsio::write_atomic(&autostart, |w| w.write_all(autostart_entry(exe).as_bytes()))
        .map_err(|source| ReminderError::Io { action: "write", path: autostart.clone(), source })?;
    let already_running = background_pid(&dir);
    let started = if start && already_running.is_none() {
        Some(start_background(exe, config_home).map_err(|source| ReminderError::Io {
            action: "start",
            path: exe.to_path_buf(),
            source,
        })?)
    } else {
        None
    };
    Ok(Enabled { autostart, config: dir.join(CONFIG_FILE), started, already_running })
}

/// What [`disable`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disabled {
    /// Files removed.
    pub removed: Vec<PathBuf>,
    /// The background process stopped.
    pub stopped: Option<u32>,
    /// The configuration file, kept (with `even_when_closed` off) when it exists.
    pub kept: Option<PathBuf>,
}

/// Turns off reminders while the window is closed and removes what [`enable`] wrote.
#[expect(clippy::disallowed_methods, reason = "the reminders own their lock file, settings and background program")]
pub fn disable(config_home: &Path) -> Result<Disabled, ReminderError> {
    crate::guard::check_side_effect("disable");
    let dir = config_dir_in(config_home);
    let mut out = Disabled::default();
    let config_path = dir.join(CONFIG_FILE);
    if config_path.exists() {
        // A damaged file is left as it is; without the autostart entry nothing runs anyway.
        if let Ok(mut config) = ReminderConfig::load(&dir)
            && config.even_when_closed
        {
            config.even_when_closed = false;
            config.save(&dir)?;
        }
        out.kept = Some(config_path);
    }
    out.stopped = stop_background(&dir);
    for path in [autostart_path(config_home), dir.join(LOCK_FILE), dir.join(STATE_FILE)] {
        match std::fs::remove_file(&path) {
            Ok(()) => out.removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ReminderError::Io { action: "remove", path, source }),
        }
    }
    Ok(out)
}

/// One file the reminders use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Where it is.
    pub path: PathBuf,
    /// Whether it exists.
    pub exists: bool,
    /// What it is for.
    pub what: &'static str,
}

/// Everything the reminders keep on this computer, and whether the background process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The settings, state, lock files and the autostart entry.
    pub files: Vec<FileStatus>,
    /// The autostart entry's `Exec=` line, when installed.
    pub exec: Option<String>,
    /// The running background process.
    pub running: Option<u32>,
}

/// Looks at every file the reminders write (nothing is changed).
pub fn status(config_home: &Path) -> Status {
    let dir = config_dir_in(config_home);
    let autostart = autostart_path(config_home);
    let files = [
        (dir.join(CONFIG_FILE), "reminder times and choices"),
        (dir.join(STATE_FILE), "reminders already sent today"),
        (autostart.clone(), "autostart entry: runs `feltsense remind` at login"),
        (dir.join(LOCK_FILE), "lock of the background process"),
        (dir.join(WINDOW_LOCK_FILE), "lock of open windows"),
    ]
    .into_iter()
    .map(|(path, what)| FileStatus { exists: path.exists(), path, what })
    .collect();
    let exec = std::fs::read_to_string(&autostart)
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Exec=").map(str::to_owned)));
    Status { files, exec, running: background_pid(&dir) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_runs_remind_and_quotes_awkward_paths() {
        let e = autostart_entry(Path::new("/usr/bin/feltsense"));
        assert!(e.starts_with("[Desktop Entry]\nType=Application\n"), "{e}");
        assert!(e.contains("\nExec=/usr/bin/feltsense remind\n"), "{e}");
        assert!(e.contains("\nNoDisplay=true\n"));
        let e = autostart_entry(Path::new("/home/me/My Apps/feltsense"));
        assert!(e.contains("\nExec=\"/home/me/My Apps/feltsense\" remind\n"), "{e}");
        let e = autostart_entry(Path::new("/home/me/$x/feltsense"));
        assert!(e.contains("\nExec=\"/home/me/\\\\$x/feltsense\" remind\n"), "{e}");
    }

    #[test]
    fn a_second_background_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("feltsense");
        assert_eq!(background_pid(&folder), None);
        let first = lock_background(&folder).expect("lock").expect("first");
        assert_eq!(background_pid(&folder), Some(std::process::id()));
        assert!(lock_background(&folder).expect("lock").is_none(), "a second one is refused");
        drop(first);
        assert_eq!(background_pid(&folder), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode(&folder), 0o700);
            assert_eq!(mode(&folder.join(LOCK_FILE)), 0o600);
        }
    }

    #[test]
    fn an_open_window_is_noticed_until_it_closes() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(!window_is_open(dir.path()));
        let a = window_present(dir.path()).expect("first window");
        let b = window_present(dir.path()).expect("second window");
        assert!(window_is_open(dir.path()));
        drop(a);
        assert!(window_is_open(dir.path()), "one window is still open");
        drop(b);
        assert!(!window_is_open(dir.path()));
    }

    #[test]
    fn enable_then_disable_leaves_only_the_chosen_times() {
        let home = tempfile::tempdir().expect("tempdir");
        let dir = config_dir_in(home.path());
        let mut c = ReminderConfig::default();
        c.times[1].enabled = true;
        c.save(&dir).expect("save");
        let done = enable(home.path(), Path::new("/usr/bin/feltsense"), false).expect("enable");
        assert_eq!(done.started, None);
        assert_eq!(done.autostart, home.path().join("autostart/feltsense-reminders.desktop"));
        let loaded = ReminderConfig::load(&dir).expect("load");
        assert!(loaded.even_when_closed);
        assert_eq!(loaded.times, c.times, "the chosen times are kept");
        let s = status(home.path());
        assert_eq!(s.exec.as_deref(), Some("/usr/bin/feltsense remind"));
        assert_eq!(s.running, None);

        let off = disable(home.path()).expect("disable");
        assert_eq!(off.removed, std::slice::from_ref(&done.autostart));
        assert_eq!(off.kept, Some(dir.join(CONFIG_FILE)));
        assert!(!done.autostart.exists());
        let loaded = ReminderConfig::load(&dir).expect("load");
        assert!(!loaded.even_when_closed);
        assert_eq!(loaded.times, c.times);
        assert_eq!(disable(home.path()).expect("twice").removed, Vec::<PathBuf>::new());
    }

    #[test]
    fn enable_refuses_to_overwrite_a_damaged_config() {
        let home = tempfile::tempdir().expect("tempdir");
        let dir = config_dir_in(home.path());
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join(CONFIG_FILE), "{ not json").expect("write");
        let err = enable(home.path(), Path::new("/usr/bin/feltsense"), false).expect_err("damaged");
        assert!(matches!(err, ReminderError::Invalid { .. }), "{err:?}");
        assert!(!autostart_path(home.path()).exists());
        assert_eq!(std::fs::read_to_string(dir.join(CONFIG_FILE)).expect("read"), "{ not json");
    }
}
