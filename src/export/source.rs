//! Where a whole-journal export reads its entries: page by page, in the journal's order, so the
//! export itself never holds the journal (or a copy of it) in memory.
//!
//! A [`Source`] is the journal ([`Store`], read in pages with keyset paging) or entries already
//! in memory (a slice: the window's snapshot, a test's list). Both hand out pages in the store's
//! order: by instant in whole seconds, then row id. The files order entries by exact instant,
//! then id ([`file_order`]); [`InOrder`] turns the one into the other while holding only the
//! entries of one second.
//!
//! An export reports its progress and can be stopped through [`Progress`]: the window shows
//! "entries done of total" and a Cancel button with it; the command line passes [`Quiet`].

use std::cmp::Ordering;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};

use super::files::ExportError;
use crate::analysis::common::DateRange;
use crate::model::Entry;
use crate::store::{EntryFilter, Store};

/// How many entries a page of a [`Source`] holds.
pub const PAGE: usize = 1000;

/// The order of the entries in every export file: by exact instant, then id.
pub fn file_order(a: &Entry, b: &Entry) -> Ordering {
    a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid))
}

/// Entries an export reads, in pages.
pub trait Source {
    /// How many entries fall on `days` (local dates, inclusive).
    fn count(&self, days: DateRange) -> Result<usize, ExportError>;

    /// Hands the entries of `days` to `each` in pages of at most [`PAGE`], in the store's order (by
    /// instant in whole seconds, then row id). An error from `each` stops the reading.
    fn pages(
        &self,
        days: DateRange,
        each: &mut dyn FnMut(Vec<Entry>) -> Result<(), ExportError>,
    ) -> Result<(), ExportError>;

    /// The local date of the first entry of `days` (in the store's order), if any.
    fn first_day(&self, days: DateRange) -> Result<Option<chrono::NaiveDate>, ExportError> {
        let mut first = None;
        let read = self.pages(days, &mut |page| {
            first = page.first().map(|e| e.at.date_naive());
            // Stop after the first page.
            Err(ExportError::Cancelled)
        });
        match (read, first) {
            (Ok(()), _) | (Err(ExportError::Cancelled), _) => Ok(first),
            (Err(e), _) => Err(e),
        }
    }
}

impl Source for [Entry] {
    fn count(&self, days: DateRange) -> Result<usize, ExportError> {
        Ok(self.iter().filter(|e| days.contains(e.at.date_naive())).count())
    }

    fn pages(
        &self,
        days: DateRange,
        each: &mut dyn FnMut(Vec<Entry>) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        // Entries in memory may come in any order (a test's list); the store's order is cheap to
        // restore without copying them.
        let mut picked: Vec<&Entry> = self.iter().filter(|e| days.contains(e.at.date_naive())).collect();
        if !picked.is_sorted_by_key(|e| e.at.timestamp()) {
            picked.sort_by_key(|e| (e.at.timestamp(), e.id));
        }
        for chunk in picked.chunks(PAGE) {
            each(chunk.iter().map(|&e| e.clone()).collect())?;
        }
        Ok(())
    }
}

impl Source for Vec<Entry> {
    fn count(&self, days: DateRange) -> Result<usize, ExportError> {
        self.as_slice().count(days)
    }

    fn pages(
        &self,
        days: DateRange,
        each: &mut dyn FnMut(Vec<Entry>) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.as_slice().pages(days, each)
    }
}

fn filter(days: DateRange) -> EntryFilter {
    EntryFilter { from: days.from, to: days.to, ..EntryFilter::default() }
}

impl Source for Store {
    fn count(&self, days: DateRange) -> Result<usize, ExportError> {
        self.count_matching(&filter(days)).map_err(ExportError::Journal)
    }

    fn pages(
        &self,
        days: DateRange,
        each: &mut dyn FnMut(Vec<Entry>) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.for_each_page_chronological::<ExportError>(&filter(days), PAGE, each)
    }
}

/// Hands the entries of `days` to `each` one at a time in [`file_order`], holding at most one
/// page and the entries of one second.
pub fn each_entry(
    source: &(impl Source + ?Sized),
    days: DateRange,
    mut each: impl FnMut(&Entry) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut order = InOrder::default();
    source.pages(days, &mut |page| {
        for e in page {
            order.push(e, &mut each)?;
        }
        Ok(())
    })?;
    order.finish(&mut each)
}

/// The entries of `days`, oldest first (for the analyses a report needs; the export files never
/// collect them).
pub fn collect(source: &(impl Source + ?Sized), days: DateRange) -> Result<Vec<Entry>, ExportError> {
    let mut all = Vec::new();
    source.pages(days, &mut |mut page| {
        all.append(&mut page);
        Ok(())
    })?;
    all.shrink_to_fit();
    Ok(all)
}

/// Puts entries that arrive in the store's order (by instant in whole seconds, then row id) into
/// [`file_order`], holding only the entries of one second: a later page may hold an entry of the
/// same second that sorts before them.
#[derive(Debug, Default)]
pub struct InOrder {
    held: Vec<Entry>,
}

impl InOrder {
    /// Takes the next entry in the store's order; hands `out` those that can go.
    pub fn push<E>(&mut self, e: Entry, out: &mut impl FnMut(&Entry) -> Result<(), E>) -> Result<(), E> {
        if self.held.last().is_some_and(|h| h.at.timestamp() != e.at.timestamp()) {
            self.flush(out)?;
        }
        self.held.push(e);
        Ok(())
    }

    /// Hands `out` the entries still held (after the last one).
    pub fn finish<E>(&mut self, out: &mut impl FnMut(&Entry) -> Result<(), E>) -> Result<(), E> {
        self.flush(out)
    }

    fn flush<E>(&mut self, out: &mut impl FnMut(&Entry) -> Result<(), E>) -> Result<(), E> {
        self.held.sort_by(file_order);
        for e in self.held.drain(..) {
            out(&e)?;
        }
        Ok(())
    }
}

/// Told how far an export or import has come; says whether to go on.
pub trait Progress {
    /// `done` of `total` entries are written (or read); false stops the work, which then leaves
    /// nothing behind.
    fn step(&mut self, done: usize, total: usize) -> bool;
}

/// No progress to show and never stopped (the command line).
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn step(&mut self, _done: usize, _total: usize) -> bool {
        true
    }
}

impl<F: FnMut(usize, usize) -> bool> Progress for F {
    fn step(&mut self, done: usize, total: usize) -> bool {
        self(done, total)
    }
}

/// Progress shared between the thread that exports or imports and the window that shows it:
/// how many entries are done of how many, and a stop the window can ask for. The working thread
/// passes `&mut &*job` as its [`Progress`]; the window reads [`Tracker::progress`] each frame and
/// calls [`Tracker::cancel`].
#[derive(Debug, Default)]
pub struct Tracker {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl Tracker {
    /// A job with nothing done yet.
    pub fn new() -> Arc<Tracker> {
        Arc::new(Tracker::default())
    }

    /// Entries done and in all, as last told.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.load(AtomicOrdering::Relaxed), self.total.load(AtomicOrdering::Relaxed))
    }

    /// Asks the work to stop (it then leaves nothing behind).
    pub fn cancel(&self) {
        self.cancelled.store(true, AtomicOrdering::Relaxed);
    }

    /// True once [`Tracker::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(AtomicOrdering::Relaxed)
    }
}

/// Two trackers are the same one (one shared state), not two with equal counts.
impl PartialEq for Tracker {
    fn eq(&self, other: &Tracker) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Progress for &Tracker {
    fn step(&mut self, done: usize, total: usize) -> bool {
        self.total.store(total, AtomicOrdering::Relaxed);
        self.done.store(done, AtomicOrdering::Relaxed);
        !self.is_cancelled()
    }
}

/// Counts entries and tells a [`Progress`] every so often (each [`Counter::EVERY`] entries and at
/// the end); a stop becomes [`ExportError::Cancelled`].
pub struct Counter<'p> {
    progress: &'p mut dyn Progress,
    /// How many entries in all.
    pub total: usize,
    /// How many are done.
    pub done: usize,
}

impl<'p> Counter<'p> {
    /// How often the progress is told.
    pub const EVERY: usize = 200;

    /// A counter of `total` entries; tells `progress` that none is done yet.
    pub fn new(progress: &'p mut dyn Progress, total: usize) -> Result<Counter<'p>, ExportError> {
        let c = Counter { progress, total, done: 0 };
        if c.progress.step(0, total) { Ok(c) } else { Err(ExportError::Cancelled) }
    }

    /// One more entry is done.
    pub fn one(&mut self) -> Result<(), ExportError> {
        self.done += 1;
        if self.done.is_multiple_of(Self::EVERY) && !self.progress.step(self.done, self.total.max(self.done)) {
            return Err(ExportError::Cancelled);
        }
        Ok(())
    }

    /// All are done (asked once more, so a stop at the very end still leaves nothing behind).
    pub fn end(&mut self) -> Result<(), ExportError> {
        if self.progress.step(self.done, self.total.max(self.done)) { Ok(()) } else { Err(ExportError::Cancelled) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(secs: i64, millis: i64, uid: &str, id: i64) -> Entry {
        let base = chrono::DateTime::parse_from_rfc3339("2026-11-20T08:00:00+01:00").expect("time");
        let mut e = Entry::new(base + chrono::Duration::seconds(secs) + chrono::Duration::milliseconds(millis));
        e.uid = uid.into();
        e.id = Some(crate::model::EntryId(id));
        e
    }

    #[test]
    fn pages_in_the_store_order_come_out_in_the_file_order() {
        // The store's order: by whole second, then row id.
        let list = vec![entry(0, 900, "b", 1), entry(0, 100, "z", 2), entry(0, 100, "a", 3), entry(1, 0, "c", 4)];
        let mut want: Vec<&Entry> = list.iter().collect();
        want.sort_by(|a, b| file_order(a, b));
        let want: Vec<String> = want.iter().map(|e| e.uid.clone()).collect();
        for page in [1, 2, 3, 10] {
            let mut order = InOrder::default();
            let mut got = Vec::new();
            let mut out = |e: &Entry| -> Result<(), ()> {
                got.push(e.uid.clone());
                Ok(())
            };
            for chunk in list.chunks(page) {
                for e in chunk {
                    order.push(e.clone(), &mut out).expect("push");
                }
            }
            order.finish(&mut out).expect("finish");
            assert_eq!(got, want, "page size {page}");
        }
        // A slice in any order gives the same.
        let mut shuffled = list.clone();
        shuffled.reverse();
        let mut got = Vec::new();
        each_entry(shuffled.as_slice(), DateRange::ALL, |e| {
            got.push(e.uid.clone());
            Ok(())
        })
        .expect("each");
        assert_eq!(got, want);
    }

    #[test]
    fn a_counter_turns_a_stop_into_cancelled() {
        let mut seen = Vec::new();
        let mut stop_at_400 = |done: usize, total: usize| {
            seen.push((done, total));
            done < 400
        };
        let mut c = Counter::new(&mut stop_at_400, 1000).expect("start");
        let mut result = Ok(());
        for _ in 0..1000 {
            result = c.one();
            if result.is_err() {
                break;
            }
        }
        assert!(matches!(result, Err(ExportError::Cancelled)));
        assert_eq!(c.done, 400);
        assert_eq!(seen, [(0, 1000), (200, 1000), (400, 1000)]);
    }
}
