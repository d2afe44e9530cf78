//! The journal worker: one named thread that owns the [`Store`].
//!
//! The window never touches SQLite. [`Worker::open`] starts the thread `feltsense-journal`: it
//! takes the window lock, carries out what needs the file to itself (a passphrase change, a
//! restore), opens the journal, starts the daily backup on a thread of its own, and then serves
//! [`Request`]s one at a time until the app lets go of it. Every answer is a [`Reply`] on a
//! channel the app polls with `try_recv` each frame; the thread calls `ctx.request_repaint()`
//! after each send, so an idle window stays at 0 % CPU and still shows an answer at once.
//!
//! Reads are tagged with the data generation (and filter) they were asked for, so the app can
//! drop a stale answer. Writes answer with their result; the app bumps its generation on success.
//!
//! Switching files, restoring or changing the passphrase starts a new worker: the old one is told
//! to stop ([`Worker::stop`]) and the new thread waits for it to end (its connection closed, the
//! window lock released) before it touches the file.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::NaiveDate;

use crate::model::{Describe, Entry, EntryId, Lang};
use crate::store::backup::{self, BackupError, BackupInfo, Restored};
use crate::store::instance::{LockError, WindowLock, acquire_window_lock};
use crate::store::{EntryFilter, ImportOutcome, Page, PageCursor, Passphrase, Store, StoreError};

/// What the app asks the worker to do. Each request gets exactly one [`Reply`], except
/// [`Request::ReadAll`], which answers on its own channel.
#[derive(Debug)]
pub enum Request {
    /// The custom emotions and the number of entries, for this data generation.
    Meta {
        /// The generation asked for.
        generation: u64,
    },
    /// One page of the Journal list.
    Page(PageQuery),
    /// How many entries match a filter of the Journal list.
    Count {
        /// The generation asked for.
        generation: u64,
        /// The filter.
        filter: EntryFilter,
    },
    /// The Practice view's data: the last check-in, the session pairs and the last week.
    Practice {
        /// The generation asked for.
        generation: u64,
        /// The date the week strip ends at.
        today: NaiveDate,
    },
    /// Every entry, oldest first, answered on the given channel (a background job waits for it).
    ReadAll(Sender<Result<Vec<Entry>, StoreError>>),
    /// Save an entry: insert when new, update when it has an id.
    Save(Entry),
    /// Save several new entries in one transaction.
    SaveAll(Vec<Entry>),
    /// Read one entry (to edit it).
    Get(EntryId),
    /// Delete an entry (the reply carries it, for undo).
    Delete(EntryId),
    /// Put a deleted entry back.
    Undelete(Entry),
    /// The most recent check-in.
    LastCheckIn,
    /// Remember a custom emotion.
    AddCustomEmotion(String),
    /// Import entries all-or-nothing, after a backup of a non-empty journal.
    Import(Vec<Entry>),
    /// Remove the entries with these uids (undo of an import).
    UndoImport(Vec<String>),
    /// Make a manual backup.
    BackupNow,
    /// Check whether another program changed the journal since the last check.
    CheckOutside,
    /// Close the journal and end the thread (sent by [`Worker::stop`]; no reply).
    Stop,
}

/// A request for one page of the Journal list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageQuery {
    /// The data generation it is for.
    pub generation: u64,
    /// The filter.
    pub filter: EntryFilter,
    /// Start after this entry (`None`: from the newest).
    pub after: Option<PageCursor>,
    /// At most this many entries.
    pub limit: usize,
    /// The view's number for this request, so an answer to an older one is recognised.
    pub seq: u64,
}

/// What the worker sends back.
#[derive(Debug)]
pub enum Reply {
    /// The journal is open.
    Opened {
        /// Its file (`None` for an in-memory journal).
        path: Option<PathBuf>,
        /// The passphrase it is locked with.
        key: Option<Passphrase>,
    },
    /// It could not be opened. Nothing was written to the file.
    OpenFailed(OpenError),
    /// It is locked and the passphrase was missing (`false`) or wrong (`true`).
    NeedsPassphrase(bool),
    /// The passphrase was set, changed or removed (sent before the journal is opened again).
    PassphraseChanged(Result<backup::PassphraseChanged, RekeyFailed>),
    /// A backup was restored, or not (sent before the journal is opened again).
    Restored(PathBuf, Result<Restored, BackupError>),
    /// The daily backup taken after opening (`None`: not due, or nothing to back up).
    DailyBackup(Result<Option<BackupInfo>, DailyBackupFailed>),
    /// Answer to [`Request::Meta`]: custom emotions and the number of entries.
    Meta(u64, Result<(Vec<String>, usize), StoreError>),
    /// Answer to [`Request::Page`].
    Page(PageQuery, Result<Arc<Page>, StoreError>),
    /// Answer to [`Request::Count`].
    Count(u64, EntryFilter, Result<usize, StoreError>),
    /// Answer to [`Request::Practice`]: the last check-in and the entries the view needs.
    Practice(u64, NaiveDate, Result<(Option<Entry>, Vec<Entry>), StoreError>),
    /// Answer to [`Request::Save`] (`true`: an edit).
    Saved(bool, Result<(), StoreError>),
    /// Answer to [`Request::SaveAll`].
    SavedAll(Result<(), StoreError>),
    /// Answer to [`Request::Get`].
    Got(Result<Option<Entry>, StoreError>),
    /// Answer to [`Request::Delete`]: the entry as it was.
    Deleted(Result<Entry, StoreError>),
    /// Answer to [`Request::Undelete`].
    Undeleted(Entry, Result<(), StoreError>),
    /// Answer to [`Request::LastCheckIn`].
    LastCheckIn(Result<Option<Entry>, StoreError>),
    /// Answer to [`Request::AddCustomEmotion`].
    CustomEmotionAdded(Result<(), StoreError>),
    /// Answer to [`Request::Import`].
    Imported(Result<ImportOutcome, ImportFailed>),
    /// Answer to [`Request::UndoImport`]: how many entries were removed.
    ImportUndone(Result<usize, StoreError>),
    /// Answer to [`Request::BackupNow`].
    BackedUp(Result<BackupInfo, BackupError>),
    /// Answer to [`Request::CheckOutside`]: `true` when another program changed the journal.
    OutsideChange(bool),
}

impl Reply {
    /// Whether this reply ends something the app is waiting for (an answer to a request, or the
    /// end of opening); the rest arrive on their own.
    fn settles(&self) -> bool {
        !matches!(self, Reply::PassphraseChanged(_) | Reply::Restored(..) | Reply::DailyBackup(_))
    }
}

/// Why a journal could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// Another window has it open, or the lock could not be taken.
    Lock(LockError),
    /// The store refused or failed to open it.
    Store(StoreError),
}

impl Describe for OpenError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            OpenError::Lock(e) => e.describe(lang),
            OpenError::Store(e) => e.describe(lang),
        }
    }
}

/// Why the passphrase was not set, changed or removed. Worded by the window when shown, in the
/// language of that moment.
#[derive(Debug)]
pub enum RekeyFailed {
    /// This window could not reserve the journal (its window lock), so nothing was changed.
    NotReserved,
    /// Changing it failed; the journal is as it was.
    Backup(BackupError),
}

impl Describe for RekeyFailed {
    fn describe(&self, lang: Lang) -> String {
        match self {
            RekeyFailed::NotReserved => lang
                .pick(
                    "this window could not reserve the journal, so the passphrase was not changed",
                    "dit venster kon het dagboek niet reserveren, dus het wachtwoord is niet veranderd",
                )
                .to_owned(),
            RekeyFailed::Backup(e) => e.describe(lang),
        }
    }
}

/// Why today's backup was not made. Worded by the window when shown.
#[derive(Debug)]
pub enum DailyBackupFailed {
    /// The journal could not be read for it.
    Store(StoreError),
    /// Writing or checking the backup failed.
    Backup(BackupError),
    /// Its thread could not start.
    Thread(std::io::Error),
}

impl Describe for DailyBackupFailed {
    fn describe(&self, lang: Lang) -> String {
        match self {
            DailyBackupFailed::Store(e) => e.describe(lang),
            DailyBackupFailed::Backup(e) => e.describe(lang),
            DailyBackupFailed::Thread(e) => crate::model::text::io_error(e, lang),
        }
    }
}

/// What the thread does with the file before opening it (while it holds the window lock).
#[derive(Debug)]
pub enum BeforeOpening {
    /// Lock the journal, change its passphrase or (with `new: None`) remove the lock.
    Rekey {
        /// The passphrase now, as typed again by the person.
        current: Option<Passphrase>,
        /// The new one.
        new: Option<Passphrase>,
    },
    /// Replace the journal with a backup (the journal is backed up first).
    Restore {
        /// The backup.
        from: PathBuf,
        /// The backup's own passphrase when it differs from the journal's.
        backup_key: Option<Passphrase>,
    },
}

/// The app's end of the worker: sends requests, receives replies.
#[derive(Debug)]
pub struct Worker {
    tx: Sender<Request>,
    rx: Receiver<Reply>,
    handle: Option<JoinHandle<()>>,
    /// Requests (and the opening) not yet answered.
    pending: usize,
}

impl Worker {
    /// Starts the worker for the journal file at `path`: after `previous` (the worker of the
    /// journal before, if any) has ended, it takes the window lock, does `before`, opens the
    /// journal with `key` and serves requests.
    pub fn open(
        ctx: &egui::Context,
        path: PathBuf,
        key: Option<Passphrase>,
        before: Option<BeforeOpening>,
        previous: Option<JoinHandle<()>>,
    ) -> std::io::Result<Worker> {
        let (tx, requests) = std::sync::mpsc::channel();
        let (replies, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let handle = std::thread::Builder::new().name("feltsense-journal".into()).spawn(move || {
            if let Some(h) = previous
                && h.join().is_err()
            {
                eprintln!("feltsense: the previous journal worker stopped unexpectedly");
            }
            let send = Sender::clone(&replies);
            let send = move |r: Reply| {
                // A send fails only when the app switched files or closed: then nobody needs it.
                if send.send(r).is_ok() {
                    ctx.request_repaint();
                }
            };
            let Some((mut store, lock)) = open_file(&path, key, before, &send) else { return };
            // The daily backup reads through a connection of its own while the worker serves.
            let daily_key = store.passphrase().cloned();
            let daily_send = send.clone();
            let daily = std::thread::Builder::new().name("feltsense-daily-backup".into()).spawn(move || {
                let done = Store::open_reader_with(&path, daily_key.as_ref())
                    .map_err(DailyBackupFailed::Store)
                    .and_then(|r| {
                        backup::daily_backup_if_due(&r, chrono::Local::now().naive_local())
                            .map_err(DailyBackupFailed::Backup)
                    });
                daily_send(Reply::DailyBackup(done));
            });
            if let Err(e) = daily {
                send(Reply::DailyBackup(Err(DailyBackupFailed::Thread(e))));
            }
            serve(&mut store, &requests, &send);
            drop(store);
            drop(lock);
        })?;
        Ok(Worker { tx, rx, handle: Some(handle), pending: 1 })
    }

    /// Starts a worker around a journal that is already open (tests, benchmarks).
    pub fn with_store(ctx: &egui::Context, mut store: Store) -> std::io::Result<Worker> {
        let (tx, requests) = std::sync::mpsc::channel();
        let (replies, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let handle = std::thread::Builder::new().name("feltsense-journal".into()).spawn(move || {
            let send = move |r: Reply| {
                if replies.send(r).is_ok() {
                    ctx.request_repaint();
                }
            };
            send(Reply::Opened { path: store.path().map(PathBuf::from), key: store.passphrase().cloned() });
            serve(&mut store, &requests, &send);
        })?;
        Ok(Worker { tx, rx, handle: Some(handle), pending: 1 })
    }

    /// Sends a request. False when the worker has ended (the journal is closed).
    pub fn send(&mut self, request: Request) -> bool {
        let answered_here = !matches!(request, Request::ReadAll(_) | Request::Stop);
        let sent = self.tx.send(request).is_ok();
        if sent && answered_here {
            self.pending += 1;
        }
        sent
    }

    /// A channel to send requests from another thread (a background job), answered there.
    pub fn requests(&self) -> Sender<Request> {
        self.tx.clone()
    }

    /// The next reply, if one is there (never blocks). [`TryRecvError::Disconnected`] when the
    /// worker has ended.
    pub fn try_recv(&mut self) -> Result<Reply, TryRecvError> {
        self.rx.try_recv().map(|r| self.received(r))
    }

    /// Waits up to `timeout` for the next reply (tests only; the window never waits).
    pub fn recv_timeout(&mut self, timeout: Duration) -> Option<Reply> {
        match self.rx.recv_timeout(timeout) {
            Ok(r) => Some(self.received(r)),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    fn received(&mut self, r: Reply) -> Reply {
        if r.settles() {
            self.pending = self.pending.saturating_sub(1);
        }
        r
    }

    /// How many requests (and whether the opening) are still unanswered.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Tells the worker to stop after the request under way; returns its thread, which ends once
    /// the journal is closed and the window lock released.
    pub fn stop(self) -> Option<JoinHandle<()>> {
        let Worker { tx, handle, .. } = self;
        // Jobs may still hold a sender (an in-memory journal's readers), so say it outright. A
        // worker that has already ended (a failed opening) has nobody to tell.
        match tx.send(Request::Stop) {
            Ok(()) | Err(_) => handle,
        }
    }
}

/// Takes the lock, does `before`, opens the journal; reports each step. `None` when there is
/// nothing to serve.
fn open_file(
    path: &std::path::Path,
    mut key: Option<Passphrase>,
    before: Option<BeforeOpening>,
    send: &impl Fn(Reply),
) -> Option<(Store, Option<WindowLock>)> {
    let lock = match acquire_window_lock(path) {
        Ok(lock) => Some(lock),
        Err(e @ LockError::AlreadyOpen { .. }) => {
            send(Reply::OpenFailed(OpenError::Lock(e)));
            return None;
        }
        Err(e) => {
            // Still usable; only a second window would go unnoticed.
            eprintln!("feltsense: warning: {e}");
            None
        }
    };
    match before {
        Some(BeforeOpening::Rekey { current, new }) => {
            let done = match &lock {
                Some(lock) => {
                    backup::change_passphrase(lock, current.as_ref(), new.as_ref()).map_err(RekeyFailed::Backup)
                }
                None => Err(RekeyFailed::NotReserved),
            };
            if done.is_ok() {
                key = new;
            }
            send(Reply::PassphraseChanged(done));
        }
        Some(BeforeOpening::Restore { from, backup_key }) => {
            let keys = backup::RestoreKeys { journal: key.as_ref(), backup: backup_key.as_ref() };
            let result = match &lock {
                Some(lock) => backup::restore_locked_with(lock, &from, keys),
                None => backup::restore_with(path, &from, keys),
            };
            send(Reply::Restored(from, result));
        }
        None => {}
    }
    match Store::open_with(path, key.as_ref()) {
        Ok(store) => {
            send(Reply::Opened { path: Some(path.to_path_buf()), key: store.passphrase().cloned() });
            Some((store, lock))
        }
        Err(StoreError::Locked { .. }) => {
            send(Reply::NeedsPassphrase(false));
            None
        }
        Err(StoreError::WrongPassphrase { .. }) => {
            send(Reply::NeedsPassphrase(true));
            None
        }
        Err(e) => {
            send(Reply::OpenFailed(OpenError::Store(e)));
            None
        }
    }
}

/// Serves requests until the app lets go of the worker.
fn serve(store: &mut Store, requests: &Receiver<Request>, send: &impl Fn(Reply)) {
    // Our own commits do not change data_version; another program's do.
    let mut version = store.data_version().ok();
    while let Ok(request) = requests.recv() {
        let reply = match request {
            Request::Meta { generation } => {
                Reply::Meta(generation, store.custom_emotions().and_then(|c| Ok((c, store.count()?))))
            }
            Request::Page(q) => {
                let page = store.page(&q.filter, q.after, q.limit).map(Arc::new);
                Reply::Page(q, page)
            }
            Request::Count { generation, filter } => {
                let n = store.count_matching(&filter);
                Reply::Count(generation, filter, n)
            }
            Request::Practice { generation, today } => Reply::Practice(generation, today, practice_data(store, today)),
            Request::ReadAll(answer) => {
                // The job that asked may have been superseded meanwhile: then nobody waits.
                match answer.send(store.list_chronological(&EntryFilter::default())) {
                    Ok(()) | Err(_) => continue,
                }
            }
            Request::Save(entry) => {
                let editing = entry.id.is_some();
                let done = if editing { store.update(&entry) } else { store.insert(&entry).map(drop) };
                Reply::Saved(editing, done)
            }
            Request::SaveAll(entries) => Reply::SavedAll(store.insert_all(&entries).map(drop)),
            Request::Get(id) => Reply::Got(store.get(id)),
            Request::Delete(id) => Reply::Deleted(store.delete(id)),
            Request::Undelete(entry) => {
                let done = store.restore(&entry).map(drop);
                Reply::Undeleted(entry, done)
            }
            Request::LastCheckIn => Reply::LastCheckIn(store.last_check_in()),
            Request::AddCustomEmotion(code) => Reply::CustomEmotionAdded(store.add_custom_emotion(&code)),
            Request::Import(entries) => Reply::Imported(import(store, &entries)),
            Request::UndoImport(uids) => Reply::ImportUndone(store.delete_uids(&uids)),
            Request::BackupNow => Reply::BackedUp(backup::backup_now(store, backup::BackupKind::Manual)),
            Request::Stop => return,
            Request::CheckOutside => {
                let now = store.data_version().ok();
                let changed = now.is_some() && version.is_some() && now != version;
                if now.is_some() {
                    version = now;
                }
                Reply::OutsideChange(changed)
            }
        };
        send(reply);
    }
}

/// Only what the Practice view shows: session pairs (relief) and the last seven days (week
/// strip), not the whole journal.
fn practice_data(store: &Store, today: NaiveDate) -> Result<(Option<Entry>, Vec<Entry>), StoreError> {
    let week = EntryFilter { from: today.checked_sub_days(chrono::Days::new(7)), ..Default::default() };
    let mut entries = store.session_entries()?;
    entries.extend(store.list_chronological(&week)?.into_iter().filter(|e| e.session.is_none()));
    entries.sort_by_key(|e| e.at);
    Ok((store.last_check_in()?, entries))
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailed {
    /// The backup before importing could not be made.
    Backup(BackupError),
    /// Writing the entries failed (nothing was written).
    Store(StoreError),
}

impl Describe for ImportFailed {
    fn describe(&self, lang: Lang) -> String {
        match self {
            ImportFailed::Backup(e) => format!(
                "{}: {}",
                lang.pick(
                    "no backup could be made before importing; nothing was imported",
                    "er kon geen back-up worden gemaakt voor het importeren; er is niets geïmporteerd"
                ),
                e.describe(lang)
            ),
            ImportFailed::Store(e) => e.describe(lang),
        }
    }
}

/// Imports entries all-or-nothing, after a backup of a non-empty journal.
fn import(store: &mut Store, entries: &[Entry]) -> Result<ImportOutcome, ImportFailed> {
    backup::before_import(store).map_err(ImportFailed::Backup)?;
    store.import(entries).map_err(ImportFailed::Store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(w: &mut Worker) -> Reply {
        w.recv_timeout(Duration::from_secs(20)).expect("the worker answers")
    }

    #[test]
    fn answers_in_order_and_pages_newest_first() {
        let ctx = egui::Context::default();
        let mut store = Store::open_in_memory().expect("open");
        for i in 0..5 {
            let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset() + chrono::Duration::hours(i));
            e.note = format!("n{i}");
            store.insert(&e).expect("insert");
        }
        let mut w = Worker::with_store(&ctx, store).expect("spawn");
        assert!(matches!(wait(&mut w), Reply::Opened { path: None, key: None }));
        assert_eq!(w.pending(), 0);
        let q = PageQuery { generation: 3, filter: EntryFilter::default(), after: None, limit: 2, seq: 1 };
        assert!(w.send(Request::Page(q.clone())));
        assert!(w.send(Request::Count { generation: 3, filter: EntryFilter::default() }));
        assert_eq!(w.pending(), 2);
        let Reply::Page(got, Ok(page)) = wait(&mut w) else { panic!("a page") };
        assert_eq!(got, q);
        let notes: Vec<&str> = page.entries.iter().map(|e| e.note.as_str()).collect();
        assert_eq!(notes, ["n4", "n3"]);
        assert!(matches!(wait(&mut w), Reply::Count(3, _, Ok(5))));
        assert_eq!(w.pending(), 0);

        // ReadAll answers on its own channel and is not pending here.
        let (tx, rx) = std::sync::mpsc::channel();
        assert!(w.send(Request::ReadAll(tx)));
        assert_eq!(w.pending(), 0);
        assert_eq!(rx.recv().expect("answer").expect("entries").len(), 5);

        // After stop, the thread ends.
        let handle = w.stop().expect("a thread");
        handle.join().expect("ended cleanly");
    }

    #[test]
    fn a_write_error_is_answered_not_lost() {
        let ctx = egui::Context::default();
        let mut w = Worker::with_store(&ctx, Store::open_in_memory().expect("open")).expect("spawn");
        wait(&mut w);
        w.send(Request::Delete(EntryId(42)));
        assert!(matches!(wait(&mut w), Reply::Deleted(Err(StoreError::NotFound))));
    }
}
