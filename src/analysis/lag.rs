//! What tension follows after an emotion: the lag analysis.
//!
//! # Definitions
//! - **Check-in**: an entry with at least one tension rating; regions it does not rate count as 0.
//! - **Event of emotion E**: an entry that records E at an intensity of at least
//!   [`LagParams::min_intensity`] (default 5).
//! - **Lag windows** ([`LagWindow`]): 0–6 h, 6–12 h, 12–24 h and 24–48 h after an event, start
//!   included, end excluded, measured between instants (UTC), so a change of UTC offset between
//!   the event and the check-in does not shift anything. A check-in at the very instant of an
//!   event (typically the event's own entry, when it also rates tension) is at lag 0 and belongs to
//!   the 0–6 h window: the tension noticed together with the emotion is part of the response.
//! - **Response** of region R in window W after E: the mean level of R over the check-ins that fall
//!   in W after any event of E. A check-in is counted once per window even when several events
//!   precede it; it can count in several windows (6–12 h after one event and 24–48 h after another).
//! - **Baseline** of R for E: the mean level of R over the check-ins with no event of E in the
//!   preceding 48 h (an event at the same instant counts as preceding). These are exactly the
//!   check-ins that are in no window of any event, so baseline and responses never share a check-in.
//! - **Difference**: response − baseline in points, and in percent of the baseline
//!   (`None` when the baseline is 0).
//! - **n_events** of a cell: the events of E that have at least one check-in in the window
//!   (events followed by no check-in there contribute nothing to the response, so they are not
//!   counted). **n_checkins**: the check-ins in the response. **n_baseline**: those in the baseline.
//! - **Confidence interval**: 95 % interval of the difference by Welch's unequal-variances t test
//!   ([`stats::welch`](super::stats::welch)): response check-ins and baseline check-ins are the
//!   two samples. The same test gives the cell's two-sided p-value. One safeguard: each sample's
//!   variance is taken as at least the variance of both samples combined. Tension data are full of
//!   zeros, and a small window whose few check-ins happen to be all alike (say all 0 in the legs)
//!   would otherwise have a variance of 0 and look certain; under "no link" both samples share one
//!   spread, which the combined variance estimates. This only ever widens the interval.
//! - **Verdict**: a cell is *testable* when it has at least [`LagParams::min_events`] events (5),
//!   at least [`LagParams::min_checkins`] check-ins (10) in the window and as many in the baseline,
//!   and a p-value. The p-values of all testable cells of the analysis (every emotion × region ×
//!   window) are adjusted by Benjamini–Hochberg ([`stats::bh_adjust`](super::stats::bh_adjust)).
//!   [`Verdict::Higher`] / [`Verdict::Lower`] only for a testable cell whose adjusted p-value is at
//!   most [`LagParams::fdr_q`] (10 %) and whose interval lies wholly above / below 0; every other
//!   cell is [`Verdict::NoClearLink`].
//! - **Period**: with [`LagParams::range`] set, entries outside it are ignored altogether (as events
//!   and as check-ins).
//!
//! These are associations in the person's own data, not proof of cause.
//!
//! # Speed
//! Check-ins are flattened once into sorted instants and level arrays; per emotion, a two-pointer
//! sweep over the sorted event instants assigns every check-in to its windows in linear time, and
//! sums and sums of squares per region give means and variances exactly (levels are integers).

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize, Serializer};

use super::common::{DateRange, format_number, format_signed, time_order};
use super::stats::{Sample, Welch, bh_adjust, welch};
use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Level, Region, emotion_name};

const HOUR: i64 = 3600;

/// How far back an event keeps a check-in out of the baseline, in hours (the end of the last
/// window).
pub const BASELINE_EXCLUSION_HOURS: i64 = 48;

/// Default [`LagParams::min_intensity`].
pub const DEFAULT_MIN_INTENSITY: u8 = 5;
const DEFAULT_LEVEL: Level = match Level::new(DEFAULT_MIN_INTENSITY) {
    Some(l) => l,
    None => Level::MAX,
};
/// Default [`LagParams::fdr_q`]: the false discovery rate is controlled at 10 %.
pub const DEFAULT_FDR_Q: f64 = 0.10;
/// Default [`LagParams::min_events`].
pub const DEFAULT_MIN_EVENTS: usize = 5;
/// Default [`LagParams::min_checkins`].
pub const DEFAULT_MIN_CHECKINS: usize = 10;

/// A time window after an event, start included and end excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LagWindow {
    /// From the event up to 6 hours later.
    H0To6,
    /// From 6 up to 12 hours after the event.
    H6To12,
    /// From 12 up to 24 hours after the event.
    H12To24,
    /// From 24 up to 48 hours after the event.
    H24To48,
}

impl LagWindow {
    /// All windows, earliest first; [`LagWindow::index`] is the position here.
    pub const ALL: [LagWindow; 4] = [LagWindow::H0To6, LagWindow::H6To12, LagWindow::H12To24, LagWindow::H24To48];

    /// Start (included) and end (excluded) in hours after the event.
    pub fn hours(self) -> (i64, i64) {
        match self {
            LagWindow::H0To6 => (0, 6),
            LagWindow::H6To12 => (6, 12),
            LagWindow::H12To24 => (12, 24),
            LagWindow::H24To48 => (24, 48),
        }
    }

    /// Position in [`LagWindow::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Stable code used in JSON output: `0-6h`, `6-12h`, `12-24h`, `24-48h`.
    pub fn code(self) -> &'static str {
        match self {
            LagWindow::H0To6 => "0-6h",
            LagWindow::H6To12 => "6-12h",
            LagWindow::H12To24 => "12-24h",
            LagWindow::H24To48 => "24-48h",
        }
    }

    /// Looks a window up by its code.
    pub fn from_code(code: &str) -> Option<LagWindow> {
        LagWindow::ALL.into_iter().find(|w| w.code() == code)
    }

    /// A short label such as "6–12 h" / "6–12 uur".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LagWindow::H0To6 => lang.pick("0–6 h", "0–6 uur"),
            LagWindow::H6To12 => lang.pick("6–12 h", "6–12 uur"),
            LagWindow::H12To24 => lang.pick("12–24 h", "12–24 uur"),
            LagWindow::H24To48 => lang.pick("24–48 h", "24–48 uur"),
        }
    }

    /// True when a check-in `dt` seconds after an event lies in this window.
    fn contains_secs(self, dt: i64) -> bool {
        let (s, e) = self.hours();
        dt >= s * HOUR && dt < e * HOUR
    }
}

impl Serialize for LagWindow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The conclusion for one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Tension is clearly higher than the baseline in this window.
    Higher,
    /// Tension is clearly lower than the baseline in this window.
    Lower,
    /// Not enough data, an interval that includes 0, or a difference that may be chance.
    NoClearLink,
}

impl Verdict {
    /// A short label: "higher" / "hoger", "lower" / "lager", "no clear link" / "geen duidelijk verband".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Higher => lang.pick("higher", "hoger"),
            Verdict::Lower => lang.pick("lower", "lager"),
            Verdict::NoClearLink => lang.pick("no clear link", "geen duidelijk verband"),
        }
    }
}

/// The settings of a lag analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LagParams {
    /// An emotion at this intensity or more is an event (default 5).
    pub min_intensity: Level,
    /// The false discovery rate controlled by Benjamini–Hochberg (default 0.10).
    pub fdr_q: f64,
    /// Only entries whose local date lies here are used (default: all).
    pub range: DateRange,
    /// Fewer events with a check-in in the window → no clear link (default 5).
    pub min_events: usize,
    /// Fewer check-ins in the window (or in the baseline) → no clear link (default 10).
    pub min_checkins: usize,
}

impl Default for LagParams {
    fn default() -> LagParams {
        LagParams {
            min_intensity: DEFAULT_LEVEL,
            fdr_q: DEFAULT_FDR_Q,
            range: DateRange::ALL,
            min_events: DEFAULT_MIN_EVENTS,
            min_checkins: DEFAULT_MIN_CHECKINS,
        }
    }
}

/// One emotion × region × window result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagCell {
    /// Emotion code (built-in or custom).
    pub emotion: String,
    /// The region.
    pub region: Region,
    /// The window after the events.
    pub window: LagWindow,
    /// Mean level over the baseline check-ins; `None` without any.
    #[serde(serialize_with = "round_opt")]
    pub baseline: Option<f64>,
    /// Mean level over the check-ins in the window; `None` without any.
    #[serde(serialize_with = "round_opt")]
    pub response: Option<f64>,
    /// `response − baseline` in points.
    #[serde(serialize_with = "round_opt")]
    pub diff_points: Option<f64>,
    /// The difference in percent of the baseline; `None` when the baseline is 0 or missing.
    #[serde(serialize_with = "round_opt")]
    pub diff_percent: Option<f64>,
    /// Events with at least one check-in in the window.
    pub n_events: usize,
    /// Check-ins in the window (the response sample).
    pub n_checkins: usize,
    /// Check-ins in the baseline.
    pub n_baseline: usize,
    /// Lower end of the 95 % Welch interval of the difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % Welch interval of the difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_high: Option<f64>,
    /// Two-sided Welch p-value; `None` when either sample has fewer than 2 check-ins.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted p-value over all testable cells; `None` when not testable.
    pub q_value: Option<f64>,
    /// The conclusion.
    pub verdict: Verdict,
}

/// How many events one emotion has in the analysed period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmotionEvents {
    /// Emotion code.
    pub emotion: String,
    /// Entries recording it at the threshold intensity or more.
    pub n_events: usize,
    /// Check-ins in its baseline (no event in the preceding 48 h).
    pub n_baseline: usize,
}

/// The full result: every emotion with at least one event × every region × every window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagTable {
    /// The settings used.
    pub params: LagParams,
    /// Check-ins in the period.
    pub n_checkins: usize,
    /// Emotions with at least one event: built-in emotions in [`BUILTIN_EMOTIONS`] order, then
    /// custom ones alphabetically.
    pub emotions: Vec<EmotionEvents>,
    /// Cells grouped by emotion (in [`LagTable::emotions`] order), then by region
    /// ([`Region::ALL`] order), then by window ([`LagWindow::ALL`] order).
    pub cells: Vec<LagCell>,
    /// Number of testable cells that entered the false-discovery-rate control.
    pub n_tested: usize,
}

const CELLS_PER_EMOTION: usize = Region::COUNT * LagWindow::ALL.len();

impl LagTable {
    /// The cells of one emotion (region-major, then window), empty when it has no events.
    pub fn cells_for(&self, emotion: &str) -> &[LagCell] {
        match self.emotions.iter().position(|e| e.emotion == emotion) {
            Some(i) => &self.cells[i * CELLS_PER_EMOTION..(i + 1) * CELLS_PER_EMOTION],
            None => &[],
        }
    }

    /// One cell.
    pub fn cell(&self, emotion: &str, region: Region, window: LagWindow) -> Option<&LagCell> {
        self.cells_for(emotion).get(region.index() * LagWindow::ALL.len() + window.index())
    }
}

/// The check-ins and events of a period, flattened in time order.
struct Prepared {
    /// Instants (Unix seconds) of the check-ins, ascending.
    times: Vec<i64>,
    /// Levels of each check-in.
    levels: Vec<[u8; Region::COUNT]>,
    /// Index in the caller's slice of each check-in.
    check_in_index: Vec<usize>,
    /// Per emotion (in table order): instants and slice indices of its events, ascending.
    events: Vec<(String, Vec<i64>, Vec<usize>)>,
}

fn prepare(entries: &[Entry], params: &LagParams) -> Prepared {
    let mut p = Prepared { times: Vec::new(), levels: Vec::new(), check_in_index: Vec::new(), events: Vec::new() };
    let mut by_code: BTreeMap<&str, (Vec<i64>, Vec<usize>)> = BTreeMap::new();
    for i in time_order(entries) {
        let e = &entries[i];
        if !params.range.contains_entry(e) {
            continue;
        }
        let t = e.at.timestamp();
        if let Some(levels) = e.levels() {
            p.times.push(t);
            p.levels.push(levels);
            p.check_in_index.push(i);
        }
        for em in &e.emotions {
            if em.intensity >= params.min_intensity {
                let slot = by_code.entry(em.code.as_str()).or_default();
                slot.0.push(t);
                slot.1.push(i);
            }
        }
    }
    for info in BUILTIN_EMOTIONS {
        if let Some((t, i)) = by_code.remove(info.code) {
            p.events.push((info.code.to_owned(), t, i));
        }
    }
    for (code, (t, i)) in by_code {
        p.events.push((code.to_owned(), t, i));
    }
    p
}

/// For every check-in, a bit mask of the windows it falls in after any event (bit = window index);
/// 0 means baseline. Two pointers per window sweep the sorted event instants once.
fn window_masks(times: &[i64], events: &[i64]) -> Vec<u8> {
    let mut ptr = [0usize; 4];
    times
        .iter()
        .map(|&t| {
            let mut mask = 0u8;
            for w in LagWindow::ALL {
                let (s, e) = w.hours();
                let p = &mut ptr[w.index()];
                // Count the events at or before t − start.
                while *p < events.len() && events[*p] <= t - s * HOUR {
                    *p += 1;
                }
                // The latest of them lies in the window when it is after t − end.
                if *p > 0 && events[*p - 1] > t - e * HOUR {
                    mask |= 1 << w.index();
                }
            }
            mask
        })
        .collect()
}

/// True when some check-in lies in `window` after an event at `event`.
fn has_check_in(times: &[i64], event: i64, window: LagWindow) -> bool {
    let (s, _) = window.hours();
    let first = times.partition_point(|&t| t < event + s * HOUR);
    times.get(first).is_some_and(|&t| window.contains_secs(t - event))
}

/// Sum and sum of squares per region, and a count.
#[derive(Clone, Copy)]
struct Sums {
    n: usize,
    sum: [u64; Region::COUNT],
    sum_sq: [u64; Region::COUNT],
}

impl Sums {
    const ZERO: Sums = Sums { n: 0, sum: [0; Region::COUNT], sum_sq: [0; Region::COUNT] };

    fn add(&mut self, levels: &[u8; Region::COUNT]) {
        self.n += 1;
        for (i, &v) in levels.iter().enumerate() {
            let v = u64::from(v);
            self.sum[i] += v;
            self.sum_sq[i] += v * v;
        }
    }

    fn sample(&self, region: usize) -> Sample {
        Sample::from_sums(self.n, self.sum[region] as f64, self.sum_sq[region] as f64)
    }

    /// Both sets of check-ins together.
    fn combined(&self, other: &Sums, region: usize) -> Sample {
        Sample::from_sums(
            self.n + other.n,
            (self.sum[region] + other.sum[region]) as f64,
            (self.sum_sq[region] + other.sum_sq[region]) as f64,
        )
    }
}

/// Welch's test of `response − baseline` with each variance floored at the combined variance
/// (see the module docs).
fn floored_welch(response: Sample, baseline: Sample, combined: Sample) -> Option<Welch> {
    let floor = |s: Sample| Sample { var: s.var.max(combined.var), ..s };
    welch(floor(response), floor(baseline), 0.95)
}

/// Runs the lag analysis over `entries` (any order; sorted by `at` is cheapest).
///
/// See the [module docs](self) for every definition. With a 10-year journal (about 15,000
/// entries) this takes a few milliseconds in a release build.
pub fn lag_analysis(entries: &[Entry], params: &LagParams) -> LagTable {
    let prep = prepare(entries, params);
    let mut cells = Vec::with_capacity(prep.events.len() * CELLS_PER_EMOTION);
    let mut emotions = Vec::with_capacity(prep.events.len());
    for (code, ev_times, _) in &prep.events {
        let masks = window_masks(&prep.times, ev_times);
        let mut windows = [Sums::ZERO; 4];
        let mut baseline = Sums::ZERO;
        for (levels, &mask) in prep.levels.iter().zip(&masks) {
            if mask == 0 {
                baseline.add(levels);
            }
            for (w, sums) in windows.iter_mut().enumerate() {
                if mask & (1 << w) != 0 {
                    sums.add(levels);
                }
            }
        }
        let n_events: [usize; 4] = std::array::from_fn(|w| {
            ev_times.iter().filter(|&&t| has_check_in(&prep.times, t, LagWindow::ALL[w])).count()
        });
        emotions.push(EmotionEvents { emotion: code.clone(), n_events: ev_times.len(), n_baseline: baseline.n });
        for region in Region::ALL {
            let r = region.index();
            let base = baseline.sample(r);
            for w in LagWindow::ALL {
                let sums = &windows[w.index()];
                let resp = sums.sample(r);
                let baseline_mean = (base.n > 0).then_some(base.mean);
                let response_mean = (resp.n > 0).then_some(resp.mean);
                let diff = baseline_mean.zip(response_mean).map(|(b, r)| r - b);
                let test = floored_welch(resp, base, sums.combined(&baseline, r));
                cells.push(LagCell {
                    emotion: code.clone(),
                    region,
                    window: w,
                    baseline: baseline_mean,
                    response: response_mean,
                    diff_points: diff,
                    diff_percent: diff.zip(baseline_mean).and_then(|(d, b)| (b > 0.0).then(|| d / b * 100.0)),
                    n_events: n_events[w.index()],
                    n_checkins: resp.n,
                    n_baseline: base.n,
                    ci95_low: test.map(|t| t.ci_low),
                    ci95_high: test.map(|t| t.ci_high),
                    p_value: test.map(|t| t.p_value),
                    q_value: None,
                    verdict: Verdict::NoClearLink,
                });
            }
        }
    }

    // False discovery rate control over every testable cell.
    let testable: Vec<usize> = (0..cells.len())
        .filter(|&i| {
            let c = &cells[i];
            c.p_value.is_some()
                && c.n_events >= params.min_events
                && c.n_checkins >= params.min_checkins
                && c.n_baseline >= params.min_checkins
        })
        .collect();
    let p: Vec<f64> = testable.iter().map(|&i| cells[i].p_value.unwrap_or(1.0)).collect();
    for (&i, q) in testable.iter().zip(bh_adjust(&p)) {
        let c = &mut cells[i];
        c.q_value = Some(q);
        if q <= params.fdr_q {
            c.verdict = match (c.ci95_low, c.ci95_high) {
                (Some(lo), _) if lo > 0.0 => Verdict::Higher,
                (_, Some(hi)) if hi < 0.0 => Verdict::Lower,
                _ => Verdict::NoClearLink,
            };
        }
    }
    LagTable { params: params.clone(), n_checkins: prep.times.len(), emotions, cells, n_tested: testable.len() }
}

/// The entries behind one cell, as indices into the `entries` slice given, in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CellEntries {
    /// Events of the emotion with at least one check-in in the window (`n_events` of the cell).
    pub events: Vec<usize>,
    /// Check-ins in the window after any of those events (`n_checkins` of the cell).
    pub check_ins: Vec<usize>,
}

/// The events and check-ins behind the cells of `emotion` in `window`, for a drill-down list.
///
/// The same for every region: all regions of a check-in are used. Pass the same `entries` and
/// `params` as to [`lag_analysis`]; the counts then equal the cell's `n_events` and `n_checkins`.
pub fn cell_entries(entries: &[Entry], params: &LagParams, emotion: &str, window: LagWindow) -> CellEntries {
    let prep = prepare(entries, params);
    let Some((_, ev_times, ev_index)) = prep.events.iter().find(|(c, _, _)| c == emotion) else {
        return CellEntries::default();
    };
    let events = ev_times
        .iter()
        .zip(ev_index)
        .filter(|&(&t, _)| has_check_in(&prep.times, t, window))
        .map(|(_, &i)| i)
        .collect();
    let bit = 1u8 << window.index();
    let check_ins = window_masks(&prep.times, ev_times)
        .iter()
        .zip(&prep.check_in_index)
        .filter(|&(&m, _)| m & bit != 0)
        .map(|(_, &i)| i)
        .collect();
    CellEntries { events, check_ins }
}

/// Rounds to 4 decimals for JSON output, keeping `null` for `None`.
fn round_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_some(&((x * 10_000.0).round() / 10_000.0)),
        _ => s.serialize_none(),
    }
}

/// Writes the cells as a JSON array with one object per emotion × region × window (keys
/// `emotion`, `region`, `window`, `baseline`, `response`, `diff_points`, `diff_percent`,
/// `n_events`, `n_checkins`, `n_baseline`, `ci95_low`, `ci95_high`, `p_value`, `q_value`,
/// `verdict`), for `feltsense insights --format json`.
pub fn write_json(table: &LagTable, mut w: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut w, &table.cells)?;
    writeln!(w)
}

/// A readable text version of the table for `feltsense insights --format table`: per emotion, a
/// grid of region × window with the difference from the baseline in points, marked ▲ (higher) or
/// ▼ (lower) where there is a clear link.
pub fn format_table(table: &LagTable, lang: Lang) -> String {
    const COL: usize = 11;
    let mut out = String::new();
    out += lang.pick(
        "Tension after an emotion: difference from the baseline in points (▲ higher, ▼ lower; unmarked: no clear link).\n",
        "Spanning na een emotie: verschil met de basislijn in punten (▲ hoger, ▼ lager; zonder teken: geen duidelijk verband).\n",
    );
    out += lang.pick(
        "These are associations in your own data, not proof of cause.\n",
        "Dit zijn verbanden in je eigen gegevens, geen bewijs van oorzaak.\n",
    );
    out += &format!(
        "{} check-ins, {} {}\n",
        table.n_checkins,
        lang.pick("events at intensity ≥", "gebeurtenissen bij intensiteit ≥"),
        table.params.min_intensity
    );
    if table.emotions.is_empty() {
        out += lang.pick("\nNo events in this period.\n", "\nGeen gebeurtenissen in deze periode.\n");
        return out;
    }
    let name_width = Region::ALL.iter().map(|r| r.name(lang).chars().count()).max().unwrap_or(10) + 2;
    for ev in &table.emotions {
        let cells = table.cells_for(&ev.emotion);
        out += &format!(
            "\n{} — {} {}\n",
            emotion_name(&ev.emotion, lang),
            ev.n_events,
            lang.pick("events", "gebeurtenissen")
        );
        // Header, then the check-in and event counts per window (the same for every region).
        out += &format!("{:<name_width$}{:>COL$}", "", lang.pick("baseline", "basislijn"));
        for w in LagWindow::ALL {
            out += &format!("{:>COL$}", w.label(lang));
        }
        out += &format!("\n{:<name_width$}{:>COL$}", "check-ins", ev.n_baseline);
        for c in &cells[..LagWindow::ALL.len()] {
            out += &format!("{:>COL$}", c.n_checkins);
        }
        out += &format!("\n{:<name_width$}{:>COL$}", lang.pick("events", "gebeurtenissen"), "");
        for c in &cells[..LagWindow::ALL.len()] {
            out += &format!("{:>COL$}", c.n_events);
        }
        out.push('\n');
        for (region, row) in Region::ALL.iter().zip(cells.chunks(LagWindow::ALL.len())) {
            let base = row[0].baseline.map_or_else(|| "–".to_owned(), |b| format_number(b, 1, lang));
            out += &format!("{:<name_width$}{base:>COL$}", region.name(lang));
            for c in row {
                let text = match c.diff_points {
                    None => "–".to_owned(),
                    Some(d) => {
                        let mark = match c.verdict {
                            Verdict::Higher => " ▲",
                            Verdict::Lower => " ▼",
                            Verdict::NoClearLink => "  ",
                        };
                        // A clear but tiny difference would read "0.0 ▼": show it with 2 decimals.
                        let decimals = if c.verdict != Verdict::NoClearLink && d.abs() < 0.05 { 2 } else { 1 };
                        format!("{}{mark}", format_signed(d, decimals, lang))
                    }
                };
                out += &format!("{text:>COL$}");
            }
            out.push('\n');
        }
    }
    out
}

/// The "how is this computed?" text for the lag analysis, in English or Dutch.
pub fn how_computed(lang: Lang) -> &'static str {
    lang.pick(HOW_EN, HOW_NL)
}

const HOW_EN: &str = "\
How is this computed?

• Check-in: an entry with at least one tension rating. Regions it does not rate count as 0.
• Event: an entry that records the emotion at or above the chosen intensity (5 by default).
• Windows: 0–6, 6–12, 12–24 and 24–48 hours after an event; the end hour is not included. An entry that records the emotion and rates tension at the same moment counts in the 0–6 hour window.
• Response: the mean tension of a region over the check-ins that fall in the window after any event of the emotion. A check-in counts once per window, even after several events.
• Baseline: the mean tension of the region over the check-ins with no event of the emotion in the 48 hours before them.
• Difference: response minus baseline, in points and in percent of the baseline (points only when the baseline is 0). Events are counted when at least one check-in follows them in the window.
• Uncertainty: a 95 % confidence interval of the difference by Welch's t test, which does not assume that both groups vary equally. So that a few check-ins that happen to be all alike (say all 0) do not look certain, each group's spread is taken as at least the spread of both groups together.
• Chance: with hundreds of emotion × region × window combinations, some would look like links by pure chance. So the p-values of all combinations that can be tested are adjusted together (Benjamini–Hochberg), keeping the expected share of false findings at 10 %.
• Verdict: \"higher\" or \"lower\" only when the interval does not include 0, there are at least 5 events and 10 check-ins in the window (and 10 in the baseline), and the combination passes the 10 % false-discovery check. Everything else is \"no clear link\".

These are associations in your own data, not proof that the emotion causes the tension: other things, such as the time of day, the day of the week, sleep or work, can affect both.";

const HOW_NL: &str = "\
Hoe wordt dit berekend?

• Check-in: een registratie met minstens één spanningsscore. Gebieden zonder score tellen als 0.
• Gebeurtenis: een registratie waarin de emotie voorkomt met de gekozen intensiteit of hoger (standaard 5).
• Tijdvakken: 0–6, 6–12, 12–24 en 24–48 uur na een gebeurtenis; het einduur telt niet mee. Een registratie met de emotie én spanningsscores op hetzelfde moment telt mee in het vak 0–6 uur.
• Reactie: de gemiddelde spanning in een gebied over de check-ins die in het tijdvak na een gebeurtenis van de emotie vallen. Een check-in telt één keer per tijdvak, ook na meerdere gebeurtenissen.
• Basislijn: de gemiddelde spanning in het gebied over de check-ins zonder gebeurtenis van de emotie in de 48 uur ervoor.
• Verschil: reactie min basislijn, in punten en in procenten van de basislijn (alleen punten als de basislijn 0 is). Een gebeurtenis telt mee als er in het tijdvak minstens één check-in op volgt.
• Onzekerheid: een 95%-betrouwbaarheidsinterval van het verschil volgens de t-toets van Welch, die niet aanneemt dat beide groepen even sterk variëren. Zodat een paar check-ins die toevallig allemaal gelijk zijn (bijvoorbeeld allemaal 0) niet zeker lijken, telt voor elke groep minstens de spreiding van beide groepen samen.
• Toeval: bij honderden combinaties van emotie × gebied × tijdvak lijken er altijd een paar verbanden te zijn die puur toeval zijn. Daarom worden de p-waarden van alle toetsbare combinaties samen gecorrigeerd (Benjamini–Hochberg), zodat naar verwachting hooguit 10 % van de gevonden verbanden vals is.
• Oordeel: alleen \"hoger\" of \"lager\" als het interval de 0 niet bevat, er minstens 5 gebeurtenissen en 10 check-ins in het tijdvak zijn (en 10 in de basislijn) en de combinatie de 10%-controle op valse vondsten doorstaat. Al het andere is \"geen duidelijk verband\".

Dit zijn verbanden in je eigen gegevens, geen bewijs dat de emotie de spanning veroorzaakt: andere dingen, zoals het tijdstip, de dag van de week, slaap of werk, kunnen zowel de emotie als de spanning beïnvloeden.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, t};
    use crate::analysis::stats::{t_quantile, t_two_sided_p};
    use crate::model::Region::{Jaw, Neck};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Hours are counted from Monday 2025-01-06 00:00 +01:00.
    ///
    /// Anxiety events: E1 at 100 h (intensity 7) and E2 at 104 h (intensity 5); an anxiety of 4 at
    /// 50 h is below the threshold. Check-ins (neck unless noted) and their lags:
    ///
    /// | index | hour | neck | after E1 | after E2 | windows        |
    /// |-------|------|------|----------|----------|----------------|
    /// | 0     | 10   | 2    | –        | –        | baseline       |
    /// | 1     | 20   | 3    | –        | –        | baseline       |
    /// | 2     | 30   | 1    | –        | –        | baseline       |
    /// | 4     | 60   | 0    | –        | –        | baseline (jaw 3) |
    /// | 6     | 100  | 4    | 0        | –        | 0–6            |
    /// | 7     | 103  | 6    | 3        | –        | 0–6            |
    /// | 9     | 106  | 8    | 6        | 2        | 0–6, 6–12      |
    /// | 10    | 112  | 2    | 12       | 8        | 6–12, 12–24    |
    /// | 11    | 148  | 1    | 48       | 44       | 24–48          |
    /// | 12    | 160  | 5    | 60       | 56       | baseline       |
    fn small_journal() -> Vec<Entry> {
        vec![
            check_in(10, &[(Neck, 2)]),
            check_in(20, &[(Neck, 3)]),
            check_in(30, &[(Neck, 1)]),
            feeling(50, "anxiety", 4),
            check_in(60, &[(Jaw, 3)]),
            feeling(100, "anxiety", 7),
            check_in(100, &[(Neck, 4)]),
            check_in(103, &[(Neck, 6)]),
            feeling(104, "anxiety", 5),
            check_in(106, &[(Neck, 8)]),
            check_in(112, &[(Neck, 2)]),
            check_in(148, &[(Neck, 1)]),
            check_in(160, &[(Neck, 5)]),
        ]
    }

    #[test]
    fn responses_baselines_and_counts_by_hand() {
        let table = lag_analysis(&small_journal(), &LagParams::default());
        assert_eq!(table.n_checkins, 10);
        assert_eq!(table.emotions, vec![EmotionEvents { emotion: "anxiety".into(), n_events: 2, n_baseline: 5 }]);
        assert_eq!(table.cells.len(), 64);

        // Baseline neck: 2, 3, 1, 0, 5 → 11 / 5 = 2.2.
        let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
        assert!(close(c.baseline.expect("baseline"), 2.2));
        // 0–6 h: 4, 6, 8 → 6; both events have a check-in there.
        assert!(close(c.response.expect("response"), 6.0));
        assert!(close(c.diff_points.expect("diff"), 3.8));
        assert!(close(c.diff_percent.expect("percent"), 3.8 / 2.2 * 100.0));
        assert_eq!((c.n_events, c.n_checkins, c.n_baseline), (2, 3, 5));

        // 6–12 h: 8 (6 h after E1, start included) and 2 (8 h after E2) → 5.
        let c = table.cell("anxiety", Neck, LagWindow::H6To12).expect("cell");
        assert!(close(c.response.expect("response"), 5.0));
        assert_eq!((c.n_events, c.n_checkins), (2, 2));

        // 12–24 h: only the check-in at 112 h (12 h after E1); E2 has none there.
        let c = table.cell("anxiety", Neck, LagWindow::H12To24).expect("cell");
        assert!(close(c.response.expect("response"), 2.0));
        assert_eq!((c.n_events, c.n_checkins), (1, 1));

        // 24–48 h: 148 h is 48 h after E1 (end excluded) but 44 h after E2.
        let c = table.cell("anxiety", Neck, LagWindow::H24To48).expect("cell");
        assert!(close(c.response.expect("response"), 1.0));
        assert_eq!((c.n_events, c.n_checkins), (1, 1));
        // One check-in cannot give a variance: no interval, no p-value.
        assert_eq!((c.ci95_low, c.p_value), (None, None));

        // Jaw: baseline 3 / 5 = 0.6, response 0 → −0.6 points, −100 %.
        let c = table.cell("anxiety", Jaw, LagWindow::H0To6).expect("cell");
        assert!(close(c.baseline.expect("baseline"), 0.6));
        assert!(close(c.diff_points.expect("diff"), -0.6));
        assert!(close(c.diff_percent.expect("percent"), -100.0));

        // A region never tense: baseline 0, so no percentage.
        let c = table.cell("anxiety", Region::LegLeft, LagWindow::H0To6).expect("cell");
        assert_eq!((c.baseline, c.diff_points, c.diff_percent), (Some(0.0), Some(0.0), None));

        // Too few events and check-ins everywhere: nothing is tested, nothing is a link.
        assert_eq!(table.n_tested, 0);
        assert!(table.cells.iter().all(|c| c.verdict == Verdict::NoClearLink && c.q_value.is_none()));
    }

    #[test]
    fn welch_interval_by_hand() {
        let table = lag_analysis(&small_journal(), &LagParams::default());
        let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
        // Response 4, 6, 8: variance 4. Baseline 2, 3, 1, 0, 5 (mean 2.2): squared deviations
        // 0.04 + 0.64 + 1.44 + 4.84 + 7.84 = 14.8, variance 14.8 / 4 = 3.7. Both together: sum 29,
        // sum of squares 155, variance (155 − 29² / 8) / 7 = 49.875 / 7 = 7.125, the floor for both.
        let v: f64 = 7.125;
        let (ua, ub) = (v / 3.0, v / 5.0);
        let se = (ua + ub).sqrt();
        let df = (ua + ub) * (ua + ub) / (ua * ua / 2.0 + ub * ub / 4.0);
        let half = t_quantile(0.975, df) * se;
        assert!(close(c.ci95_low.expect("low"), 3.8 - half));
        assert!(close(c.ci95_high.expect("high"), 3.8 + half));
        assert!(close(c.p_value.expect("p"), t_two_sided_p(3.8 / se, df)));
    }

    #[test]
    fn a_small_group_of_identical_check_ins_does_not_look_certain() {
        // Twelve events, each followed by a check-in with the left leg at 0; twenty baseline
        // check-ins with the leg at 0 except two at 3 (mean 0.3, variance (18 − 6² / 20) / 19).
        // Plain Welch would see variance 0 after the events and call −0.3 certain; the floor (the
        // variance of all 32 check-ins, (18 − 6² / 32) / 31 = 0.5444) keeps it uncertain.
        let mut base = [0u8; 20];
        base[4] = 3;
        base[13] = 3;
        let entries: Vec<Entry> =
            designed("joy", &[0; 12], &[0; 20]).into_iter().map(|e| relabel_leg(e, &base)).collect();
        let table = lag_analysis(&entries, &LagParams::default());
        let c = table.cell("joy", Region::LegLeft, LagWindow::H0To6).expect("cell");
        assert!(close(c.diff_points.expect("diff"), -0.3));
        let floor: f64 = (18.0 - 36.0 / 32.0) / 31.0;
        let (ua, ub) = (floor / 12.0, (18.0 - 36.0 / 20.0) / 19.0 / 20.0);
        let se = (ua + ub).sqrt();
        let df = (ua + ub) * (ua + ub) / (ua * ua / 11.0 + ub * ub / 19.0);
        assert!(close(c.p_value.expect("p"), t_two_sided_p(0.3 / se, df)));
        assert!(c.p_value.expect("p") > 0.1);
        assert_eq!(c.verdict, Verdict::NoClearLink);
    }

    #[test]
    fn drill_down_lists_the_entries_behind_a_cell() {
        let entries = small_journal();
        let p = LagParams::default();
        // Indices into the slice: events at 5 (E1) and 8 (E2); check-ins as in the table above.
        let c = cell_entries(&entries, &p, "anxiety", LagWindow::H0To6);
        assert_eq!(c, CellEntries { events: vec![5, 8], check_ins: vec![6, 7, 9] });
        let c = cell_entries(&entries, &p, "anxiety", LagWindow::H24To48);
        assert_eq!(c, CellEntries { events: vec![8], check_ins: vec![11] });
        assert_eq!(cell_entries(&entries, &p, "joy", LagWindow::H0To6), CellEntries::default());

        // Unsorted input gives the same analysis, and indices still point into the given slice.
        let mut shuffled = entries.clone();
        shuffled.reverse();
        let n = shuffled.len() - 1;
        let c = cell_entries(&shuffled, &p, "anxiety", LagWindow::H0To6);
        assert_eq!(c, CellEntries { events: vec![n - 5, n - 8], check_ins: vec![n - 6, n - 7, n - 9] });
        assert_eq!(lag_analysis(&shuffled, &p).cells, lag_analysis(&entries, &p).cells);
    }

    #[test]
    fn threshold_and_period_filter_events() {
        let entries = small_journal();
        // At threshold 6 only E1 (intensity 7) remains; 106 h is then only in 6–12 h.
        let p = LagParams { min_intensity: Level::new(6).expect("level"), ..LagParams::default() };
        let table = lag_analysis(&entries, &p);
        assert_eq!(table.emotions[0].n_events, 1);
        let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
        assert!(close(c.response.expect("response"), 5.0)); // 4 and 6
        // Without E2, 148 h (48 h after E1) is baseline: 2, 3, 1, 0, 1, 5 → 2.
        assert!(close(c.baseline.expect("baseline"), 2.0));

        // A period that ends before the events (hour 100 is on 2025-01-10) has no emotion at all.
        let before = t(0).date_naive();
        let p = LagParams { range: DateRange::new(before, before + chrono::Duration::days(3)), ..LagParams::default() };
        let table = lag_analysis(&entries, &p);
        assert!(table.emotions.is_empty() && table.cells.is_empty());
        // Check-ins at 10, 20, 30 and 60 h remain.
        assert_eq!(table.n_checkins, 4);
    }

    /// Twelve events of `code`, each followed 2 h later by a check-in with neck at `response[k]`;
    /// twenty baseline check-ins, 60 and 80 h after each of the first ten events, with neck at
    /// `baseline[k]`.
    fn designed(code: &str, response: &[u8; 12], baseline: &[u8; 20]) -> Vec<Entry> {
        let mut out = Vec::new();
        for k in 0..12 {
            let h = 100 * k as i64;
            out.push(feeling(h, code, 8));
            out.push(check_in(h + 2, &[(Neck, response[k])]));
            if k < 10 {
                out.push(check_in(h + 60, &[(Neck, baseline[2 * k])]));
                out.push(check_in(h + 80, &[(Neck, baseline[2 * k + 1])]));
            }
        }
        out
    }

    /// Gives the `k`-th baseline check-in (those at 60 and 80 h after an event) the left-leg
    /// level `base[k]`; response check-ins keep theirs.
    fn relabel_leg(mut e: Entry, base: &[u8; 20]) -> Entry {
        let h = (e.at - t(0)).num_hours();
        let (k, lag) = (h / 100, h % 100);
        let slot = match lag {
            60 => Some(2 * k),
            80 => Some(2 * k + 1),
            _ => None,
        };
        if let Some(i) = slot.and_then(|i| usize::try_from(i).ok()) {
            e.set_tension(Region::LegLeft, Level::new(base[i]).filter(|l| l.get() > 0));
        }
        e
    }

    #[test]
    fn clear_difference_is_higher_or_lower() {
        // Response 6, 7, 6, 7, ... (mean 6.5) vs baseline 2, 3, ... (mean 2.5): +4 points.
        let entries = designed(
            "anger",
            &[6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7],
            &[2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3],
        );
        let table = lag_analysis(&entries, &LagParams::default());
        // Only the 0–6 h cells have check-ins in the window: 16 regions are testable.
        assert_eq!(table.n_tested, 16);
        let c = table.cell("anger", Neck, LagWindow::H0To6).expect("cell");
        assert_eq!((c.n_events, c.n_checkins, c.n_baseline), (12, 12, 20));
        assert!(close(c.diff_points.expect("diff"), 4.0));
        assert!(close(c.diff_percent.expect("percent"), 160.0));
        assert_eq!(c.verdict, Verdict::Higher);
        // Regions at 0 everywhere: difference 0, p = 1, no link.
        let c = table.cell("anger", Jaw, LagWindow::H0To6).expect("cell");
        assert_eq!((c.p_value, c.q_value, c.verdict), (Some(1.0), Some(1.0), Verdict::NoClearLink));
        // Windows without check-ins are not testable.
        let c = table.cell("anger", Neck, LagWindow::H6To12).expect("cell");
        assert_eq!((c.n_checkins, c.response, c.verdict), (0, None, Verdict::NoClearLink));

        // Mirrored: lower after the emotion.
        let entries = designed(
            "calm",
            &[2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3],
            &[6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7],
        );
        let table = lag_analysis(&entries, &LagParams::default());
        assert_eq!(table.cell("calm", Neck, LagWindow::H0To6).map(|c| c.verdict), Some(Verdict::Lower));
    }

    #[test]
    fn minimum_counts_block_a_verdict() {
        let entries = designed(
            "anger",
            &[6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7],
            &[2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3],
        );
        // Asking for 13 events (there are 12) or 13 check-ins makes nothing testable.
        for p in [
            LagParams { min_events: 13, ..LagParams::default() },
            LagParams { min_checkins: 13, ..LagParams::default() },
        ] {
            let table = lag_analysis(&entries, &p);
            assert_eq!(table.n_tested, 0);
            assert_eq!(table.cell("anger", Neck, LagWindow::H0To6).map(|c| c.verdict), Some(Verdict::NoClearLink));
        }
    }

    #[test]
    fn false_discovery_control_can_overrule_a_plain_95_percent_interval() {
        // Response 4, 4, 3, ... (eight 4s, four 3s: mean 3.667, variance 2.667 / 11 = 0.242);
        // baseline ten 3s, five 4s, five 2s (mean 3, variance 10 / 19 = 0.526). All 32 together:
        // sum 104, sum of squares 354, variance (354 − 104² / 32) / 31 = 0.516, which floors the
        // response's variance. +0.667 points, se = √(0.516/12 + 0.526/20) = 0.263, t ≈ 2.5 with
        // ≈ 23 df: p ≈ 0.02.
        let entries = designed(
            "stress",
            &[4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3],
            &[3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2],
        );
        let table = lag_analysis(&entries, &LagParams::default());
        let c = table.cell("stress", Neck, LagWindow::H0To6).expect("cell");
        let p = c.p_value.expect("p");
        assert!(p > 0.01 && p < 0.05, "{p}");
        // The interval alone excludes 0 ...
        assert!(c.ci95_low.expect("low") > 0.0);
        // ... but among 16 tests, the other 15 with p = 1, BH gives q = 16·p > 10 %.
        assert!(close(c.q_value.expect("q"), 16.0 * p));
        assert_eq!(c.verdict, Verdict::NoClearLink);
        // Allowing a false discovery rate of 60 % would call it higher.
        let lax = LagParams { fdr_q: 0.6, ..LagParams::default() };
        assert_eq!(
            lag_analysis(&entries, &lax).cell("stress", Neck, LagWindow::H0To6).map(|c| c.verdict),
            Some(Verdict::Higher)
        );
    }

    #[test]
    fn emotions_are_ordered_built_in_first_then_custom() {
        let entries =
            vec![feeling(1, "zest", 6), feeling(2, "awe", 6), feeling(3, "calm", 6), feeling(4, "anxiety", 6)];
        let table = lag_analysis(&entries, &LagParams::default());
        let codes: Vec<&str> = table.emotions.iter().map(|e| e.emotion.as_str()).collect();
        assert_eq!(codes, ["anxiety", "calm", "awe", "zest"]);
        // No check-ins at all: every cell is empty.
        assert!(table.cells.iter().all(|c| c.baseline.is_none() && c.response.is_none()));
    }

    #[test]
    fn json_has_one_object_per_cell_with_the_documented_keys() {
        let table = lag_analysis(&small_journal(), &LagParams::default());
        let mut buf = Vec::new();
        write_json(&table, &mut buf).expect("write");
        let v: serde_json::Value = serde_json::from_slice(&buf).expect("valid JSON");
        let arr = v.as_array().expect("array");
        assert_eq!(arr.len(), 64);
        let neck = arr.iter().find(|o| o["region"] == "neck" && o["window"] == "0-6h").expect("neck 0-6h");
        for key in [
            "emotion",
            "region",
            "window",
            "baseline",
            "response",
            "diff_points",
            "diff_percent",
            "n_events",
            "n_checkins",
            "ci95_low",
            "ci95_high",
            "verdict",
        ] {
            assert!(neck.get(key).is_some(), "{key}");
        }
        assert_eq!(neck["emotion"], "anxiety");
        assert_eq!(neck["baseline"], 2.2);
        // 3.8 / 2.2 · 100 = 172.7272… rounded to 4 decimals.
        assert_eq!(neck["diff_percent"], 172.7273);
        assert_eq!(neck["n_events"], 2);
        assert_eq!(neck["verdict"], "no_clear_link");
        let legs = arr.iter().find(|o| o["region"] == "leg_left").expect("leg");
        assert!(legs["diff_percent"].is_null());
    }

    #[test]
    fn table_text_marks_links_in_both_languages() {
        let entries = designed(
            "anger",
            &[6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7],
            &[2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3],
        );
        let table = lag_analysis(&entries, &LagParams::default());
        let en = format_table(&table, Lang::En);
        assert!(en.contains("Anger — 12 events"), "{en}");
        let neck = en.lines().find(|l| l.starts_with("Neck")).expect("neck row");
        assert!(neck.contains("2.5") && neck.contains("+4.0 ▲"), "{neck}");
        let nl = format_table(&table, Lang::Nl);
        assert!(nl.contains("Boosheid — 12 gebeurtenissen"), "{nl}");
        let nek = nl.lines().find(|l| l.starts_with("Nek")).expect("nek row");
        assert!(nek.contains("2,5") && nek.contains("+4,0 ▲"), "{nek}");
        assert!(how_computed(Lang::Nl).contains("Benjamini–Hochberg"));
        assert!(how_computed(Lang::En).contains("not proof"));
    }
}
