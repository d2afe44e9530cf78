//! The job skeleton the Insights sub-views share: an analysis computed on a background thread
//! for `(data generation, parameters)`, its spinner or error, and the last answer kept on screen
//! until the new one arrives; and, for the sub-views with a period, the period chooser in front.

use egui::Ui;

use super::{Cx, RangeChoice, computing, computing_text, range_or_error};
use crate::analysis::DateRange;
use crate::model::{Describe, Entry, Lang};
use crate::ui::jobs::Job;

/// The key an answer was computed for: the data generation and the parameters.
pub(super) type Key<P> = (u64, P);

/// One analysis of a sub-view: `compute(entries, parameters)` on a background [`Job`], started
/// only when the generation or the parameters changed (never per frame). A stale answer (older
/// key) stays readable through [`Analysis::latest`] so the view does not flicker, and
/// [`Analysis::get`] gives only the answer for exactly the key asked.
#[derive(Debug)]
pub(super) struct Analysis<P, T> {
    job: Job<Key<P>, T>,
    compute: fn(&[Entry], &P) -> T,
}

impl<P: Clone + PartialEq + Send + 'static, T: Send + 'static> Analysis<P, T> {
    /// An analysis whose threads are called `feltsense-<name>`.
    pub(super) fn new(name: &'static str, compute: fn(&[Entry], &P) -> T) -> Self {
        Analysis { job: Job::new(name), compute }
    }

    /// True while it computes.
    pub(super) fn is_busy(&self) -> bool {
        self.job.is_running()
    }

    /// Makes sure the answer for `params` and the data on screen is there or on its way.
    pub(super) fn request(&mut self, ui: &Ui, cx: &Cx<'_>, params: &P) {
        self.job.request(ui.ctx(), cx.data, params, self.compute);
    }

    /// A spinner while it computes, or why it failed.
    pub(super) fn status(&self, ui: &mut Ui, lang: Lang) {
        if self.job.is_running() {
            computing(ui, computing_text(lang));
        } else if let Some(e) = self.job.error() {
            ui.colored_label(ui.visuals().error_fg_color, e.describe(lang));
        }
    }

    /// The last answer and its key, possibly for older parameters or data.
    pub(super) fn latest(&self) -> Option<(&Key<P>, &T)> {
        self.job.latest()
    }

    /// The answer for exactly `params` and the data on screen.
    pub(super) fn get(&self, cx: &Cx<'_>, params: P) -> Option<&T> {
        self.job.get(&(cx.data.generation, params))
    }

    /// The usual sequence: asks for `params` (nothing when they are not usable, e.g. typed dates
    /// with a mistake), shows the status, and returns the last answer.
    pub(super) fn show(&mut self, ui: &mut Ui, cx: &Cx<'_>, params: Option<&P>) -> Option<(&Key<P>, &T)> {
        if let Some(p) = params {
            self.request(ui, cx, p);
        }
        self.status(ui, cx.lang);
        self.latest()
    }
}

/// A sub-view over a period: the period chooser and the analysis of the chosen period.
#[derive(Debug)]
pub(super) struct Ranged<T> {
    /// The period chooser.
    pub(super) range: RangeChoice,
    analysis: Analysis<DateRange, T>,
}

impl<T: Send + 'static> Ranged<T> {
    /// Starts on `preset`; the analysis threads are called `feltsense-<name>`.
    pub(super) fn new(preset: super::Preset, name: &'static str, compute: fn(&[Entry], &DateRange) -> T) -> Self {
        Ranged { range: RangeChoice::new(preset), analysis: Analysis::new(name, compute) }
    }

    /// True while it computes.
    pub(super) fn is_busy(&self) -> bool {
        self.analysis.is_busy()
    }

    /// The presets and date fields.
    pub(super) fn choice_ui(&mut self, ui: &mut Ui, lang: Lang) {
        self.range.ui(ui, lang);
    }

    /// Asks for the chosen period's answer (or says why the typed dates are not usable), shows
    /// the status, and returns the last answer.
    pub(super) fn show(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> Option<(&Key<DateRange>, &T)> {
        let range = range_or_error(ui, self.range.range(cx.today, cx.lang));
        self.analysis.show(ui, cx, range.as_ref())
    }

    /// The chooser, then [`Ranged::show`].
    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> Option<(&Key<DateRange>, &T)> {
        self.choice_ui(ui, cx.lang);
        self.show(ui, cx)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use chrono::NaiveDate;

    use super::*;
    use crate::ui::jobs::Data;

    fn count_in(entries: &[Entry], range: &DateRange) -> usize {
        entries.iter().filter(|e| range.contains(e.at.date_naive())).count()
    }

    fn entry(day: u32) -> Entry {
        let at = NaiveDate::from_ymd_opt(2026, 3, day).expect("date").and_hms_opt(9, 0, 0).expect("time");
        Entry::new(at.and_utc().fixed_offset())
    }

    /// Runs one frame (its texture changes are dropped: nothing is painted).
    fn frame(ctx: &egui::Context, f: impl FnMut(&mut Ui)) {
        let mut out = ctx.run_ui(egui::RawInput::default(), f);
        out.textures_delta.clear();
    }

    /// Runs frames until the analysis is idle (its thread answers).
    fn settle(ctx: &egui::Context, ranged: &mut Ranged<usize>, cx: &Cx<'_>) -> Option<(Key<DateRange>, usize)> {
        let start = Instant::now();
        loop {
            let mut out = None;
            frame(ctx, |ui| out = ranged.ui(ui, cx).map(|(k, v)| (*k, *v)));
            if !ranged.is_busy() {
                frame(ctx, |ui| out = ranged.ui(ui, cx).map(|(k, v)| (*k, *v)));
                return out;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the analysis answered");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_period_is_computed_once_and_a_bad_period_keeps_the_last_answer() {
        let ctx = egui::Context::default();
        let data = Data { generation: 4, entries: Arc::new(vec![entry(1), entry(10), entry(14)]) };
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
        let cx = Cx {
            lang: Lang::En,
            today,
            data: &data,
            now: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            zone: crate::model::text::time::Zone::utc(),
            out: std::cell::RefCell::default(),
        };
        let mut ranged = Ranged::new(super::super::Preset::Days7, "test-ranged", count_in);
        let (key, n) = settle(&ctx, &mut ranged, &cx).expect("an answer");
        assert_eq!(key, (4, DateRange::last_days(today, 7)));
        assert_eq!(n, 2);

        // Dates with a mistake: nothing new is computed and the last answer stays.
        ranged.range.preset = super::super::Preset::Custom;
        ranged.range.from = "2026-13-01".into();
        frame(&ctx, |ui| {
            assert_eq!(ranged.ui(ui, &cx).map(|(k, v)| (*k, *v)), Some((key, 2)));
        });
        assert!(!ranged.is_busy());
    }
}
