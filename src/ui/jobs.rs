//! Background jobs: compute a value off the UI thread, once per set of inputs.
//!
//! A [`Job`] remembers the key (the inputs) of its last finished value and of the computation
//! under way. Frame code asks for the value of a key every frame; a thread is started only when
//! neither the finished value nor the running computation has that key, so nothing is computed
//! per frame. Each frame [`Job::poll`] picks up a finished result with `try_recv` (never blocks);
//! the thread calls `ctx.request_repaint()` when it is done, so an idle window stays at 0 % CPU
//! and still shows the result at once.
//!
//! When the key changes while a computation runs, a new thread starts and the old result is
//! dropped when it arrives (its receiver is gone). The last finished value stays readable
//! ([`Job::latest`]) until the new one replaces it, so views do not flicker.
//!
//! For analyses the key is `(data generation, parameters)` ([`Job::request`]) and the entries come
//! from the journal worker's snapshot ([`crate::ui::snapshot`]); a job never reads the journal.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::model::{Describe, Entry, Lang};

/// Every entry of the journal, oldest first, shared read-only with analysis threads.
#[derive(Clone, Debug, Default)]
pub struct Data {
    /// The app's data generation the entries were loaded for.
    pub generation: u64,
    /// The entries, sorted by time.
    pub entries: Arc<Vec<Entry>>,
}

/// A value computed on a named background thread, keyed by its inputs `K`.
#[derive(Debug)]
pub struct Job<K, T> {
    name: &'static str,
    done: Option<(K, T)>,
    running: Option<(K, Receiver<T>)>,
    failed: Option<(K, JobFailed)>,
}

/// Why a job has no value: its thread ended without one (a bug), or could not start.
#[derive(Debug)]
pub enum JobFailed {
    /// The computation stopped unexpectedly (it panicked).
    Stopped(&'static str),
    /// Its thread could not start.
    NotStarted(&'static str, std::io::Error),
}

impl Describe for JobFailed {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (JobFailed::Stopped(name), Lang::En) => format!("the {name} computation stopped unexpectedly"),
            (JobFailed::Stopped(name), Lang::Nl) => format!("de berekening {name} is onverwacht gestopt"),
            (JobFailed::NotStarted(name, e), Lang::En) => format!("the {name} computation could not start: {e}"),
            (JobFailed::NotStarted(name, e), Lang::Nl) => {
                format!("de berekening {name} kon niet beginnen: {}", crate::model::text::io_error(e, lang))
            }
        }
    }
}

impl<K: Clone + PartialEq, T: Send + 'static> Job<K, T> {
    /// An idle job whose threads are called `name`.
    pub fn new(name: &'static str) -> Self {
        Job { name, done: None, running: None, failed: None }
    }

    /// Picks up a finished result, if any (never blocks). True when a new value arrived.
    pub fn poll(&mut self) -> bool {
        let Some((_, rx)) = &self.running else { return false };
        match rx.try_recv() {
            Ok(value) => {
                if let Some((key, _)) = self.running.take() {
                    self.done = Some((key, value));
                }
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                // The thread ended without sending: it panicked.
                if let Some((key, _)) = self.running.take() {
                    self.failed = Some((key, JobFailed::Stopped(self.name)));
                }
                false
            }
        }
    }

    /// True when neither the finished value, the running computation, nor a failed attempt has
    /// `key`: the value must be computed.
    pub fn needs(&self, key: &K) -> bool {
        let has = |slot: Option<&K>| slot == Some(key);
        !has(self.done.as_ref().map(|d| &d.0))
            && !has(self.running.as_ref().map(|r| &r.0))
            && !has(self.failed.as_ref().map(|f| &f.0))
    }

    /// Starts computing the value of `key` with `work` on a new thread, replacing any computation
    /// under way. The thread asks `ctx` for a repaint when it is done.
    pub fn start(&mut self, ctx: &egui::Context, key: K, work: impl FnOnce() -> T + Send + 'static) {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name(format!("feltsense-{}", self.name)).spawn(move || {
            let value = work();
            // The receiver is gone when the inputs changed meanwhile: nobody wants this value.
            if tx.send(value).is_ok() {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => {
                self.failed = None;
                self.running = Some((key, rx));
            }
            Err(e) => {
                self.running = None;
                self.failed = Some((key, JobFailed::NotStarted(self.name, e)));
            }
        }
    }

    /// Stores a value computed on the spot (e.g. from an in-memory journal).
    pub fn set(&mut self, key: K, value: T) {
        self.running = None;
        self.failed = None;
        self.done = Some((key, value));
    }

    /// True while a computation runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The last finished value and its key, possibly for older inputs than the ones asked for
    /// last.
    pub fn latest(&self) -> Option<(&K, &T)> {
        self.done.as_ref().map(|(k, v)| (k, v))
    }

    /// The finished value for exactly `key`.
    pub fn get(&self, key: &K) -> Option<&T> {
        self.done.as_ref().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Why the computation for the latest key failed, if it did.
    pub fn error(&self) -> Option<&JobFailed> {
        self.failed.as_ref().map(|(_, e)| e)
    }
}

impl<P: Clone + PartialEq + Send + 'static, T: Send + 'static> Job<(u64, P), T> {
    /// Makes sure the value of `compute(entries, params)` for this data generation and these
    /// parameters is there or being computed; polls first. Cheap when nothing changed.
    pub fn request(&mut self, ctx: &egui::Context, data: &Data, params: &P, compute: fn(&[Entry], &P) -> T) {
        self.poll();
        let key = (data.generation, params.clone());
        if self.needs(&key) {
            let entries = Arc::clone(&data.entries);
            let params = params.clone();
            self.start(ctx, key, move || compute(&entries, &params));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    fn count_and_double(entries: &[Entry], factor: &usize) -> usize {
        CALLS.fetch_add(1, Ordering::SeqCst);
        entries.len() * factor
    }

    fn wait<K: Clone + PartialEq, T: Send + 'static>(job: &mut Job<K, T>) {
        let start = Instant::now();
        while job.is_running() {
            job.poll();
            assert!(start.elapsed() < Duration::from_secs(20), "the job did not finish");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn computes_once_per_generation_and_parameters() {
        let ctx = egui::Context::default();
        let entries = Arc::new(vec![Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset()); 3]);
        let data = Data { generation: 1, entries };
        let mut job: Job<(u64, usize), usize> = Job::new("test");
        let before = CALLS.load(Ordering::SeqCst);
        job.request(&ctx, &data, &2, count_and_double);
        // Asking again while it runs starts nothing new.
        job.request(&ctx, &data, &2, count_and_double);
        wait(&mut job);
        assert_eq!(job.get(&(1, 2)), Some(&6));
        // Asking again when it is done starts nothing either.
        job.request(&ctx, &data, &2, count_and_double);
        assert!(!job.is_running());
        assert_eq!(CALLS.load(Ordering::SeqCst) - before, 1);

        // New parameters: computed again; the old value stays visible until then.
        job.request(&ctx, &data, &5, count_and_double);
        assert!(job.is_running());
        assert_eq!(job.latest().map(|(k, v)| (*k, *v)), Some(((1, 2), 6)));
        wait(&mut job);
        assert_eq!(job.get(&(1, 5)), Some(&15));
        assert_eq!(job.get(&(1, 2)), None);

        // A new generation: computed again.
        let data = Data { generation: 2, entries: Arc::new(Vec::new()) };
        job.request(&ctx, &data, &5, count_and_double);
        wait(&mut job);
        assert_eq!(job.get(&(2, 5)), Some(&0));
        assert_eq!(CALLS.load(Ordering::SeqCst) - before, 3);
    }

    #[test]
    fn a_superseded_result_is_dropped() {
        let ctx = egui::Context::default();
        let mut job: Job<u32, u32> = Job::new("test");
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        job.start(&ctx, 1, move || {
            // Finishes only after the second job started.
            release_rx.recv().ok();
            1
        });
        job.start(&ctx, 2, || 2);
        release_tx.send(()).expect("the first job waits");
        wait(&mut job);
        assert_eq!(job.latest().map(|(k, v)| (*k, *v)), Some((2, 2)));
        assert!(!job.needs(&2));
        assert!(job.needs(&1));
    }

    #[test]
    fn a_panicking_job_reports_an_error_and_is_not_retried_every_frame() {
        let ctx = egui::Context::default();
        let mut job: Job<u32, u32> = Job::new("test");
        job.start(&ctx, 7, || panic!("boom"));
        wait(&mut job);
        let e = job.error().expect("an error");
        assert_eq!(e.describe(Lang::En), "the test computation stopped unexpectedly");
        assert_eq!(e.describe(Lang::Nl), "de berekening test is onverwacht gestopt");
        assert!(!job.needs(&7));
        assert!(job.needs(&8));
    }

    #[test]
    fn set_stores_a_value_at_once() {
        let mut job: Job<u32, &str> = Job::new("test");
        assert!(job.needs(&1));
        job.set(1, "one");
        assert_eq!(job.get(&1), Some(&"one"));
        assert!(!job.is_running());
    }
}
