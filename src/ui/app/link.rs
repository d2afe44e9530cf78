//! The window's link to the journal: which file, in what state (opening, open, locked, failed),
//! the worker that owns it, and the latest [`Snapshot`] it published.
//!
//! The link never touches the file. [`JournalLink::open`] starts a new worker (the old one is let
//! go first); the worker's replies move the link from one state to the next
//! ([`JournalLink::take_reply`]), and the app routes what they carry on to the views.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;

use crate::model::Message;
use crate::store::{Passphrase, Store};
use crate::ui::clock::Clock;
use crate::ui::snapshot::Snapshot;
use crate::ui::worker::{BeforeOpening, Reply, Request, Worker};

/// The journal file's state, as the window knows it (the store itself is the worker's).
#[derive(Debug)]
pub(super) enum JournalState {
    /// Being opened by the worker (the window shows first).
    Opening(PathBuf),
    /// Open and usable; the file (`None` for an in-memory journal).
    Open(Option<PathBuf>),
    /// Could not be opened; the message says why (worded when shown). Nothing was written to the
    /// file.
    Failed(PathBuf, Message),
    /// Locked with a passphrase: waiting for the person to type it.
    Locked(PathBuf),
    /// No location could be determined.
    Missing,
}

/// Where the file of this run came from when not from Settings: `--db`, `FELTSENSE_DB`, or a
/// journal handed to the app (then `None`).
pub(super) type Forced = Option<(PathBuf, Option<&'static str>)>;

/// The app's end of the journal.
#[derive(Debug)]
pub(super) struct JournalLink {
    pub(super) state: JournalState,
    worker: Option<Worker>,
    /// A journal handed to the app (tests, benchmarks), moved to its worker on the first frame.
    handed: Option<Store>,
    /// The journal as the worker last published it.
    pub(super) snapshot: Arc<Snapshot>,
    /// The generation for which the entries were asked for (once per generation).
    entries_asked: Option<u64>,
    /// Set when `--db` or `FELTSENSE_DB` chose the file for this run, or when the app was built
    /// around an open journal (then reopening goes back to its file).
    pub(super) forced: Forced,
    /// The passphrase the journal was unlocked with (in memory only, while the window runs).
    pub(super) key: Option<Passphrase>,
    /// The clock the workers' copies in a folder read (the app's).
    pub(super) clock: Clock,
}

impl JournalLink {
    /// No journal yet; `forced` names the file of this run, if the command line did.
    pub(super) fn new(forced: Forced) -> JournalLink {
        JournalLink {
            state: JournalState::Missing,
            worker: None,
            handed: None,
            snapshot: Arc::default(),
            entries_asked: None,
            forced,
            key: None,
            clock: Clock::system(),
        }
    }

    /// Around a journal that is already open: its worker starts on the first frame
    /// ([`JournalLink::start_handed`]).
    pub(super) fn with_store(store: Store) -> JournalLink {
        let path = store.path().map(Path::to_path_buf);
        let mut link = JournalLink::new(path.clone().map(|p| (p, None)));
        link.key = store.passphrase().cloned();
        link.state = JournalState::Open(path);
        link.handed = Some(store);
        link
    }

    /// Starts the worker of a handed journal (the first frame gives the context it needs).
    pub(super) fn start_handed(&mut self, ctx: &egui::Context) {
        if let Some(store) = self.handed.take() {
            let path = store.path().map(Path::to_path_buf).unwrap_or_default();
            match Worker::with_store(ctx, store, self.snapshot.generation, self.clock.clone()) {
                Ok(w) => self.worker = Some(w),
                Err(e) => self.state = JournalState::Failed(path, Message::new(e)),
            }
        }
    }

    /// The file `--db`/`FELTSENSE_DB` named (or the handed journal's).
    pub(super) fn forced_path(&self) -> Option<PathBuf> {
        self.forced.as_ref().map(|(p, _)| p.clone())
    }

    /// What chose the file when not Settings (`--db`, `FELTSENSE_DB`), for Settings to say.
    pub(super) fn forced_by(&self) -> Option<&'static str> {
        self.forced.as_ref().and_then(|(_, s)| *s)
    }

    /// The journal at `path` is about to be opened (the window shows it as being opened); no
    /// worker runs yet.
    pub(super) fn prepare(&mut self, path: Option<PathBuf>) {
        self.state = match path {
            Some(p) => JournalState::Opening(p),
            None => JournalState::Missing,
        };
    }

    /// Lets go of the journal and starts a new worker for `path` (none: no place was found),
    /// which first waits for the old one to end and then does `before` (a passphrase change, a
    /// restore) while it holds the window lock. Nothing of the previous journal stays on screen;
    /// the new worker's generations follow on, so no cache mistakes one journal for the other.
    pub(super) fn open(&mut self, ctx: &egui::Context, path: Option<PathBuf>, before: Option<BeforeOpening>) {
        let previous = self.worker.take().and_then(Worker::stop);
        self.handed = None;
        self.snapshot = Arc::new(Snapshot { generation: self.snapshot.generation + 1, ..Snapshot::default() });
        self.entries_asked = None;
        self.state = JournalState::Missing;
        let Some(path) = path else { return };
        match Worker::open(
            ctx,
            path.clone(),
            self.key.clone(),
            before,
            previous,
            self.snapshot.generation,
            self.clock.clone(),
        ) {
            Ok(w) => {
                self.worker = Some(w);
                self.state = JournalState::Opening(path);
            }
            Err(e) => self.state = JournalState::Failed(path, Message::new(e)),
        }
    }

    /// Sends `request` to the worker of an open journal. False when no journal is open.
    pub(super) fn request(&mut self, request: Request) -> bool {
        self.is_open() && self.worker.as_mut().is_some_and(|w| w.send(request))
    }

    /// Asks the worker for the backups: also the worker of a journal that could not be opened
    /// answers. False when there is no worker.
    pub(super) fn ask_backups(&mut self) -> bool {
        self.worker.as_mut().is_some_and(|w| w.send(Request::ListBackups))
    }

    /// A view needed the entries and the snapshot had none: the worker reads them, once per
    /// generation.
    pub(super) fn want_entries(&mut self) {
        let generation = self.snapshot.generation;
        if self.entries_asked != Some(generation) && self.request(Request::LoadEntries) {
            self.entries_asked = Some(generation);
        }
    }

    /// The next reply of the worker, if one has arrived (never blocks), after the link has taken
    /// what concerns it: the snapshot and the opening's outcome. `fallback` is the file to name
    /// when the worker ended unexpectedly while an in-memory journal was open.
    pub(super) fn take_reply(&mut self, fallback: impl FnOnce() -> Option<PathBuf>) -> Option<Reply> {
        let w = self.worker.as_mut()?;
        match w.try_recv() {
            Ok(reply) => {
                self.note(&reply);
                Some(reply)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.worker_ended(fallback);
                None
            }
        }
    }

    /// Takes what a reply says about the journal itself.
    pub(super) fn note(&mut self, reply: &Reply) {
        match reply {
            Reply::Snapshot(s) => self.snapshot = Arc::clone(s),
            Reply::Opened { path, key } => {
                self.key = key.clone();
                self.state = JournalState::Open(path.clone());
            }
            Reply::OpenFailed(why) => self.state = JournalState::Failed(self.opening_path(), why.clone()),
            Reply::NeedsPassphrase(_) => {
                self.key = None;
                self.state = JournalState::Locked(self.opening_path());
            }
            _ => {}
        }
    }

    /// The worker's thread has ended: after a failed opening that is expected; otherwise it
    /// stopped unexpectedly and the journal is no longer usable.
    fn worker_ended(&mut self, fallback: impl FnOnce() -> Option<PathBuf>) {
        self.worker = None;
        match &self.state {
            JournalState::Opening(path) => {
                let why = Message::fixed(
                    "the journal could not be opened (internal error)",
                    "het dagboek kon niet worden geopend (interne fout)",
                );
                self.state = JournalState::Failed(path.clone(), why);
            }
            JournalState::Open(path) => {
                let path = path.clone().or_else(fallback).unwrap_or_default();
                let why = Message::fixed(
                    "the journal stopped responding (internal error)",
                    "het dagboek reageert niet meer (interne fout)",
                );
                self.state = JournalState::Failed(path, why);
            }
            _ => {}
        }
    }

    /// The file being opened (for a reply about it).
    fn opening_path(&self) -> PathBuf {
        match &self.state {
            JournalState::Opening(p) => p.clone(),
            _ => self.forced_path().unwrap_or_default(),
        }
    }

    /// Whether the journal is open (the worker serves requests).
    pub(super) fn is_open(&self) -> bool {
        matches!(self.state, JournalState::Open(_))
    }

    /// Whether the worker is still opening the file.
    pub(super) fn is_opening(&self) -> bool {
        matches!(self.state, JournalState::Opening(_))
    }

    /// The journal's file, in whatever state (`None`: in memory, or no place found).
    pub(super) fn path(&self) -> Option<&Path> {
        match &self.state {
            JournalState::Opening(p) | JournalState::Failed(p, _) | JournalState::Locked(p) => Some(p),
            JournalState::Open(p) => p.as_deref(),
            JournalState::Missing => None,
        }
    }

    /// How many requests (and whether the opening) the worker has not answered yet.
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    pub(super) fn pending(&self) -> usize {
        self.worker.as_ref().map_or(0, Worker::pending)
    }

    /// The worker, while there is one (tests wait on it).
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    pub(super) fn worker_mut(&mut self) -> Option<&mut Worker> {
        self.worker.as_mut()
    }
}
