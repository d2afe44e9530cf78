//! The worker's part in copies in a folder ([`crate::store::sync`]): when to write this
//! computer's copy and when to merge the others', for the journal the worker holds.
//!
//! - **After changes**, [`DEBOUNCE`] after the last one (a burst of saves writes one copy; a
//!   steady stream of changes still gets one [`DEBOUNCE_AT_MOST`] after its first), and
//!   **daily** (a copy older than a day is replaced when the journal opens or the day turns),
//!   this computer's copy is written on a thread of its own (`feltsense-folder-copy`, reading
//!   through a connection of its own), so saves go on meanwhile; its outcome goes straight to the
//!   app ([`Reply::CopyFinished`]). When writing has failed for a day, the person is told once.
//! - **The other computers' copies** are merged when the journal opens, every [`MERGE_EVERY`],
//!   when the window comes back into focus and when asked, on the worker's own connection (the
//!   journal's one writer), so a merge that changed something publishes a new snapshot like any
//!   write. A copy that did not change since it was merged is not opened again.
//! - The status (folder, last written, the computers, the entries changed on two computers)
//!   goes to the app as [`Reply::Copies`] after each of these.
//! - When the worker ends with changes not yet copied, it writes the copy before it lets go.
//!
//! Time comes from the app's [`Clock`]: the wall clock for when a copy was written and since when
//! writing fails, its monotonic instant for the debounce and the minute between merges. The
//! window runs on the system clock; window tests move a manual one by a day or by 20 seconds.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Reply;
use crate::model::text::sync as words;
use crate::model::{Lang, Message};
use crate::store::sync::{self as core, Conflict, SyncError, SyncState, VersionKey};
use crate::store::{Passphrase, Store};
use crate::ui::clock::Clock;
use crate::ui::service::Replier;

/// How long after the last change the copy is written.
pub const DEBOUNCE: Duration = Duration::from_secs(20);
/// However often the journal changes, the copy waits at most this long after the first change
/// not yet copied.
pub const DEBOUNCE_AT_MOST: Duration = Duration::from_secs(120);
/// How often the other computers' copies are looked for.
pub const MERGE_EVERY: Duration = Duration::from_secs(60);
/// A copy older than this is written again even without changes.
pub const DAILY: chrono::Duration = chrono::Duration::hours(24);

/// A change to the copies, as Settings asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum CopiesChange {
    /// Write copies to `folder` from now on; `passphrase` is the copies' passphrase of a journal
    /// without one (kept beside the journal; a locked journal's copies use its own).
    Folder {
        /// The folder.
        folder: PathBuf,
        /// The copies' passphrase (journals without a passphrase).
        passphrase: Option<Passphrase>,
    },
    /// Write no more copies (the copies in the folder stay).
    Off,
    /// Write the copy and merge the others' now.
    Now,
    /// Name this computer.
    Name(String),
    /// Keep one version of an entry changed on two computers.
    Keep {
        /// The entry.
        uid: String,
        /// The version kept.
        key: VersionKey,
    },
}

/// A file in the folder that could not be merged, and why.
#[derive(Clone, Debug)]
pub struct FileProblem {
    /// The file's name.
    pub file: String,
    /// The computer it comes from, when it could be read.
    pub computer: Option<String>,
    /// Why (worded when shown).
    pub why: Message,
}

/// What the copies' part of Settings shows.
#[derive(Clone, Debug, Default)]
pub struct CopiesStatus {
    /// The settings and what happened (the passphrase is never shown).
    pub state: SyncState,
    /// Whether a journal without a passphrase has one for its copies.
    pub has_copy_passphrase: bool,
    /// Whether the journal is locked (its copies use its passphrase).
    pub journal_locked: bool,
    /// This computer's id and name.
    pub computer_id: String,
    /// This computer's name (empty: not named).
    pub computer_name: String,
    /// The entries changed on two computers, with their versions.
    pub conflicts: Arc<Vec<Conflict>>,
    /// The files of the last look at the folder that could not be merged.
    pub problems: Vec<FileProblem>,
    /// Why the last copy could not be written (cleared by one that is).
    pub copy_failed: Option<Message>,
    /// Why the folder could not be read at the last look.
    pub read_failed: Option<Message>,
    /// A copy is being written now.
    pub copying: bool,
}

/// What the copy thread reports.
#[derive(Debug)]
pub struct CopyFinished {
    /// The copy, or why it could not be written.
    pub result: Result<core::CopyWritten, SyncError>,
    /// The settings as they are after it.
    pub state: Option<SyncState>,
    /// Writing has failed for a day: tell the person now (once).
    pub tell: Option<Unreachable>,
}

/// Copies could not be written for a day: what the person is told, worded by the app on their
/// clock ([`Unreachable::worded`]).
#[derive(Debug)]
pub struct Unreachable {
    /// The folder of the copies.
    pub folder: String,
    /// Since when writing has failed.
    pub since: chrono::DateTime<chrono::FixedOffset>,
    /// Why the last try failed.
    pub why: Message,
}

impl Unreachable {
    /// The message, its time on the person's clock in `zone`.
    pub fn worded(self, zone: crate::model::text::time::Zone) -> Message {
        let Unreachable { folder, since, why } = self;
        Message::from_fn(move |lang| words::unreachable(&folder, &since, zone, &why.text(lang), lang))
    }
}

/// The worker's copies of one journal.
pub(super) struct Copies {
    journal: Option<PathBuf>,
    journal_key: Option<Passphrase>,
    /// The copies' passphrase, kept while the journal is open so its keys are derived once.
    copy_key: Option<Passphrase>,
    seen: core::Seen,
    /// The first and the last change not yet copied (instants of `clock`).
    dirty: Option<(Instant, Instant)>,
    next_merge: Instant,
    clock: Clock,
    copying: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    status: CopiesStatus,
    send: Replier<Reply>,
}

impl Copies {
    /// The copies of the journal `store` holds (nothing for one in memory).
    /// Time comes from `clock`.
    pub(super) fn new(store: &Store, send: Replier<Reply>, clock: Clock) -> Copies {
        let mut c = Copies {
            journal: store.path().map(PathBuf::from),
            journal_key: store.passphrase().cloned(),
            copy_key: None,
            seen: core::Seen::new(),
            dirty: None,
            next_merge: clock.instant(),
            clock,
            copying: Arc::default(),
            thread: None,
            status: CopiesStatus::default(),
            send,
        };
        c.reload(store);
        c
    }

    /// Reads the settings again (and the passphrase for the copies).
    fn reload(&mut self, store: &Store) {
        let Some(journal) = &self.journal else { return };
        match core::state::load(journal) {
            Ok(s) => {
                self.copy_key = s.copy_key(self.journal_key.as_ref());
                self.status.has_copy_passphrase = s.copy_passphrase.is_some();
                self.status.state = s;
                self.status.read_failed = None;
            }
            Err(e) => self.status.read_failed = Some(Message::new(e)),
        }
        self.status.journal_locked = self.journal_key.is_some();
        self.status.computer_id = store.computer_id().unwrap_or_default();
        self.status.computer_name = store.computer_name().unwrap_or_default();
        match store.conflicts() {
            Ok(c) => self.status.conflicts = Arc::new(c),
            Err(e) => self.status.read_failed = Some(Message::new(e)),
        }
    }

    fn active(&self) -> bool {
        self.journal.is_some() && self.status.state.folder.is_some()
    }

    /// The journal changed: a copy is due [`DEBOUNCE`] after the last change (at most
    /// [`DEBOUNCE_AT_MOST`] after the first). The entries changed on two computers are read again
    /// when their number changed (a deletion of one).
    pub(super) fn changed(&mut self, store: &Store) {
        if self.active() {
            let now = self.clock.instant();
            self.dirty = Some((self.dirty.map_or(now, |(first, _)| first), now));
        }
        if self.journal.is_some() && store.conflict_count().is_ok_and(|n| n != self.status.conflicts.len()) {
            self.refresh(store);
        }
    }

    /// Nothing waits to be copied (the journal as it was opened).
    pub(super) fn settled(&mut self) {
        self.dirty = None;
    }

    /// The clock the copies read (the worker waits on it too).
    pub(super) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// When the changes not yet copied are due to be.
    fn copy_at(&self) -> Option<Instant> {
        self.dirty.map(|(first, last)| (last + DEBOUNCE).min(first + DEBOUNCE_AT_MOST))
    }

    /// When something is due next, an instant of [`Copies::clock`] (`None`: nothing until a
    /// request comes).
    pub(super) fn deadline(&self) -> Option<Instant> {
        if !self.active() {
            return None;
        }
        Some(self.copy_at().map_or(self.next_merge, |c| c.min(self.next_merge)))
    }

    fn copy_due(&self) -> bool {
        let changed = self.copy_at().is_some_and(|at| self.clock.instant() >= at);
        let old = match &self.status.state.last_written {
            None => true,
            Some(at) => self.clock.now() - *at >= DAILY,
        };
        changed || old
    }

    /// Does what is due: merges the other computers' copies when it is time and writes this
    /// computer's copy when it is due. True when the merge changed the journal.
    pub(super) fn tick(&mut self, store: &mut Store) -> bool {
        if !self.active() {
            return false;
        }
        let mut changed = false;
        if self.clock.instant() >= self.next_merge {
            changed = self.merge(store);
        }
        self.collect_copy(store);
        if self.copy_due() {
            self.start_copy();
        }
        changed
    }

    /// Merges the other computers' copies now. True when that changed the journal.
    pub(super) fn merge(&mut self, store: &mut Store) -> bool {
        self.next_merge = self.clock.instant() + MERGE_EVERY;
        if !self.active() {
            return false;
        }
        let now = self.clock.now();
        let outcome = core::merge_now(store, self.journal_key.as_ref(), &mut self.seen, now);
        let mut changed = false;
        match outcome {
            Ok(done) => {
                self.status.read_failed = None;
                self.status.problems.clear();
                changed = !done.merged.is_empty();
                let mut notes = Vec::new();
                for f in done.files {
                    let who = f.info.as_ref().map(|i| (i.computer_name.clone(), i.computer_id.clone()));
                    match f.result {
                        Ok(m) if !m.is_empty() => notes.push((who, m)),
                        Ok(_) => {}
                        Err(e) => self.status.problems.push(FileProblem {
                            file: f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                            computer: who.map(|(name, id)| words::computer(&name, &id, Lang::En)),
                            why: Message::new(e),
                        }),
                    }
                }
                if changed {
                    self.send.send(Reply::CopiesNote(merged_note(notes)));
                }
            }
            Err(e) => self.status.read_failed = Some(Message::new(e)),
        }
        self.reload(store);
        self.publish();
        changed
    }

    /// When the copy thread has ended, ends it and reads the settings it wrote (when the copy
    /// was last written), so the daily copy is not due again at once.
    fn collect_copy(&mut self, store: &Store) {
        if self.thread.as_ref().is_some_and(JoinHandle::is_finished) {
            if let Some(h) = self.thread.take()
                && h.join().is_err()
            {
                eprintln!("feltsense: the folder copy thread stopped unexpectedly");
            }
            self.reload(store);
        }
    }

    /// Starts writing this computer's copy on a thread of its own (unless one is being written).
    fn start_copy(&mut self) {
        let Some(journal) = self.journal.clone() else { return };
        if self.copying.swap(true, Ordering::SeqCst) {
            // One is being written: these changes go into the next, a debounce from now.
            let now = self.clock.instant();
            self.dirty = Some((now, now));
            return;
        }
        if let Some(h) = self.thread.take() {
            // The previous copy is done (the flag said so): its thread ends at once.
            if h.join().is_err() {
                eprintln!("feltsense: the folder copy thread stopped unexpectedly");
            }
        }
        self.dirty = None;
        self.status.copying = true;
        self.publish();
        let (journal_key, copy_key) = (self.journal_key.clone(), self.copy_key.clone());
        let (flag, send, clock) = (Arc::clone(&self.copying), self.send.clone(), self.clock.clone());
        let spawned = std::thread::Builder::new().name("feltsense-folder-copy".into()).spawn(move || {
            let finished = write(&journal, journal_key.as_ref(), copy_key.as_ref(), clock.now());
            flag.store(false, Ordering::SeqCst);
            send.send(Reply::CopyFinished(Box::new(finished)));
        });
        match spawned {
            Ok(h) => self.thread = Some(h),
            Err(e) => {
                self.copying.store(false, Ordering::SeqCst);
                self.status.copying = false;
                self.status.copy_failed = Some(Message::new(SyncError::Io { path: PathBuf::new(), source: e }));
                self.publish();
            }
        }
    }

    /// Carries out a change Settings asked for.
    pub(super) fn apply(&mut self, store: &mut Store, change: &CopiesChange) -> Result<bool, Message> {
        let Some(journal) = self.journal.clone() else {
            return Err(Message::fixed(
                "a journal in memory has no folder for copies",
                "een dagboek in het geheugen heeft geen map voor kopieën",
            ));
        };
        let mut changed = false;
        match change {
            CopiesChange::Folder { folder, passphrase } => {
                core::folder::check_folder(folder).map_err(Message::new)?;
                let locked = self.journal_key.is_some();
                if !locked && passphrase.is_none() && !self.status.has_copy_passphrase {
                    return Err(Message::new(SyncError::NoPassphrase));
                }
                core::state::update(&journal, |s| {
                    s.folder = Some(folder.clone());
                    if locked {
                        s.set_copy_passphrase(None);
                    } else if let Some(p) = passphrase {
                        s.set_copy_passphrase(Some(p));
                    }
                })
                .map_err(Message::new)?;
                self.name_if_unnamed(store);
                self.reload(store);
                self.seen.clear();
                changed = self.merge(store);
                self.start_copy();
            }
            CopiesChange::Off => {
                core::state::update(&journal, |s| s.folder = None).map_err(Message::new)?;
                self.dirty = None;
                self.reload(store);
            }
            CopiesChange::Now => {
                self.name_if_unnamed(store);
                self.reload(store);
                if !self.active() {
                    return Err(Message::new(SyncError::NoFolder));
                }
                self.seen.clear();
                changed = self.merge(store);
                self.start_copy();
            }
            CopiesChange::Name(name) => {
                store.set_computer_name(name).map_err(Message::new)?;
                self.reload(store);
                self.changed(store);
            }
            CopiesChange::Keep { uid, key } => {
                store.keep_version(uid, key).map_err(Message::new)?;
                self.reload(store);
                changed = true;
            }
        }
        self.publish();
        Ok(changed)
    }

    fn name_if_unnamed(&self, store: &mut Store) {
        if store.computer_name().is_ok_and(|n| n.is_empty()) {
            let name = core::default_computer_name();
            if !name.is_empty()
                && let Err(e) = store.set_computer_name(&name)
            {
                eprintln!("feltsense: warning: this computer could not be named: {e}");
            }
        }
    }

    /// Sends the status to the app (nothing for a journal in memory, which has no copies).
    pub(super) fn publish(&mut self) {
        if self.journal.is_none() {
            return;
        }
        self.status.copying = self.copying.load(Ordering::SeqCst);
        self.send.send(Reply::Copies(Arc::new(self.status.clone())));
    }

    /// The status after the journal changed (the entries changed on two computers may differ).
    pub(super) fn refresh(&mut self, store: &Store) {
        if self.journal.is_some() {
            self.reload(store);
            self.publish();
        }
    }

    /// The worker is letting go of the journal: waits for a copy being written, and writes one
    /// when changes are not copied yet.
    pub(super) fn finish(&mut self) {
        if let Some(h) = self.thread.take()
            && h.join().is_err()
        {
            eprintln!("feltsense: the folder copy thread stopped unexpectedly");
        }
        if self.dirty.is_some()
            && let Some(journal) = self.journal.clone()
        {
            let finished = write(&journal, self.journal_key.as_ref(), self.copy_key.as_ref(), self.clock.now());
            if let Err(e) = &finished.result {
                eprintln!("feltsense: the last copy could not be written: {e}");
            }
            self.send.send(Reply::CopyFinished(Box::new(finished)));
        }
    }
}

/// Writes the copy at `now` and reads the settings as they are after it.
fn write(
    journal: &std::path::Path,
    journal_key: Option<&Passphrase>,
    copy_key: Option<&Passphrase>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> CopyFinished {
    let outcome = core::copy_now(journal, journal_key, copy_key, now);
    let state = core::state::load(journal).ok();
    let tell = match (&outcome.result, outcome.tell_unreachable, outcome.failing_since) {
        (Err(e), true, Some(since)) => {
            let folder =
                state.as_ref().and_then(|s| s.folder.as_ref()).map(|f| f.display().to_string()).unwrap_or_default();
            Some(Unreachable { folder, since, why: Message::described(e) })
        }
        _ => None,
    };
    CopyFinished { result: outcome.result, state, tell }
}

/// The toast after a merge that changed the journal: "From Laptop: 2 entries added".
fn merged_note(notes: Vec<(Option<(String, String)>, core::Merged)>) -> Message {
    Message::from_fn(move |lang| {
        notes
            .iter()
            .map(|(who, m)| {
                let who = who.as_ref().map_or_else(
                    || lang.pick("a conflict copy", "een conflictkopie").to_owned(),
                    |(name, id)| words::computer(name, id, lang),
                );
                format!(
                    "{} {who}: {}",
                    lang.pick("From", "Van"),
                    words::merged(m.added, m.changed, m.deleted, m.new_conflicts, lang)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use chrono::Local;

    use super::*;

    /// Waits for the copy thread's report.
    fn finished(rx: &mpsc::Receiver<Reply>) -> CopyFinished {
        loop {
            match rx.recv_timeout(Duration::from_secs(30)).expect("the copy thread reports") {
                Reply::CopyFinished(f) => return *f,
                _ => continue,
            }
        }
    }

    #[test]
    fn a_change_is_copied_a_debounce_later_and_a_copy_being_written_holds_the_next_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let shared = dir.path().join("Sync");
        std::fs::create_dir(&shared).expect("shared folder");
        let journal = dir.path().join("journal.sqlite");
        let mut store = Store::open(&journal).expect("create");
        core::state::update(&journal, |s| {
            s.folder = Some(shared.clone());
            s.set_copy_passphrase(Some(&Passphrase::new("copies").expect("valid")));
        })
        .expect("settings");
        let (tx, rx) = mpsc::channel();
        let mut c = Copies::new(&store, Replier::for_test(tx), Clock::system());
        c.settled();

        // Opened: the merge and the first copy (none was written yet) are due at once.
        assert!(c.deadline().expect("active") <= Instant::now());
        assert!(!c.tick(&mut store), "an empty folder changes nothing");
        let first = finished(&rx).result.expect("the first copy");
        assert_eq!(first.seq, 1);

        // A change: the copy waits a debounce, and nothing is due before (nor a daily copy: the
        // last was just written).
        while !c.thread.as_ref().is_some_and(JoinHandle::is_finished) {
            std::thread::sleep(Duration::from_millis(5));
        }
        c.tick(&mut store);
        assert!(c.status.state.last_written.is_some(), "the worker read when the copy was written");
        assert!(!c.copying.load(Ordering::SeqCst), "and wrote no other");
        store.insert(&crate::model::Entry::new(Local::now().fixed_offset())).expect("insert");
        c.changed(&store);
        let due = c.deadline().expect("active");
        assert!(due > Instant::now() + DEBOUNCE - Duration::from_secs(2), "not before the debounce");
        assert!(!c.copy_due());

        // Due, while a copy is still being written: no second writer, and the next copy waits
        // another debounce (the worker does not spin on a deadline in the past).
        c.dirty = Some((Instant::now() - DEBOUNCE, Instant::now() - DEBOUNCE));
        c.copying.store(true, Ordering::SeqCst);
        c.tick(&mut store);
        assert!(c.deadline().expect("active") > Instant::now());
        assert!(rx.try_recv().map_or(true, |r| !matches!(r, Reply::CopyFinished(_))));

        // Once it is done, the change is copied.
        c.copying.store(false, Ordering::SeqCst);
        c.dirty = Some((Instant::now() - DEBOUNCE, Instant::now() - DEBOUNCE));
        c.tick(&mut store);
        let second = finished(&rx).result.expect("the second copy");
        assert_eq!((second.seq, second.entries), (2, 1));
        assert_eq!(core::state::load(&journal).expect("settings").seq, 2);

        // Changes not copied yet are copied when the worker lets go.
        store.insert(&crate::model::Entry::new(Local::now().fixed_offset())).expect("insert");
        c.changed(&store);
        c.finish();
        let last = finished(&rx).result.expect("the last copy");
        assert_eq!((last.seq, last.entries), (3, 2));
    }

    #[test]
    fn each_change_pushes_the_copy_back_but_a_steady_stream_is_copied_at_most_two_minutes_after_its_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite");
        let store = Store::open(&journal).expect("create");
        core::state::update(&journal, |s| {
            s.folder = Some(dir.path().join("Sync"));
            // Written just now: no daily copy is due.
            s.last_written = Some(Local::now().fixed_offset());
        })
        .expect("settings");
        let clock = Clock::manual(Local::now().fixed_offset());
        let (tx, _rx) = mpsc::channel();
        let mut c = Copies::new(&store, Replier::for_test(tx), clock.clone());
        c.settled();
        // A change every 15 seconds: each one pushes the copy back...
        let first = clock.instant();
        for _ in 0..7 {
            c.changed(&store);
            assert!(!c.copy_due(), "not due while changes keep coming");
            clock.advance(chrono::Duration::seconds(15));
        }
        // ...until two minutes after the first, however many come.
        c.changed(&store);
        assert_eq!(clock.instant() - first, Duration::from_secs(105));
        assert_eq!(c.copy_at().map(|d| d - first), Some(DEBOUNCE_AT_MOST));
        clock.advance(chrono::Duration::seconds(15));
        assert!(c.copy_due(), "due two minutes after the first change");
    }
}
