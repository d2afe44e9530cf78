//! The journal worker: one named thread that owns the [`Store`]. The one road to the journal.
//!
//! The window never touches SQLite. [`Worker::open`] starts the thread `feltsense-journal`: it
//! takes the window lock, carries out what needs the file to itself (a passphrase change, a
//! restore), opens the journal, starts the daily backup on a thread of its own, and then serves
//! [`Request`]s one at a time until the app lets go of it. Every answer is a [`Reply`] on a
//! channel the app polls each frame ([`Service`]).
//!
//! After opening, after every write and when it notices that another program changed the file,
//! the worker publishes a new [`Snapshot`] (generation, count, custom emotions and, once a view
//! asked for them, every entry) before the write's own answer; the app hands it to the views.
//! Reads that are not in the snapshot (a page of the Journal list, a count for a filter, one
//! entry to edit) are requests whose answers go back to the view that asked; they are tagged with
//! the generation (and filter) they were asked for, so a stale answer is dropped.
//!
//! A journal that could not be opened (locked, damaged, newer) keeps its worker: it answers
//! [`Request::ListBackups`] so the failure screen can offer a restore, and nothing else.
//!
//! Switching files, restoring or changing the passphrase starts a new worker: the old one is let
//! go ([`Worker::stop`]) and the new thread waits for it to end (its connection closed, the
//! window lock released) before it touches the file.

mod copies;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use crate::model::experiment::{Experiment, Moment, MomentRating, Plan};
use crate::model::{Describe, Entry, EntryId, Lang, Level, Message};
use crate::store::backup::{self, BackupError, BackupInfo, Restored};
use crate::store::instance::{LockError, WindowLock, acquire_window_lock};
use crate::store::sync::{RestoredCopy, SyncError};
use crate::store::{EntryFilter, ImportOutcome, Page, PageCursor, Passphrase, Store, StoreError};
use crate::ui::clock::Clock;
use crate::ui::service::{Replier, Service};
use crate::ui::snapshot::{Entries, Snapshot};
pub use copies::{CopiesChange, CopiesStatus, CopyFinished, FileProblem};

/// A change to a personal experiment, as the Experiments view asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExperimentChange {
    /// Save this locked plan (refused while another experiment runs).
    Start(Plan),
    /// Save a rating of a moment (its phase follows from what is saved already).
    Rate {
        /// The experiment.
        uid: String,
        /// The day, from 1.
        day: u16,
        /// The moment.
        moment: Moment,
        /// When it was given (the window's clock).
        at: DateTime<FixedOffset>,
        /// The level of the region to ease.
        target: Level,
        /// The level of the control region.
        control: Level,
    },
    /// Stop the experiment at `at`; its ratings are kept.
    Stop {
        /// The experiment.
        uid: String,
        /// When.
        at: DateTime<FixedOffset>,
    },
}

/// A change to the activities, topics, appointments or reason for the visit, as the Appointment
/// view (or a button elsewhere that adds a topic) asks for it. Each is one transaction that checks
/// the rules of [`crate::model::prep`] against the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrepChange {
    /// Name activities (the first setup, or one more), rated with `instrument`.
    AddActivities {
        /// Their names, in the person's words.
        names: Vec<String>,
        /// The instrument.
        instrument: crate::model::prep::Instrument,
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Score activities for the week of `week`.
    Rate {
        /// Activity id and score.
        scores: Vec<(String, Level)>,
        /// Any day of the week scored.
        week: chrono::NaiveDate,
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Retire an activity (its scores are kept).
    Retire {
        /// Its id.
        uid: String,
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Add a topic at the end of the list (an accepted or dismissed suggestion too).
    AddTopic(crate::model::prep::Topic),
    /// Open, tick off or dismiss a topic.
    TopicState {
        /// Its id.
        uid: String,
        /// The new state.
        state: crate::model::prep::TopicState,
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Move an open topic to place `to` (0 first) among the open ones.
    MoveTopic {
        /// Its id.
        uid: String,
        /// The new place.
        to: usize,
    },
    /// Tick off every open topic (after an appointment).
    TickOffOpen {
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Log an appointment.
    AddAppointment {
        /// Its day.
        date: chrono::NaiveDate,
        /// When it was logged.
        at: DateTime<FixedOffset>,
    },
    /// Remove the appointment on a day.
    RemoveAppointment(chrono::NaiveDate),
    /// Set the reason for the visit ("" removes it).
    Reason(String),
}

/// What the app asks the worker to do. Each request gets exactly one answering [`Reply`];
/// [`Reply::Snapshot`]s come in between, on their own.
#[derive(Debug)]
pub enum Request {
    /// Read every entry into the snapshot (once; the worker keeps them current afterwards).
    LoadEntries,
    /// One page of the Journal list.
    Page(PageQuery),
    /// How many entries match a filter of the Journal list.
    Count {
        /// The generation asked for.
        generation: u64,
        /// The filter.
        filter: EntryFilter,
    },
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
    /// Import entries and personal experiments all-or-nothing, after a backup of a non-empty
    /// journal, with the progress and stop shared with the window.
    Import(Vec<Entry>, Vec<Experiment>, Box<crate::model::prep::Prep>, Arc<crate::export::source::Tracker>),
    /// Import a Feltsense JSON file as it is read, all-or-nothing, after a backup of a non-empty
    /// journal: the file, how many entries it holds, and the progress and stop shared with the
    /// window.
    ImportJson(PathBuf, usize, Arc<crate::export::source::Tracker>),
    /// Remove the entries with these uids (undo of an import).
    UndoImport(Vec<String>, Box<crate::store::PrepImport>),
    /// Make a manual backup.
    BackupNow,
    /// List the journal's backups (also when it could not be opened).
    ListBackups,
    /// Check whether another program changed the journal since the last check.
    CheckOutside,
    /// Start, rate or stop a personal experiment.
    Experiment(ExperimentChange),
    /// Change the activities, topics, appointments or reason for the visit.
    Prep(PrepChange),
    /// Change the copies in a folder, write one now, or keep a version of an entry changed on
    /// two computers.
    Copies(CopiesChange),
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
    /// The journal as it is now (sent after opening, after every change, and when the entries
    /// were read). Not an answer to a request by itself.
    Snapshot(Arc<Snapshot>),
    /// Reading what the snapshot holds failed (it keeps what it had).
    ReadFailed(StoreError),
    /// The journal is open.
    Opened {
        /// Its file (`None` for an in-memory journal).
        path: Option<PathBuf>,
        /// The passphrase it is locked with.
        key: Option<Passphrase>,
    },
    /// It could not be opened (an [`OpenError`], worded when shown). Nothing was written to the
    /// file.
    OpenFailed(Message),
    /// It is locked and the passphrase was missing (`false`) or wrong (`true`).
    NeedsPassphrase(bool),
    /// The passphrase was set, changed or removed (sent before the journal is opened again).
    PassphraseChanged(Result<backup::PassphraseChanged, RekeyFailed>),
    /// A backup was restored, or not (sent before the journal is opened again).
    Restored(PathBuf, Result<Restored, BackupError>),
    /// The daily backup taken after opening (`None`: not due, or nothing to back up).
    DailyBackup(Result<Option<BackupInfo>, DailyBackupFailed>),
    /// Answer to [`Request::LoadEntries`] (the snapshot with the entries, or why they could not
    /// be read, came just before).
    EntriesLoaded,
    /// Answer to [`Request::Page`].
    Page(PageQuery, Result<Arc<Page>, StoreError>),
    /// Answer to [`Request::Count`].
    Count(u64, EntryFilter, Result<usize, StoreError>),
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
    /// Answer to [`Request::ListBackups`].
    Backups(Result<Vec<BackupInfo>, Arc<BackupError>>),
    /// Answer to [`Request::CheckOutside`]: `true` when another program changed the journal (a
    /// new snapshot came just before).
    OutsideChange(bool),
    /// Answer to [`Request::Experiment`]: the change asked for, and the rating saved (for a
    /// rating) or why nothing was written.
    Experiment(ExperimentChange, Result<Option<MomentRating>, StoreError>),
    /// Answer to [`Request::Prep`]: the change asked for, or why nothing was written.
    Prep(PrepChange, Result<(), StoreError>),
    /// Answer to a request that needs an open journal, sent to the worker of one that could not
    /// be opened.
    NotOpen,
    /// The copies' status (after opening, each look at the folder and each change to them).
    Copies(Arc<CopiesStatus>),
    /// A copy was written into the folder, or could not be (from the copy's own thread).
    CopyFinished(Box<CopyFinished>),
    /// A merge of the other computers' copies changed the journal: what it did, for a toast.
    CopiesNote(Message),
    /// Answer to [`Request::Copies`]: the change asked for, or why nothing was changed.
    CopiesDone(CopiesChange, Result<(), Message>),
    /// A copy from the folder was restored as the journal, or not (sent before the journal is
    /// opened again).
    RestoredCopy(PathBuf, Result<RestoredCopy, SyncError>),
}

impl Reply {
    /// Whether this reply answers a request (or ends the opening); the rest arrive on their own.
    fn settles(&self) -> bool {
        !matches!(
            self,
            Reply::Snapshot(_)
                | Reply::ReadFailed(_)
                | Reply::PassphraseChanged(_)
                | Reply::Restored(..)
                | Reply::DailyBackup(_)
                | Reply::Copies(_)
                | Reply::CopyFinished(_)
                | Reply::CopiesNote(_)
                | Reply::RestoredCopy(..)
        )
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
    /// Make the example journal anew at this path ([`crate::store::example`]) from the demo's
    /// generator, its notes, tags and own emotions in this language, lived in this zone (its clock
    /// times on the person's clock, [`crate::demo::lived_in`]); no daily backup is made of it.
    MakeExample(crate::demo::DemoOptions, Lang, crate::model::text::time::Zone),
    /// Remove the example journal at this path (the person went back to their own journal, which
    /// is then opened).
    RemoveExample(PathBuf),
    /// Replace the journal with a copy from a folder (the journal there is backed up first).
    RestoreCopy {
        /// The copy.
        from: PathBuf,
        /// Its passphrase.
        key: Passphrase,
    },
}

/// The app's end of the worker: sends requests, receives replies.
#[derive(Debug)]
pub struct Worker {
    service: Service<Request, Reply>,
}

impl Worker {
    /// Starts the worker for the journal file at `path`: after `previous` (the worker of the
    /// journal before, if any) has ended, it takes the window lock, does `before`, opens the
    /// journal with `key` and serves requests. Its snapshots start after `generation` (the last
    /// one the app saw), so no cache mistakes the new journal for the old one. Its copies in a
    /// folder read `clock`.
    pub fn open(
        ctx: &egui::Context,
        path: PathBuf,
        key: Option<Passphrase>,
        before: Option<BeforeOpening>,
        previous: Option<JoinHandle<()>>,
        generation: u64,
        clock: Clock,
    ) -> std::io::Result<Worker> {
        let service = Service::start("feltsense-journal", ctx, 1, Reply::settles, move |requests, send| {
            if let Some(h) = previous
                && h.join().is_err()
            {
                eprintln!("feltsense: the previous journal worker stopped unexpectedly");
            }
            let example = matches!(before, Some(BeforeOpening::MakeExample(..)));
            let Some((store, lock)) = open_file(&path, key.clone(), before, &send) else {
                serve_closed(&path, key.as_ref(), &requests, &send);
                return;
            };
            if example {
                // The example is made anew each time: no backups of it.
                let key = store.passphrase().cloned();
                let journal = Journal::new(store, generation, send.clone(), clock);
                send.send(Reply::Opened { path: Some(path), key });
                journal.serve(&requests);
                drop(lock);
                return;
            }
            // The daily backup reads through a connection of its own while the worker serves.
            let daily_key = store.passphrase().cloned();
            let daily_send = send.clone();
            let daily_path = path.clone();
            let daily = std::thread::Builder::new().name("feltsense-daily-backup".into()).spawn(move || {
                let done = Store::open_reader_with(&daily_path, daily_key.as_ref())
                    .map_err(DailyBackupFailed::Store)
                    .and_then(|r| {
                        backup::daily_backup_if_due(&r, chrono::Local::now().naive_local())
                            .map_err(DailyBackupFailed::Backup)
                    });
                daily_send.send(Reply::DailyBackup(done));
                // The backup's read buffers are free now: give them back to the system.
                crate::ui::memory::give_back_freed();
            });
            if let Err(e) = daily {
                send.send(Reply::DailyBackup(Err(DailyBackupFailed::Thread(e))));
            }
            let key = store.passphrase().cloned();
            let journal = Journal::new(store, generation, send.clone(), clock);
            send.send(Reply::Opened { path: Some(path), key });
            journal.serve(&requests);
            drop(lock);
        })?;
        Ok(Worker { service })
    }

    /// Starts a worker around a journal that is already open (tests, benchmarks).
    pub fn with_store(ctx: &egui::Context, store: Store, generation: u64, clock: Clock) -> std::io::Result<Worker> {
        let service = Service::start("feltsense-journal", ctx, 1, Reply::settles, move |requests, send| {
            let path = store.path().map(PathBuf::from);
            let key = store.passphrase().cloned();
            let journal = Journal::new(store, generation, send.clone(), clock);
            send.send(Reply::Opened { path, key });
            journal.serve(&requests);
        })?;
        Ok(Worker { service })
    }

    /// Sends a request. False when the worker has ended.
    pub fn send(&mut self, request: Request) -> bool {
        self.service.send(request, true)
    }

    /// The next reply, if one is there (never blocks). [`TryRecvError::Disconnected`] when the
    /// worker has ended.
    pub fn try_recv(&mut self) -> Result<Reply, TryRecvError> {
        self.service.try_recv()
    }

    /// Waits up to `timeout` for the next reply (tests only; the window never waits).
    pub fn recv_timeout(&mut self, timeout: Duration) -> Option<Reply> {
        self.service.recv_timeout(timeout)
    }

    /// How many requests (and whether the opening) are still unanswered.
    pub fn pending(&self) -> usize {
        self.service.pending()
    }

    /// Lets the worker go: it finishes the request under way and what was sent before, closes the
    /// journal and releases the window lock; returns its thread, which ends then.
    pub fn stop(self) -> Option<JoinHandle<()>> {
        self.service.stop()
    }
}

/// Takes the lock, does `before`, opens the journal; reports each step but the last (the caller
/// says [`Reply::Opened`] once the first snapshot is out). `None` when there is nothing to serve.
fn open_file(
    path: &Path,
    mut key: Option<Passphrase>,
    before: Option<BeforeOpening>,
    send: &Replier<Reply>,
) -> Option<(Store, Option<WindowLock>)> {
    let lock = match acquire_window_lock(path) {
        Ok(lock) => Some(lock),
        Err(e @ LockError::AlreadyOpen { .. }) => {
            send.send(Reply::OpenFailed(Message::new(OpenError::Lock(e))));
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
            send.send(Reply::PassphraseChanged(done));
        }
        Some(BeforeOpening::Restore { from, backup_key }) => {
            let keys = backup::RestoreKeys { journal: key.as_ref(), backup: backup_key.as_ref(), keep_lock: false };
            let result = match &lock {
                Some(lock) => backup::restore_locked_with(lock, &from, keys),
                None => backup::restore_with(path, &from, keys),
            };
            send.send(Reply::Restored(from, result));
        }
        Some(BeforeOpening::MakeExample(options, lang, zone)) => {
            let mut entries = crate::demo::generate(&options);
            crate::demo::lived_in(&mut entries, zone, &options.end);
            if lang == Lang::Nl {
                crate::demo::in_dutch(&mut entries);
            }
            if let Err(e) = crate::store::example::make(path, &entries) {
                send.send(Reply::OpenFailed(Message::new(e)));
                return None;
            }
        }
        Some(BeforeOpening::RemoveExample(example)) => {
            // A leftover example is harmless (the next one replaces it); the journal opens anyway.
            if let Err(e) = crate::store::example::remove(&example) {
                eprintln!("feltsense: warning: {e}");
            }
        }
        Some(BeforeOpening::RestoreCopy { from, key: copy_key }) => {
            let result = match &lock {
                Some(lock) => crate::store::sync::restore_copy(lock, &from, &copy_key, key.as_ref()),
                None => Err(SyncError::Restore(BackupError::InUse)),
            };
            if let Ok(done) = &result {
                key.clone_from(&done.journal_key);
            }
            send.send(Reply::RestoredCopy(from, result));
        }
        None => {}
    }
    match Store::open_with(path, key.as_ref()) {
        Ok(store) => Some((store, lock)),
        Err(StoreError::Locked { .. }) => {
            send.send(Reply::NeedsPassphrase(false));
            None
        }
        Err(StoreError::WrongPassphrase { .. }) => {
            send.send(Reply::NeedsPassphrase(true));
            None
        }
        Err(e) => {
            send.send(Reply::OpenFailed(Message::new(OpenError::Store(e))));
            None
        }
    }
}

/// Lists the backups of the journal at `path` on a thread of its own (the folder may be slow,
/// and each locked backup is opened to count its entries), so the worker goes on serving; the
/// answer comes when the list is ready.
fn list_backups(path: Option<&Path>, key: Option<&Passphrase>, send: &Replier<Reply>) {
    let Some(path) = path.map(Path::to_path_buf) else {
        // An in-memory journal has no backups.
        send.send(Reply::Backups(Ok(Vec::new())));
        return;
    };
    let key = key.cloned();
    let answer = send.clone();
    let spawned = std::thread::Builder::new().name("feltsense-list-backups".into()).spawn(move || {
        answer.send(Reply::Backups(backup::list_backups_with(&path, key.as_ref()).map_err(Arc::new)));
    });
    if let Err(e) = spawned {
        let source = std::io::Error::new(e.kind(), e.to_string());
        send.send(Reply::Backups(Err(Arc::new(BackupError::Io { path: PathBuf::from("backups"), source }))));
    }
}

/// Serves a journal that could not be opened: its backups can be listed (to restore one), and
/// every other request is answered with [`Reply::NotOpen`].
fn serve_closed(path: &Path, key: Option<&Passphrase>, requests: &Receiver<Request>, send: &Replier<Reply>) {
    for request in requests {
        match request {
            Request::ListBackups => list_backups(Some(path), key, send),
            _ => {
                send.send(Reply::NotOpen);
            }
        }
    }
}

/// The open journal, as the worker holds it: the store, the data generation and the entries
/// once read.
/// How long after the journal opened its worker gives start-up's freed memory back: by then the
/// window has drawn the opened journal (a few frames) and is idle.
const GIVE_BACK_AFTER_OPENING: Duration = Duration::from_secs(1);

/// How often a worker whose copies run on a manual clock (tests) looks whether it was moved.
const MANUAL_CLOCK_LOOK: Duration = Duration::from_millis(10);

struct Journal {
    store: Store,
    generation: u64,
    entries: Entries,
    entries_failed: Option<Message>,
    /// What the last snapshot said (kept when reading them again fails).
    count: usize,
    custom_emotions: Vec<String>,
    experiments: Arc<Vec<Experiment>>,
    prep: Arc<crate::model::prep::Prep>,
    /// This computer's copy in a folder and the other computers' copies.
    copies: copies::Copies,
    send: Replier<Reply>,
}

/// What a write changed, for the copy of the entries.
enum Change {
    /// These entries were saved (new, edited or put back): read them again.
    Saved(Vec<EntryId>),
    /// This entry was deleted.
    Deleted(EntryId),
    /// The entries with these uids were removed.
    RemovedUids(Vec<String>),
    /// Anything could have changed: read them all again.
    Everything,
    /// Only the custom emotions changed.
    CustomEmotions,
}

impl Journal {
    /// Takes the store and publishes the first snapshot (generation `generation + 1`).
    fn new(store: Store, generation: u64, send: Replier<Reply>, clock: Clock) -> Journal {
        let copies = copies::Copies::new(&store, send.clone(), clock);
        let mut j = Journal {
            store,
            generation,
            entries: Entries::default(),
            entries_failed: None,
            count: 0,
            custom_emotions: Vec::new(),
            experiments: Arc::default(),
            prep: Arc::default(),
            copies,
            send,
        };
        j.changed(Change::CustomEmotions);
        // Opening is not a change the copy waits for (a copy older than a day is due anyway).
        j.copies.settled();
        j
    }

    /// Publishes the journal as it is after `change` under a new generation.
    fn changed(&mut self, change: Change) {
        self.generation += 1;
        self.copies.changed(&self.store);
        match change {
            Change::Saved(ids) => {
                for id in ids {
                    match self.store.get(id) {
                        Ok(Some(e)) => self.entries.put(e),
                        Ok(None) => self.entries.remove(id),
                        // Read them all again when a view next asks.
                        Err(_) => self.entries.clear(),
                    }
                }
            }
            Change::Deleted(id) => self.entries.remove(id),
            Change::RemovedUids(uids) => self.entries.remove_uids(&uids),
            Change::Everything => {
                if self.entries.get().is_some() {
                    self.load_entries();
                }
            }
            Change::CustomEmotions => {}
        }
        let read = self
            .store
            .custom_emotions()
            .and_then(|c| Ok((c, self.store.count()?, self.store.experiments()?, self.store.prep()?)));
        match read {
            Ok((customs, count, experiments, prep)) => {
                self.custom_emotions = customs;
                self.count = count;
                if *self.experiments != experiments {
                    self.experiments = Arc::new(experiments);
                }
                if *self.prep != prep {
                    self.prep = Arc::new(prep);
                }
            }
            Err(e) => {
                self.send.send(Reply::ReadFailed(e));
            }
        }
        self.publish();
    }

    fn load_entries(&mut self) {
        match self.store.list_chronological(&EntryFilter::default()) {
            Ok(list) => {
                self.entries.set(list);
                self.entries_failed = None;
            }
            Err(e) => {
                self.entries.clear();
                self.entries_failed = Some(Message::new(e));
            }
        }
    }

    fn publish(&self) {
        self.send.send(Reply::Snapshot(Arc::new(Snapshot {
            generation: self.generation,
            count: self.count,
            custom_emotions: self.custom_emotions.clone(),
            experiments: Arc::clone(&self.experiments),
            prep: Arc::clone(&self.prep),
            entries: self.entries.get().cloned(),
            entries_failed: self.entries_failed.clone(),
        })));
    }

    /// Serves requests until the app lets go of the worker.
    fn serve(mut self, requests: &Receiver<Request>) {
        // Our own commits do not change data_version; another program's do.
        let mut version = self.store.data_version().ok();
        self.copies.publish();
        // Once start-up has settled (the window drew the opened journal), what it freed goes
        // back to the system (see `ui::memory`).
        let mut give_back = Some(Instant::now() + GIVE_BACK_AFTER_OPENING);
        loop {
            // Between requests, what is due for the copies in a folder (a merge that changed the
            // journal publishes it like any write). Checked before waiting, so a steady stream of
            // requests does not hold it back.
            if self.copies.deadline().is_some_and(|d| d <= self.copies.clock().instant()) {
                if self.copies.tick(&mut self.store) {
                    self.changed(Change::Everything);
                }
                continue;
            }
            if give_back.is_some_and(|d| d <= Instant::now()) {
                give_back = None;
                crate::ui::memory::give_back_freed();
            }
            // The copies' deadline is on their clock; a manual one (tests) is moved without
            // waking anyone, so it is looked at again every few milliseconds.
            let clock = self.copies.clock();
            let copies_wait = self.copies.deadline().map(|d| {
                let w = d.saturating_duration_since(clock.instant());
                if clock.is_manual() { w.min(MANUAL_CLOCK_LOOK) } else { w }
            });
            let give_back_wait = give_back.map(|d| d.saturating_duration_since(Instant::now()));
            let wait = match (copies_wait, give_back_wait) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let request = match wait {
                Some(w) => match requests.recv_timeout(w) {
                    Ok(r) => r,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                },
                None => match requests.recv() {
                    Ok(r) => r,
                    Err(_) => break,
                },
            };
            let reply = match request {
                Request::LoadEntries => {
                    if self.entries.get().is_none() {
                        self.load_entries();
                        self.publish();
                    }
                    Reply::EntriesLoaded
                }
                Request::Page(q) => {
                    let page = self.store.page(&q.filter, q.after, q.limit).map(Arc::new);
                    Reply::Page(q, page)
                }
                Request::Count { generation, filter } => {
                    let n = self.store.count_matching(&filter);
                    Reply::Count(generation, filter, n)
                }
                Request::Save(entry) => {
                    let editing = entry.id.is_some();
                    let done = if editing {
                        self.store.update(&entry).map(|()| entry.id.into_iter().collect())
                    } else {
                        self.store.insert(&entry).map(|id| vec![id])
                    };
                    Reply::Saved(editing, self.after(done, Change::Saved))
                }
                Request::SaveAll(entries) => {
                    let done = self.store.insert_all(&entries);
                    Reply::SavedAll(self.after(done, Change::Saved))
                }
                Request::Get(id) => Reply::Got(self.store.get(id)),
                Request::Delete(id) => {
                    let done = self.store.delete(id);
                    if done.is_ok() {
                        self.changed(Change::Deleted(id));
                    }
                    Reply::Deleted(done)
                }
                Request::Undelete(entry) => {
                    let done = self.store.restore(&entry).map(|id| vec![id]);
                    Reply::Undeleted(entry, self.after(done, Change::Saved))
                }
                Request::LastCheckIn => Reply::LastCheckIn(self.store.last_check_in()),
                Request::AddCustomEmotion(code) => {
                    let done = self.store.add_custom_emotion(&code);
                    Reply::CustomEmotionAdded(self.after(done, |()| Change::CustomEmotions))
                }
                Request::Import(entries, experiments, prep, tracker) => {
                    let done = import(&mut self.store, entries, experiments, *prep, &tracker);
                    if done.is_ok() {
                        self.changed(Change::Everything);
                    }
                    Reply::Imported(done)
                }
                Request::ImportJson(path, total, tracker) => {
                    let done = import_json(&mut self.store, &path, total, &tracker);
                    if done.is_ok() {
                        self.changed(Change::Everything);
                    }
                    Reply::Imported(done)
                }
                Request::UndoImport(uids, prep) => {
                    let done = self.store.undo_import(&uids, &prep);
                    if done.is_ok() {
                        self.changed(Change::RemovedUids(uids));
                    }
                    Reply::ImportUndone(done)
                }
                Request::BackupNow => Reply::BackedUp(backup::backup_now(&self.store, backup::BackupKind::Manual)),
                Request::ListBackups => {
                    list_backups(self.store.path(), self.store.passphrase(), &self.send);
                    continue;
                }
                Request::Experiment(change) => {
                    let done = experiment(&mut self.store, &change);
                    if done.is_ok() {
                        self.changed(Change::CustomEmotions);
                    }
                    Reply::Experiment(change, done)
                }
                Request::Prep(change) => {
                    let done = prep(&mut self.store, &change);
                    if done.is_ok() {
                        self.changed(Change::CustomEmotions);
                    }
                    Reply::Prep(change, done)
                }
                Request::CheckOutside => {
                    let now = self.store.data_version().ok();
                    let changed = now.is_some() && version.is_some() && now != version;
                    if now.is_some() {
                        version = now;
                    }
                    if changed {
                        self.changed(Change::Everything);
                    }
                    // The window came back: another computer's copy may have arrived meanwhile.
                    if self.copies.merge(&mut self.store) {
                        self.changed(Change::Everything);
                    }
                    Reply::OutsideChange(changed)
                }
                Request::Copies(change) => {
                    let done = self.copies.apply(&mut self.store, &change);
                    if done.as_ref().is_ok_and(|changed| *changed) {
                        self.changed(Change::Everything);
                    }
                    Reply::CopiesDone(change, done.map(drop))
                }
            };
            self.send.send(reply);
        }
        self.copies.finish();
    }

    /// Publishes the change a successful write made; passes its result on without what it
    /// carried.
    fn after<T>(&mut self, done: Result<T, StoreError>, change: impl FnOnce(T) -> Change) -> Result<(), StoreError> {
        let value = done?;
        self.changed(change(value));
        Ok(())
    }
}

/// Carries out a change to the activities, topics, appointments or reason, each rule checked
/// inside its transaction.
fn prep(store: &mut Store, change: &PrepChange) -> Result<(), StoreError> {
    match change {
        PrepChange::AddActivities { names, instrument, at } => {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            store.add_activities(&names, *instrument, *at).map(drop)
        }
        PrepChange::Rate { scores, week, at } => store.rate_activities(scores, *week, *at).map(drop),
        PrepChange::Retire { uid, at } => store.retire_activity(uid, *at),
        PrepChange::AddTopic(topic) => store.add_topic(topic).map(drop),
        PrepChange::TopicState { uid, state, at } => store.set_topic_state(uid, *state, *at),
        PrepChange::MoveTopic { uid, to } => store.move_topic(uid, *to),
        PrepChange::TickOffOpen { at } => store.tick_off_open_topics(*at).map(drop),
        PrepChange::AddAppointment { date, at } => store.add_appointment(*date, *at).map(drop),
        PrepChange::RemoveAppointment(date) => store.remove_appointment(*date),
        PrepChange::Reason(text) => store.set_visit_reason(text),
    }
}

/// Carries out a change to a personal experiment, each rule checked inside its transaction.
fn experiment(store: &mut Store, change: &ExperimentChange) -> Result<Option<MomentRating>, StoreError> {
    use crate::analysis::experiment::{accept_rating, may_start};
    match change {
        ExperimentChange::Start(plan) => {
            let now = plan.created.naive_local();
            store.start_experiment(plan, |latest| may_start(latest, now)).map(|()| None)
        }
        &ExperimentChange::Rate { ref uid, day, moment, at, target, control } => store
            .rate_experiment(uid, |e| {
                accept_rating(e, day, moment, at, target, control, at.naive_local()).map_err(StoreError::from)
            })
            .map(Some),
        ExperimentChange::Stop { uid, at } => store.stop_experiment(uid, *at).map(|()| None),
    }
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailed {
    /// The backup before importing could not be made.
    Backup(BackupError),
    /// The file was refused or could not be read, writing the entries failed, or the import was
    /// cancelled (nothing was written).
    File(crate::export::import::ReadError),
}

impl ImportFailed {
    /// True when the person cancelled the import.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, ImportFailed::File(crate::export::import::ReadError::Cancelled))
    }
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
            ImportFailed::File(e) => e.describe(lang),
        }
    }
}

/// Imports entries all-or-nothing, after a backup of a non-empty journal, telling `tracker` how
/// far it has come and stopping (changing nothing) when it is cancelled
/// ([`crate::export::import::import_entries`]).
fn import(
    store: &mut Store,
    entries: Vec<Entry>,
    experiments: Vec<Experiment>,
    prep: crate::model::prep::Prep,
    tracker: &crate::export::source::Tracker,
) -> Result<ImportOutcome, ImportFailed> {
    backup::before_import(store).map_err(ImportFailed::Backup)?;
    crate::export::import::import_entries(store, entries, experiments, prep, &mut &*tracker).map_err(ImportFailed::File)
}

/// Imports a Feltsense JSON file as it is read, all-or-nothing, after a backup of a non-empty
/// journal ([`crate::export::import::import_json`]).
fn import_json(
    store: &mut Store,
    path: &std::path::Path,
    total: usize,
    tracker: &crate::export::source::Tracker,
) -> Result<ImportOutcome, ImportFailed> {
    backup::before_import(store).map_err(ImportFailed::Backup)?;
    crate::export::import::import_json(store, path, total, &mut &*tracker).map_err(ImportFailed::File)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(w: &mut Worker) -> Reply {
        w.recv_timeout(Duration::from_secs(20)).expect("the worker answers")
    }

    fn snapshot(w: &mut Worker) -> Arc<Snapshot> {
        match wait(w) {
            Reply::Snapshot(s) => s,
            other => panic!("a snapshot, not {other:?}"),
        }
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
        let mut w = Worker::with_store(&ctx, store, 2, Clock::system()).expect("spawn");
        // The first snapshot comes before the journal is reported open, without the entries.
        let first = snapshot(&mut w);
        assert_eq!((first.generation, first.count), (3, 5));
        assert!(first.entries.is_none());
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

        // The entries, asked for once, come in a snapshot of the same generation.
        assert!(w.send(Request::LoadEntries));
        let loaded = snapshot(&mut w);
        assert_eq!(loaded.generation, 3);
        assert_eq!(loaded.entries.as_ref().map(|e| e.len()), Some(5));
        assert!(matches!(wait(&mut w), Reply::EntriesLoaded));
        assert_eq!(w.pending(), 0);

        // After stop, the thread ends.
        let handle = w.stop().expect("a thread");
        handle.join().expect("ended cleanly");
    }

    #[test]
    fn every_write_publishes_the_journal_as_it_is_after_it() {
        let ctx = egui::Context::default();
        let mut w =
            Worker::with_store(&ctx, Store::open_in_memory().expect("open"), 0, Clock::system()).expect("spawn");
        snapshot(&mut w);
        wait(&mut w);
        w.send(Request::LoadEntries);
        assert_eq!(snapshot(&mut w).entries.as_ref().map(|e| e.len()), Some(0));
        wait(&mut w);

        let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset());
        e.set_emotion("awe", crate::model::Level::new(5));
        w.send(Request::Save(e));
        let saved = snapshot(&mut w);
        assert_eq!((saved.generation, saved.count), (2, 1));
        assert_eq!(saved.custom_emotions, ["awe"]);
        let entries = saved.entries.as_ref().expect("kept current");
        let id = entries[0].id.expect("with its row id");
        assert!(matches!(wait(&mut w), Reply::Saved(false, Ok(()))));

        w.send(Request::Delete(id));
        let deleted = snapshot(&mut w);
        assert_eq!((deleted.generation, deleted.count), (3, 0));
        assert_eq!(deleted.entries.as_ref().map(|e| e.len()), Some(0));
        let Reply::Deleted(Ok(gone)) = wait(&mut w) else { panic!("deleted") };
        // The snapshot published before is unchanged.
        assert_eq!(saved.entries.as_ref().map(|e| e.len()), Some(1));

        w.send(Request::Undelete(gone));
        assert_eq!(snapshot(&mut w).entries.as_ref().and_then(|e| e[0].id), Some(id));
        assert!(matches!(wait(&mut w), Reply::Undeleted(_, Ok(()))));
    }

    #[test]
    fn a_write_error_is_answered_not_lost_and_publishes_nothing() {
        let ctx = egui::Context::default();
        let mut w =
            Worker::with_store(&ctx, Store::open_in_memory().expect("open"), 0, Clock::system()).expect("spawn");
        snapshot(&mut w);
        wait(&mut w);
        w.send(Request::Delete(EntryId(42)));
        assert!(matches!(wait(&mut w), Reply::Deleted(Err(StoreError::NotFound))));
    }

    /// The window's import of entries read from a CSV: progress in the tracker, and a cancelled
    /// one answers so and leaves the journal as it was.
    #[test]
    fn an_import_of_read_entries_reports_progress_and_a_cancelled_one_changes_nothing() {
        use crate::export::source::Tracker;
        let ctx = egui::Context::default();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite");
        let mut kept = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset());
        kept.note = "kept".into();
        let mut store = Store::open(&path).expect("open");
        store.insert(&kept).expect("insert");
        let listed = |path: &Path| {
            let s = Store::open(path).expect("open");
            s.list_chronological(&EntryFilter::default()).expect("list")
        };
        let before = listed(&path);
        let mut w = Worker::with_store(&ctx, store, 0, Clock::system()).expect("spawn");
        // The answer to an import, and the last snapshot published before it (other answers, such
        // as the copies' status of a journal file, are passed over).
        let imported = |w: &mut Worker| {
            let mut published = None;
            loop {
                match wait(w) {
                    Reply::Imported(done) => return (published, done),
                    Reply::Snapshot(s) => published = Some(s),
                    _ => {}
                }
            }
        };
        let n = 450;
        let entries: Vec<Entry> = (1..=n)
            .map(|i| {
                let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset() + chrono::Duration::hours(i));
                e.note = format!("n{i}");
                e
            })
            .collect();

        // Cancelled before the worker comes to it: answered as cancelled, nothing published.
        let cancelled = Tracker::new();
        cancelled.cancel();
        let prep = Box::<crate::model::prep::Prep>::default;
        assert!(w.send(Request::Import(entries.clone(), Vec::new(), prep(), Arc::clone(&cancelled))));
        let (published, done) = imported(&mut w);
        assert!(published.is_none_or(|s| s.count == 1), "no new journal published");
        let Err(e) = done else { panic!("not imported") };
        assert!(e.is_cancelled(), "{e:?}");
        assert_eq!(listed(&path), before, "the journal is as it was");

        // Not cancelled: all of them, and the tracker says so.
        let tracker = Tracker::new();
        assert!(w.send(Request::Import(entries, Vec::new(), prep(), Arc::clone(&tracker))));
        let (published, done) = imported(&mut w);
        assert_eq!(published.map(|s| s.count), Some(1 + 450));
        let Ok(outcome) = done else { panic!("imported") };
        assert_eq!(outcome.added_uids.len(), 450);
        assert_eq!(tracker.progress(), (450, 450));
        w.stop().expect("a thread").join().expect("ended cleanly");
        assert_eq!(listed(&path).len(), 451);
    }

    #[test]
    fn a_journal_that_cannot_be_opened_still_lists_its_backups() {
        let ctx = egui::Context::default();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite");
        std::fs::write(&path, b"not a database, but long enough to be looked at by SQLite").expect("write");
        let mut w = Worker::open(&ctx, path, None, None, None, 0, Clock::system()).expect("spawn");
        assert!(matches!(wait(&mut w), Reply::OpenFailed(_)));
        w.send(Request::Count { generation: 1, filter: EntryFilter::default() });
        assert!(matches!(wait(&mut w), Reply::NotOpen));
        w.send(Request::ListBackups);
        assert!(matches!(wait(&mut w), Reply::Backups(Ok(list)) if list.is_empty()));
        assert_eq!(w.pending(), 0);
    }
}
