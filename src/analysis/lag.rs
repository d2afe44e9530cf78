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
//! - **Time-of-day matching** ([`LagParams::match_time_of_day`], on by default). Tension has a
//!   daily rhythm (it typically rises toward the evening), and the hours after an event fall at
//!   particular times of day: 6–12 h after a morning event is the evening. Compared with a
//!   baseline over the whole day, every emotion would seem to raise tension 6–12 h later and lower
//!   it 12–24 h later. So each check-in is compared with the baseline at its own part of the day
//!   ([`PartOfDay`]: night 0–6, morning 6–12, afternoon 12–18, evening 18–24 h on the local clock
//!   of the check-in):
//!   - the baseline of part s, `m[s]`, is the mean level of R over the baseline check-ins in s;
//!   - a part with fewer than [`MIN_BASELINE_PER_PART`] (3) baseline check-ins cannot be
//!     compared: window check-ins in it are left out of the cell (counted in
//!     [`EmotionEvents::skipped`]), and so are its baseline check-ins;
//!   - the residual of a window check-in i is `level_i − m[s_i]`; the **difference** is the mean
//!     residual;
//!   - the cell's `baseline` is the matched baseline `Σ_i m[s_i] / n`, the part-of-day baselines
//!     weighted by where the window's check-ins fall, and `response` the plain mean of the
//!     window's (compared) check-ins, so `response − baseline` is the difference exactly.
//!
//!   With matching off, the whole day is one part and every definition here reduces to the plain
//!   one: response − baseline over all check-ins, nothing left out.
//! - **Difference**: response − baseline in points, and in percent of the baseline
//!   (`None` when the baseline is 0).
//! - **n_events** of a cell: the events of E that have at least one (compared) check-in in the
//!   window (events followed by no check-in there contribute nothing to the response, so they are
//!   not counted). **n_checkins**: the check-ins in the response. **n_baseline**: the baseline
//!   check-ins compared against (with matching, those in parts of the day that can be compared;
//!   [`EmotionEvents::n_baseline`] counts them all).
//! - **Confidence interval**: 95 % interval of the difference by Welch's unequal-variances t test
//!   ([`stats::welch`](super::stats::welch)) on the residuals: the window check-ins' residuals
//!   `level_i − m[s_i]` against the baseline check-ins' residuals `b_j − m[s_j]` (mean 0; their
//!   variance is the pooled within-part variance, one degree of freedom per part's mean,
//!   [`Sample::pooled`]). The same test gives the cell's two-sided p-value. Without matching these
//!   are the plain levels shifted by one constant, so the test is the plain Welch test of
//!   response against baseline. One safeguard: each sample's variance is taken as at least the
//!   variance of both residual samples combined. Tension data are full of zeros, and a small
//!   window whose few check-ins happen to be all alike (say all 0 in the legs) would otherwise
//!   have a variance of 0 and look certain; matching does not remove this (a window whose
//!   check-ins all fall in one part of the day and are all alike has residuals that are all
//!   alike), and under "no link" both residual samples share one within-part spread, which the
//!   combined variance estimates. This only ever widens the interval.
//! - **Verdict**: a cell is *testable* when it has at least [`LagParams::min_events`] events (5),
//!   at least [`LagParams::min_checkins`] check-ins (10) in the window and as many in the baseline,
//!   and a p-value. The p-values of all testable cells of the analysis (every emotion × region ×
//!   window) are adjusted by Benjamini–Hochberg ([`stats::bh_adjust`](super::stats::bh_adjust)).
//!   [`Verdict::Higher`] / [`Verdict::Lower`] only for a testable cell whose adjusted p-value is at
//!   most [`LagParams::fdr_q`] (10 %), whose interval lies wholly above / below 0, and whose
//!   difference is at least [`LagParams::min_effect_points`] (0.3 points) in size: with years of
//!   data a difference of a few hundredths of a point can be "significant" and still mean nothing
//!   to a person (the usual threshold of a meaningful change is about 2 points or 30 %, so 0.3 is
//!   conservative). Every other cell is [`Verdict::NoClearLink`]. The effect-size floor does not
//!   change which cells enter the false-discovery-rate control.
//! - **Period**: with [`LagParams::range`] set, entries outside it are ignored altogether (as events
//!   and as check-ins).
//!
//! These are associations in the person's own data, not proof of cause.
//!
//! # Speed
//! Check-ins are flattened once into sorted instants, parts of the day and level arrays; per
//! emotion, a two-pointer sweep over the sorted event instants assigns every check-in to its
//! windows in linear time, and sums and sums of squares per region and part of the day give the
//! part-of-day means and the residuals' means and variances without a second pass (levels are
//! integers, so the sums are exact).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::Timelike;
use serde::{Deserialize, Serialize, Serializer};

use super::common::{DateRange, format_number, format_signed, time_order};
use super::stats::{Sample, Welch, bh_adjust, welch};
use super::time_of_day::PartOfDay;
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
/// Default [`LagParams::min_effect_points`]: differences under 0.3 points are never a link.
pub const DEFAULT_MIN_EFFECT_POINTS: f64 = 0.3;
/// With time-of-day matching, a part of the day needs this many baseline check-ins to be compared;
/// window check-ins at a part of the day with fewer are left out.
pub const MIN_BASELINE_PER_PART: usize = 3;

/// Number of parts of the day ([`PartOfDay::ALL`]).
const PARTS: usize = PartOfDay::ALL.len();

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
///
/// Settings saved without the newer fields read back with their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Compare each check-in with the baseline at the same part of the day (default `true`); with
    /// `false`, the plain comparison with the baseline over the whole day (see the module docs).
    pub match_time_of_day: bool,
    /// A difference smaller than this many points is no clear link, however certain (default
    /// 0.3); 0 turns the floor off.
    pub min_effect_points: f64,
}

impl Default for LagParams {
    fn default() -> LagParams {
        LagParams {
            min_intensity: DEFAULT_LEVEL,
            fdr_q: DEFAULT_FDR_Q,
            range: DateRange::ALL,
            min_events: DEFAULT_MIN_EVENTS,
            min_checkins: DEFAULT_MIN_CHECKINS,
            match_time_of_day: true,
            min_effect_points: DEFAULT_MIN_EFFECT_POINTS,
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
    /// The baseline the window is compared with: with time-of-day matching the part-of-day
    /// baselines weighted by the window's check-ins (`Σ m[s_i] / n`), otherwise the mean level over
    /// all baseline check-ins. A window without (compared) check-ins shows the plain mean over all
    /// baseline check-ins. `None` without any baseline check-in.
    #[serde(serialize_with = "round_opt")]
    pub baseline: Option<f64>,
    /// Mean level over the (compared) check-ins in the window; `None` without any.
    #[serde(serialize_with = "round_opt")]
    pub response: Option<f64>,
    /// `response − baseline` in points.
    #[serde(serialize_with = "round_opt")]
    pub diff_points: Option<f64>,
    /// The difference in percent of the baseline; `None` when the baseline is 0 or missing.
    #[serde(serialize_with = "round_opt")]
    pub diff_percent: Option<f64>,
    /// Events with at least one (compared) check-in in the window.
    pub n_events: usize,
    /// Check-ins in the window (the response sample), without those left out by matching.
    pub n_checkins: usize,
    /// Baseline check-ins compared against (with matching: those at parts of the day with at
    /// least [`MIN_BASELINE_PER_PART`] baseline check-ins).
    pub n_baseline: usize,
    /// Lower end of the 95 % Welch interval of the difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % Welch interval of the difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_high: Option<f64>,
    /// Two-sided Welch p-value (on the residuals); `None` when either sample has fewer than 2
    /// check-ins.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted p-value over all testable cells; `None` when not testable.
    pub q_value: Option<f64>,
    /// The conclusion.
    pub verdict: Verdict,
}

/// How many events one emotion has in the analysed period, and its baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionEvents {
    /// Emotion code.
    pub emotion: String,
    /// Entries recording it at the threshold intensity or more.
    pub n_events: usize,
    /// Check-ins in its baseline (no event in the preceding 48 h), all of them.
    pub n_baseline: usize,
    /// Baseline check-ins per part of the day, in [`PartOfDay::ALL`] order.
    pub baseline_by_part: [usize; PARTS],
    /// Mean level per region ([`Region::index`]) over all baseline check-ins, not matched to any
    /// time of day; `None` without baseline check-ins.
    pub baseline_mean: [Option<f64>; Region::COUNT],
    /// Per window ([`LagWindow::ALL`] order): check-ins in the window left out because their part
    /// of the day has fewer than [`MIN_BASELINE_PER_PART`] baseline check-ins (always 0 without
    /// time-of-day matching).
    pub skipped: [usize; 4],
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
    /// Stratum of each check-in: its part of the day ([`PartOfDay::index`]) with time-of-day
    /// matching, 0 for all without.
    strata: Vec<u8>,
    /// Part of the day of each check-in ([`PartOfDay::index`]), matched or not.
    parts: Vec<u8>,
    /// Levels of each check-in.
    levels: Vec<[u8; Region::COUNT]>,
    /// Index in the caller's slice of each check-in.
    check_in_index: Vec<usize>,
    /// Per emotion (in table order): instants and slice indices of its events, ascending.
    events: Vec<(String, Vec<i64>, Vec<usize>)>,
}

fn prepare(entries: &[Entry], params: &LagParams) -> Prepared {
    let mut p = Prepared {
        times: Vec::new(),
        strata: Vec::new(),
        parts: Vec::new(),
        levels: Vec::new(),
        check_in_index: Vec::new(),
        events: Vec::new(),
    };
    let mut by_code: BTreeMap<&str, (Vec<i64>, Vec<usize>)> = BTreeMap::new();
    for i in time_order(entries) {
        let e = &entries[i];
        if !params.range.contains_entry(e) {
            continue;
        }
        let t = e.at.timestamp();
        if let Some(levels) = e.levels() {
            // The local clock of the check-in (`at` carries its own offset).
            let part = PartOfDay::of_hour(e.at.hour()).index() as u8;
            p.times.push(t);
            p.parts.push(part);
            p.strata.push(if params.match_time_of_day { part } else { 0 });
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

/// Which strata can be compared, given the number of baseline check-ins in each: with matching,
/// those with at least [`MIN_BASELINE_PER_PART`]; without, the one stratum always (a window is
/// then described even without a baseline, as the plain definition has it).
fn usable_strata(baseline_counts: [usize; PARTS], params: &LagParams) -> [bool; PARTS] {
    if params.match_time_of_day { baseline_counts.map(|n| n >= MIN_BASELINE_PER_PART) } else { [true; PARTS] }
}

/// The window assignment of every check-in after one emotion's events, and which strata can be
/// compared.
struct Assignment {
    masks: Vec<u8>,
    usable: [bool; PARTS],
}

impl Assignment {
    fn new(prep: &Prepared, events: &[i64], params: &LagParams) -> Assignment {
        let masks = window_masks(&prep.times, events);
        let mut counts = [0usize; PARTS];
        for (&m, &s) in masks.iter().zip(&prep.strata) {
            if m == 0 {
                counts[usize::from(s)] += 1;
            }
        }
        Assignment { masks, usable: usable_strata(counts, params) }
    }

    /// True when check-in `i` is compared (its stratum can be).
    fn compared(&self, prep: &Prepared, i: usize) -> bool {
        self.usable[usize::from(prep.strata[i])]
    }

    /// True when some compared check-in lies in `window` after an event at `event`.
    fn has_check_in(&self, prep: &Prepared, event: i64, window: LagWindow) -> bool {
        let (s, e) = window.hours();
        let first = prep.times.partition_point(|&t| t < event + s * HOUR);
        let end = prep.times.partition_point(|&t| t < event + e * HOUR);
        (first..end).any(|k| self.compared(prep, k))
    }
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

    /// Sum and sum of squared deviations from the mean of one region (0 and 0 when empty).
    fn centred(&self, region: usize) -> (f64, f64) {
        if self.n == 0 {
            return (0.0, 0.0);
        }
        let sum = self.sum[region] as f64;
        (sum, (self.sum_sq[region] as f64 - sum * sum / self.n as f64).max(0.0))
    }
}

/// One emotion's check-ins summed per stratum: the baseline and each window.
struct Strata {
    baseline: [Sums; PARTS],
    /// Indexed by window, then stratum.
    windows: [[Sums; PARTS]; 4],
}

impl Strata {
    fn new(prep: &Prepared, masks: &[u8]) -> Strata {
        let mut st = Strata { baseline: [Sums::ZERO; PARTS], windows: [[Sums::ZERO; PARTS]; 4] };
        for ((levels, &mask), &s) in prep.levels.iter().zip(masks).zip(&prep.strata) {
            let s = usize::from(s);
            if mask == 0 {
                st.baseline[s].add(levels);
            }
            for (w, sums) in st.windows.iter_mut().enumerate() {
                if mask & (1 << w) != 0 {
                    sums[s].add(levels);
                }
            }
        }
        st
    }
}

/// The numbers of one cell before the false-discovery-rate control.
struct Comparison {
    baseline: Option<f64>,
    response: Option<f64>,
    n_checkins: usize,
    n_baseline: usize,
    test: Option<Welch>,
}

/// Compares one region's window check-ins with the baseline, stratum by stratum (see the module
/// docs). `plain_baseline` is the mean over all baseline check-ins, shown when the window has no
/// compared check-in.
fn compare(
    baseline: &[Sums; PARTS],
    window: &[Sums; PARTS],
    usable: &[bool; PARTS],
    region: usize,
    plain_baseline: Option<f64>,
) -> Comparison {
    // Baseline: count, strata with a mean, squared deviations from the stratum means.
    let (mut n_b, mut groups, mut ss_b) = (0usize, 0usize, 0.0);
    // Window: count, sum of levels, sum of the stratum means m[s_i], sum of squared residuals.
    let (mut n_w, mut sum_w, mut sum_m, mut ss_r) = (0usize, 0.0, 0.0, 0.0);
    // Window check-ins without any baseline (only possible without matching).
    let mut unmatched = false;
    for s in (0..PARTS).filter(|&s| usable[s]) {
        let (b, w) = (&baseline[s], &window[s]);
        let (w_sum, w_ss) = w.centred(region);
        n_w += w.n;
        sum_w += w_sum;
        if b.n == 0 {
            unmatched |= w.n > 0;
            continue;
        }
        let (b_sum, b_ss) = b.centred(region);
        let m = b_sum / b.n as f64;
        n_b += b.n;
        groups += 1;
        ss_b += b_ss;
        if w.n > 0 {
            let wn = w.n as f64;
            let d = w_sum / wn - m;
            sum_m += wn * m;
            // Σ (x − m)² = Σ (x − x̄)² + n (x̄ − m)².
            ss_r += w_ss + wn * d * d;
        }
    }
    let response = (n_w > 0).then(|| sum_w / n_w as f64);
    let baseline_mean = if n_w == 0 { plain_baseline } else { (groups > 0 && !unmatched).then(|| sum_m / n_w as f64) };
    let test = match (response, baseline_mean) {
        (Some(r), Some(b)) if n_w >= 2 && n_b >= 2 => {
            let diff = r - b;
            let nw = n_w as f64;
            // Residuals: the window's against its strata's means (mean `diff`), the baseline's
            // against their own strata's means (mean 0, one degree of freedom per stratum).
            let resid = Sample::pooled(n_w, diff, ss_r - nw * diff * diff, 1);
            let base = Sample::pooled(n_b, 0.0, ss_b, groups);
            let n = n_w + n_b;
            let mean = nw * diff / n as f64;
            let combined = Sample::pooled(n, mean, ss_r + ss_b - n as f64 * mean * mean, groups);
            floored_welch(resid, base, combined)
        }
        _ => None,
    };
    Comparison { baseline: baseline_mean, response, n_checkins: n_w, n_baseline: n_b, test }
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
        let assignment = Assignment::new(&prep, ev_times, params);
        let strata = Strata::new(&prep, &assignment.masks);
        let usable = &assignment.usable;
        let n_events: [usize; 4] = std::array::from_fn(|w| {
            ev_times.iter().filter(|&&t| assignment.has_check_in(&prep, t, LagWindow::ALL[w])).count()
        });

        // Over all baseline check-ins: per part of the day, and per region unmatched.
        let mut all_base = Sums::ZERO;
        let mut baseline_by_part = [0usize; PARTS];
        for ((&m, &part), levels) in assignment.masks.iter().zip(&prep.parts).zip(&prep.levels) {
            if m == 0 {
                all_base.add(levels);
                baseline_by_part[usize::from(part)] += 1;
            }
        }
        let baseline_mean: [Option<f64>; Region::COUNT] =
            std::array::from_fn(|r| (all_base.n > 0).then(|| all_base.sum[r] as f64 / all_base.n as f64));
        let skipped: [usize; 4] =
            std::array::from_fn(|w| (0..PARTS).filter(|&s| !usable[s]).map(|s| strata.windows[w][s].n).sum());
        emotions.push(EmotionEvents {
            emotion: code.clone(),
            n_events: ev_times.len(),
            n_baseline: all_base.n,
            baseline_by_part,
            baseline_mean,
            skipped,
        });

        for region in Region::ALL {
            let r = region.index();
            for w in LagWindow::ALL {
                let c = compare(&strata.baseline, &strata.windows[w.index()], usable, r, baseline_mean[r]);
                let diff = c.baseline.zip(c.response).map(|(b, r)| r - b);
                cells.push(LagCell {
                    emotion: code.clone(),
                    region,
                    window: w,
                    baseline: c.baseline,
                    response: c.response,
                    diff_points: diff,
                    diff_percent: diff.zip(c.baseline).and_then(|(d, b)| (b > 0.0).then(|| d / b * 100.0)),
                    n_events: n_events[w.index()],
                    n_checkins: c.n_checkins,
                    n_baseline: c.n_baseline,
                    ci95_low: c.test.map(|t| t.ci_low),
                    ci95_high: c.test.map(|t| t.ci_high),
                    p_value: c.test.map(|t| t.p_value),
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
        let big_enough = c.diff_points.is_some_and(|d| d.abs() >= params.min_effect_points);
        if q <= params.fdr_q && big_enough {
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
    /// Events of the emotion with at least one (compared) check-in in the window (`n_events` of
    /// the cell).
    pub events: Vec<usize>,
    /// Check-ins in the window after any of those events (`n_checkins` of the cell), without
    /// those left out by time-of-day matching.
    pub check_ins: Vec<usize>,
}

/// The events and check-ins behind the cells of `emotion` in `window`, for a drill-down list.
///
/// The same for every region: all regions of a check-in are used. Pass the same `entries` and
/// `params` as to [`lag_analysis`]; the counts then equal the cell's `n_events` and `n_checkins`,
/// and the mean level of a region over the listed check-ins is the cell's `response`.
pub fn cell_entries(entries: &[Entry], params: &LagParams, emotion: &str, window: LagWindow) -> CellEntries {
    let prep = prepare(entries, params);
    let Some((_, ev_times, ev_index)) = prep.events.iter().find(|(c, _, _)| c == emotion) else {
        return CellEntries::default();
    };
    let assignment = Assignment::new(&prep, ev_times, params);
    let events = ev_times
        .iter()
        .zip(ev_index)
        .filter(|&(&t, _)| assignment.has_check_in(&prep, t, window))
        .map(|(_, &i)| i)
        .collect();
    let bit = 1u8 << window.index();
    let check_ins = (0..prep.times.len())
        .filter(|&k| assignment.masks[k] & bit != 0 && assignment.compared(&prep, k))
        .map(|k| prep.check_in_index[k])
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
///
/// The baseline column is the plain mean over all baseline check-ins
/// ([`EmotionEvents::baseline_mean`]); with time-of-day matching each window's difference is
/// taken from the baseline at the same parts of the day, which the text says. Check-ins left out
/// by matching are counted in a row of their own when there are any.
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
    if table.params.match_time_of_day {
        out += lang.pick(
            "Each check-in is compared with the baseline at the same part of the day (night, morning, afternoon, evening).\n",
            "Elke check-in wordt vergeleken met de basislijn op hetzelfde deel van de dag (nacht, ochtend, middag, avond).\n",
        );
    }
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
        if ev.skipped.iter().any(|&n| n > 0) {
            out += &format!("\n{:<name_width$}{:>COL$}", lang.pick("left out", "weggelaten"), "");
            for n in ev.skipped {
                out += &format!("{n:>COL$}");
            }
        }
        out.push('\n');
        for (region, row) in Region::ALL.iter().zip(cells.chunks(LagWindow::ALL.len())) {
            let base = ev.baseline_mean[region.index()].map_or_else(|| "–".to_owned(), |b| format_number(b, 1, lang));
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
• Same time of day: tension has a daily rhythm (it often rises toward the evening), and the hours after an event fall at certain times of day: 6–12 hours after a morning event is the evening. Compared with the baseline of the whole day, every emotion would seem to raise tension in the evening. So each check-in is compared with the baseline at the same part of the day (night 0–6, morning 6–12, afternoon 12–18, evening 18–24 h, on your clock). The baseline shown for a window is the mean of those part-of-day baselines, weighted by how many of the window's check-ins fall in each part. A check-in at a part of the day with fewer than 3 baseline check-ins cannot be compared and is left out (the table counts them).
• Difference: response minus baseline, in points and in percent of the baseline (points only when the baseline is 0). Events are counted when at least one check-in follows them in the window.
• Uncertainty: a 95 % confidence interval of the difference by Welch's t test on how far each check-in lies from the baseline at its part of the day; the test does not assume that both groups vary equally. So that a few check-ins that happen to be all alike (say all 0) do not look certain, each group's spread is taken as at least the spread of both groups together.
• Chance: with hundreds of emotion × region × window combinations, some would look like links by pure chance. So the p-values of all combinations that can be tested are adjusted together (Benjamini–Hochberg), keeping the expected share of false findings at 10 %.
• Size: a difference under 0.3 points is too small to matter to you, however certain it is (a change of about 2 points or 30 % is the usual threshold for a meaningful change), so it is never called a link.
• Verdict: \"higher\" or \"lower\" only when the interval does not include 0, the difference is at least 0.3 points, there are at least 5 events and 10 check-ins in the window (and 10 in the baseline), and the combination passes the 10 % false-discovery check. Everything else is \"no clear link\".

These are associations in your own data, not proof that the emotion causes the tension: other things, such as the day of the week, sleep or work, can affect both.";

const HOW_NL: &str = "\
Hoe wordt dit berekend?

• Check-in: een registratie met minstens één spanningsscore. Gebieden zonder score tellen als 0.
• Gebeurtenis: een registratie waarin de emotie voorkomt met de gekozen intensiteit of hoger (standaard 5).
• Tijdvakken: 0–6, 6–12, 12–24 en 24–48 uur na een gebeurtenis; het einduur telt niet mee. Een registratie met de emotie én spanningsscores op hetzelfde moment telt mee in het vak 0–6 uur.
• Reactie: de gemiddelde spanning in een gebied over de check-ins die in het tijdvak na een gebeurtenis van de emotie vallen. Een check-in telt één keer per tijdvak, ook na meerdere gebeurtenissen.
• Basislijn: de gemiddelde spanning in het gebied over de check-ins zonder gebeurtenis van de emotie in de 48 uur ervoor.
• Zelfde tijdstip: spanning heeft een dagritme (vaak loopt ze op naar de avond), en de uren na een gebeurtenis vallen op bepaalde momenten van de dag: 6–12 uur na een gebeurtenis in de ochtend is het avond. Vergeleken met de basislijn van de hele dag zou elke emotie de spanning 's avonds lijken te verhogen. Daarom wordt elke check-in vergeleken met de basislijn op hetzelfde deel van de dag (nacht 0–6, ochtend 6–12, middag 12–18, avond 18–24 uur, op jouw klok). De basislijn bij een tijdvak is het gemiddelde van die basislijnen per dagdeel, gewogen naar hoeveel check-ins uit het tijdvak in elk dagdeel vallen. Een check-in in een dagdeel met minder dan 3 check-ins in de basislijn valt niet te vergelijken en wordt weggelaten (de tabel telt ze).
• Verschil: reactie min basislijn, in punten en in procenten van de basislijn (alleen punten als de basislijn 0 is). Een gebeurtenis telt mee als er in het tijdvak minstens één check-in op volgt.
• Onzekerheid: een 95%-betrouwbaarheidsinterval van het verschil volgens de t-toets van Welch, op hoe ver elke check-in afligt van de basislijn in zijn dagdeel; de toets neemt niet aan dat beide groepen even sterk variëren. Zodat een paar check-ins die toevallig allemaal gelijk zijn (bijvoorbeeld allemaal 0) niet zeker lijken, telt voor elke groep minstens de spreiding van beide groepen samen.
• Toeval: bij honderden combinaties van emotie × gebied × tijdvak lijken er altijd een paar verbanden te zijn die puur toeval zijn. Daarom worden de p-waarden van alle toetsbare combinaties samen gecorrigeerd (Benjamini–Hochberg), zodat naar verwachting hooguit 10 % van de gevonden verbanden vals is.
• Grootte: een verschil van minder dan 0,3 punt is te klein om voor jou iets te betekenen, hoe zeker het ook is (een verandering van ongeveer 2 punten of 30 % geldt als betekenisvol), dus dat heet nooit een verband.
• Oordeel: alleen \"hoger\" of \"lager\" als het interval de 0 niet bevat, het verschil minstens 0,3 punt is, er minstens 5 gebeurtenissen en 10 check-ins in het tijdvak zijn (en 10 in de basislijn) en de combinatie de 10%-controle op valse vondsten doorstaat. Al het andere is \"geen duidelijk verband\".

Dit zijn verbanden in je eigen gegevens, geen bewijs dat de emotie de spanning veroorzaakt: andere dingen, zoals de dag van de week, slaap of werk, kunnen zowel de emotie als de spanning beïnvloeden.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, t};
    use crate::analysis::stats::{t_quantile, t_two_sided_p};
    use crate::model::Region::{Jaw, Neck};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The plain definition of the issue: no time-of-day matching. The hand-worked tests on
    /// `small_journal` and `designed` use it; the matched comparison has tests of its own below.
    fn plain() -> LagParams {
        LagParams { match_time_of_day: false, ..LagParams::default() }
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
        let table = lag_analysis(&small_journal(), &plain());
        assert_eq!(table.n_checkins, 10);
        let ev = &table.emotions[..];
        assert_eq!(ev.len(), 1);
        assert_eq!((ev[0].emotion.as_str(), ev[0].n_events, ev[0].n_baseline), ("anxiety", 2, 5));
        // Baseline check-ins at Mon 10:00, Mon 20:00, Tue 06:00, Wed 12:00 and Sun 16:00.
        assert_eq!(ev[0].baseline_by_part, [0, 2, 2, 1]);
        assert_eq!(ev[0].skipped, [0; 4]);
        assert!(close(ev[0].baseline_mean[Neck.index()].expect("baseline"), 2.2));
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
        let table = lag_analysis(&small_journal(), &plain());
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
        let table = lag_analysis(&entries, &plain());
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
        let p = plain();
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
        let p = LagParams { min_intensity: Level::new(6).expect("level"), ..plain() };
        let table = lag_analysis(&entries, &p);
        assert_eq!(table.emotions[0].n_events, 1);
        let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
        assert!(close(c.response.expect("response"), 5.0)); // 4 and 6
        // Without E2, 148 h (48 h after E1) is baseline: 2, 3, 1, 0, 1, 5 → 2.
        assert!(close(c.baseline.expect("baseline"), 2.0));

        // A period that ends before the events (hour 100 is on 2025-01-10) has no emotion at all.
        let before = t(0).date_naive();
        let p = LagParams { range: DateRange::new(before, before + chrono::Duration::days(3)), ..plain() };
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
        let table = lag_analysis(&entries, &plain());
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
        let table = lag_analysis(&entries, &plain());
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
        let table = lag_analysis(&entries, &plain());
        let c = table.cell("stress", Neck, LagWindow::H0To6).expect("cell");
        let p = c.p_value.expect("p");
        assert!(p > 0.01 && p < 0.05, "{p}");
        // The interval alone excludes 0 ...
        assert!(c.ci95_low.expect("low") > 0.0);
        // ... but among 16 tests, the other 15 with p = 1, BH gives q = 16·p > 10 %.
        assert!(close(c.q_value.expect("q"), 16.0 * p));
        assert_eq!(c.verdict, Verdict::NoClearLink);
        // Allowing a false discovery rate of 60 % would call it higher.
        let lax = LagParams { fdr_q: 0.6, ..plain() };
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
        let table = lag_analysis(&small_journal(), &plain());
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
        // The table says that it compares at the same part of the day.
        assert!(en.contains("same part of the day") && nl.contains("hetzelfde deel van de dag"), "{en}");
        assert!(!format_table(&lag_analysis(&entries, &plain()), Lang::En).contains("same part of the day"));
        assert!(how_computed(Lang::Nl).contains("Benjamini–Hochberg"));
        assert!(how_computed(Lang::En).contains("not proof"));
        // The matching and the effect-size floor are explained in both languages.
        assert!(
            how_computed(Lang::En).contains("same part of the day") && how_computed(Lang::En).contains("0.3 points")
        );
        assert!(
            how_computed(Lang::Nl).contains("hetzelfde deel van de dag") && how_computed(Lang::Nl).contains("0,3 punt")
        );
    }

    #[test]
    fn matching_leaves_out_parts_of_the_day_without_enough_baseline() {
        // Matched, `small_journal` has too few baseline check-ins at every part of the day
        // (night 0, morning 2, evening 1, afternoon 2, fewer than 3): nothing can be compared.
        // Window check-ins: 0–6 h at Fri 04:00 (night), 07:00 and 10:00 (morning); 6–12 h at 10:00
        // and 16:00 (afternoon); 12–24 h at 16:00; 24–48 h at Sun 04:00 (night).
        let table = lag_analysis(&small_journal(), &LagParams::default());
        assert_eq!(table.emotions[0].skipped, [3, 2, 1, 1]);
        assert_eq!(table.emotions[0].n_baseline, 5);
        assert_eq!(table.n_tested, 0);
        for c in &table.cells {
            assert_eq!((c.n_events, c.n_checkins, c.n_baseline, c.response, c.diff_points), (0, 0, 0, None, None));
        }
        // With no window check-in to weight by, the baseline shown is the plain one.
        assert!(close(table.cell("anxiety", Neck, LagWindow::H0To6).and_then(|c| c.baseline).expect("baseline"), 2.2));
        let text = format_table(&table, Lang::En);
        let row = text.lines().find(|l| l.starts_with("left out")).expect("left-out row");
        assert_eq!(row.split_whitespace().skip(2).collect::<Vec<_>>(), ["3", "2", "1", "1"], "{text}");
        assert_eq!(
            cell_entries(&small_journal(), &LagParams::default(), "anxiety", LagWindow::H0To6),
            CellEntries::default()
        );

        // A third morning baseline check-in (Wed 08:00, neck 3; index 13) makes the mornings
        // comparable: morning baseline 2, 1, 3 → m = 2.
        let mut entries = small_journal();
        entries.push(check_in(56, &[(Neck, 3)]));
        let table = lag_analysis(&entries, &LagParams::default());
        assert_eq!(table.emotions[0].baseline_by_part, [0, 3, 2, 1]);
        // 0–6 h: 07:00 (6) and 10:00 (8) compared, 04:00 left out: response 7, baseline 2.
        let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
        assert_eq!((c.n_events, c.n_checkins, c.n_baseline), (2, 2, 3));
        assert!(close(c.response.expect("response"), 7.0) && close(c.baseline.expect("baseline"), 2.0));
        assert!(close(c.diff_points.expect("diff"), 5.0) && close(c.diff_percent.expect("percent"), 250.0));
        // Welch on residuals: window 4, 6 (variance 2); baseline 0, −1, 1 (one mean estimated:
        // variance 2 / 2 = 1). All five together: squares 16 + 36 + 0 + 1 + 1 = 54, mean 10 / 5 = 2,
        // (54 − 5 · 2²) / (5 − 1) = 8.5, the floor of both.
        let (ua, ub) = (8.5 / 2.0, 8.5 / 3.0);
        let se = f64::sqrt(ua + ub);
        let df = (ua + ub) * (ua + ub) / (ua * ua / 1.0 + ub * ub / 2.0);
        assert!(close(c.p_value.expect("p"), t_two_sided_p(5.0 / se, df)));
        assert!(close(c.ci95_low.expect("low"), 5.0 - t_quantile(0.975, df) * se));
        // 6–12 h: 10:00 compared (8, after E1), 16:00 left out (the only one after E2).
        let c = table.cell("anxiety", Neck, LagWindow::H6To12).expect("cell");
        assert_eq!((c.n_events, c.n_checkins), (1, 1));
        assert!(close(c.diff_points.expect("diff"), 6.0));
        assert_eq!(table.emotions[0].skipped, [1, 1, 1, 1]);
        // The drill-down lists exactly the compared check-ins and the events before them.
        let p = LagParams::default();
        assert_eq!(
            cell_entries(&entries, &p, "anxiety", LagWindow::H0To6),
            CellEntries { events: vec![5, 8], check_ins: vec![7, 9] }
        );
        assert_eq!(
            cell_entries(&entries, &p, "anxiety", LagWindow::H6To12),
            CellEntries { events: vec![5], check_ins: vec![9] }
        );
    }

    /// Eighty days from Monday 2025-01-06 in blocks of four; in block k (days 4k..4k+3) the neck is
    /// 2 + k % 2 at 08:00 and 5 + k % 2 at 20:00: tension is 3 points higher in the evening for
    /// everyone. Joy at 09:00 on the first day of each block (20 events); the evening check-in that
    /// day gets `effect` points more. After an event at day 4k 09:00:
    ///
    /// | check-in        | lag  | window   | part      |
    /// |-----------------|------|----------|-----------|
    /// | day 4k 20:00    | 11 h | 6–12 h   | evening   |
    /// | day 4k+1 08:00  | 23 h | 12–24 h  | morning   |
    /// | day 4k+1 20:00  | 35 h | 24–48 h  | evening   |
    /// | day 4k+2 08:00  | 47 h | 24–48 h  | morning   |
    /// | day 4k+2 20:00, day 4k+3 08:00 and 20:00, day 4k+4 08:00 (95 h) | | baseline | |
    ///
    /// So the baseline has 40 mornings (twenty 2s, twenty 3s: mean 2.5) and 40 evenings (5s and
    /// 6s: mean 5.5); no check-in falls 0–6 h after an event.
    fn rhythm_journal(effect: u8) -> Vec<Entry> {
        let mut out = Vec::new();
        for day in 0..80i64 {
            let odd = u8::from((day / 4) % 2 == 1);
            let event_day = day % 4 == 0;
            out.push(check_in(24 * day + 8, &[(Neck, 2 + odd)]));
            if event_day {
                out.push(feeling(24 * day + 9, "joy", 8));
            }
            out.push(check_in(24 * day + 20, &[(Neck, 5 + odd + if event_day { effect } else { 0 })]));
        }
        out
    }

    #[test]
    fn a_daily_rhythm_alone_is_no_link_when_matched() {
        let entries = rhythm_journal(0);
        // Plain: 6–12 h is all evenings (5.5) against a whole-day baseline of 4: +1.5 points.
        let table = lag_analysis(&entries, &plain());
        let c = table.cell("joy", Neck, LagWindow::H6To12).expect("cell");
        assert_eq!((c.n_events, c.n_checkins, c.n_baseline), (20, 20, 80));
        assert!(close(c.baseline.expect("b"), 4.0) && close(c.diff_points.expect("diff"), 1.5));
        // Welch by hand: response ten 5s and ten 6s, variance 20 · 0.25 / 19 = 5 / 19; baseline
        // 2, 3, 5, 6 twenty times each around 4: (80 + 20 + 20 + 80) / 79 = 200 / 79. All 100
        // around their mean 4.3: 10 · 0.49 + 10 · 2.89 + 200 + 80 · 0.09 = 241, / 99 = 2.434,
        // which floors the response's variance (the baseline's 2.532 is larger).
        let (ua, ub) = (241.0 / 99.0 / 20.0, 200.0 / 79.0 / 80.0);
        let se = f64::sqrt(ua + ub);
        let df = (ua + ub) * (ua + ub) / (ua * ua / 19.0 + ub * ub / 79.0);
        let p = t_two_sided_p(1.5 / se, df);
        assert!(close(c.p_value.expect("p"), p) && p < 0.001, "{p}");
        // 12–24 h is all mornings (2.5): −1.5 points, the same p by symmetry. Of the 48 testable
        // cells (3 windows × 16 regions) the other 46 have p = 1, so both q = 48 · p / 2.
        let d = table.cell("joy", Neck, LagWindow::H12To24).expect("cell");
        assert!(close(d.diff_points.expect("diff"), -1.5) && close(d.p_value.expect("p"), p));
        assert_eq!(table.n_tested, 48);
        assert!(close(c.q_value.expect("q"), 24.0 * p) && close(d.q_value.expect("q"), 24.0 * p));
        // A false link in both directions: joy seems to tense the neck in the evening and relax it
        // the next morning.
        assert_eq!((c.verdict, d.verdict), (Verdict::Higher, Verdict::Lower));
        // 24–48 h holds one evening and one morning per event: no difference even plainly.
        let e = table.cell("joy", Neck, LagWindow::H24To48).expect("cell");
        assert!(close(e.diff_points.expect("diff"), 0.0));

        // Matched: each check-in against its own part of the day. 6–12 h: evenings 5.5 against the
        // evening baseline 5.5; 12–24 h: mornings 2.5 against 2.5; 24–48 h: half and half, so the
        // weighted baseline is (20 · 5.5 + 20 · 2.5) / 40 = 4.
        let table = lag_analysis(&entries, &LagParams::default());
        assert_eq!(table.emotions[0].baseline_by_part, [0, 40, 0, 40]);
        assert_eq!(table.emotions[0].skipped, [0; 4]);
        for (w, baseline) in [(LagWindow::H6To12, 5.5), (LagWindow::H12To24, 2.5), (LagWindow::H24To48, 4.0)] {
            let c = table.cell("joy", Neck, w).expect("cell");
            assert_eq!((c.n_events, c.n_baseline), (20, 80), "{w:?}");
            assert!(close(c.baseline.expect("baseline"), baseline), "{w:?}: {c:?}");
            assert!(close(c.response.expect("response"), baseline), "{w:?}: {c:?}");
            assert_eq!(c.diff_points, Some(0.0), "{w:?}");
            // Residuals ±0.5 on both sides: t = 0, p = 1, an interval symmetric around 0.
            assert!(close(c.p_value.expect("p"), 1.0), "{w:?}");
            assert!(close(c.ci95_low.expect("low"), -c.ci95_high.expect("high")), "{w:?}");
            assert_eq!(c.verdict, Verdict::NoClearLink, "{w:?}");
        }
        assert!(table.cells.iter().all(|c| c.verdict == Verdict::NoClearLink));
    }

    #[test]
    fn a_true_lagged_effect_survives_matching() {
        // The evening after each joy event is 3 points higher (8 or 9 instead of 5 or 6).
        let entries = rhythm_journal(3);
        let plain_table = lag_analysis(&entries, &plain());
        let c = plain_table.cell("joy", Neck, LagWindow::H6To12).expect("cell");
        // Plainly it looks bigger than it is: 8.5 against the whole-day 4.
        assert!(close(c.diff_points.expect("diff"), 4.5));

        let table = lag_analysis(&entries, &LagParams::default());
        let c = table.cell("joy", Neck, LagWindow::H6To12).expect("cell");
        assert!(close(c.response.expect("response"), 8.5) && close(c.baseline.expect("baseline"), 5.5));
        assert!(close(c.diff_points.expect("diff"), 3.0));
        assert!(close(c.diff_percent.expect("percent"), 3.0 / 5.5 * 100.0));
        // Residuals: window ten 2.5s and ten 3.5s (squares 62.5 + 122.5 = 185); baseline eighty
        // ±0.5 around two part means (squares 20). All 100 around their mean 60 / 100 = 0.6:
        // 185 + 20 − 100 · 0.36 = 169, over 100 − 2 degrees of freedom: 169 / 98, the floor of
        // both (the window's own 5 / 19 and the baseline's 20 / 78 are smaller).
        let v = 169.0 / 98.0;
        let (ua, ub) = (v / 20.0, v / 80.0);
        let se = f64::sqrt(ua + ub);
        let df = (ua + ub) * (ua + ub) / (ua * ua / 19.0 + ub * ub / 79.0);
        let half = t_quantile(0.975, df) * se;
        assert!(close(c.ci95_low.expect("low"), 3.0 - half) && close(c.ci95_high.expect("high"), 3.0 + half));
        assert!(close(c.p_value.expect("p"), t_two_sided_p(3.0 / se, df)));
        assert_eq!(c.verdict, Verdict::Higher);
        // The next morning is untouched: no link there.
        let d = table.cell("joy", Neck, LagWindow::H12To24).expect("cell");
        assert_eq!((d.diff_points, d.verdict), (Some(0.0), Verdict::NoClearLink));

        // The effect-size floor: a difference of 3 points is a link under a floor of 2.9, not
        // under one of 3.5, however small its p-value.
        for (floor, verdict) in [(0.0, Verdict::Higher), (2.9, Verdict::Higher), (3.5, Verdict::NoClearLink)] {
            let p = LagParams { min_effect_points: floor, ..LagParams::default() };
            let c = lag_analysis(&entries, &p).cell("joy", Neck, LagWindow::H6To12).cloned().expect("cell");
            assert!(c.q_value.is_some_and(|q| q < 1e-6), "{c:?}");
            assert_eq!(c.verdict, verdict, "floor {floor}");
        }
    }

    #[test]
    fn params_saved_without_the_newer_fields_read_back_with_defaults() {
        let json =
            r#"{"min_intensity":6,"fdr_q":0.05,"range":{"from":null,"to":null},"min_events":5,"min_checkins":10}"#;
        let p: LagParams = serde_json::from_str(json).expect("old settings");
        assert!(p.match_time_of_day);
        assert_eq!((p.min_effect_points, p.fdr_q, p.min_intensity.get()), (DEFAULT_MIN_EFFECT_POINTS, 0.05, 6));
    }
}
